"""Every string the player reads, per language: `t("key", **fmt)`.

Strings live in ``assets/i18n/{lang}.json`` (flat ``key -> text`` with ``{placeholders}``).
Lookup order: the current language, then English, then the key itself, so a missing
translation shows English and a missing key shows something a tester can search for
(each missing key is logged once). No pygame here: the core and the CLI may use it.
"""

from __future__ import annotations

import json
import logging
import math

from game import resources

I18N_DIR = resources.folder("assets") / "i18n"
DEFAULT_LANGUAGE = "en"

log = logging.getLogger(__name__)
_tables: dict[str, dict[str, str]] = {}
_language = DEFAULT_LANGUAGE
_missing_logged: set[tuple[str, str]] = set()
# Terms a string may name as a {placeholder} without the caller passing it, per language:
# words that change with the scenario's era (the loan programme's name: 小额担保贷款 until
# 2015, 创业担保贷款 after the State Council's 2015 employment opinion renamed it).
TERMS: dict[str, dict[str, str]] = {
    "loan_name": {"en": "subsidised loan", "zh": "创业担保贷款"},
    # what the laid-off worked for (a scenario's `firm`): "the {firm} laid you off"
    "firm": {"en": "mill", "zh": "钢厂"},
}
_DEFAULT_TERMS = {k: dict(v) for k, v in TERMS.items()}


def set_term(name: str, by_language: dict[str, str] | None) -> None:
    """Set a term for the run being played (None: back to the default)."""
    TERMS[name] = dict(by_language) if by_language else dict(_DEFAULT_TERMS[name])


def loan_programme_terms(year: int | None) -> dict[str, str]:
    """The loan programme's name in the scenario's era."""
    if year is not None and int(year) < 2015:
        return {"en": "subsidised loan", "zh": "小额担保贷款"}
    return dict(_DEFAULT_TERMS["loan_name"])


def _table(lang: str) -> dict[str, str]:
    if lang not in _tables:
        path = I18N_DIR / f"{lang}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            _tables[lang] = {str(k): str(v) for k, v in data.items()}
        except (OSError, ValueError) as exc:
            log.error("translation file %s unusable: %s", path, exc)
            _tables[lang] = {}
    return _tables[lang]


def available_languages() -> list[str]:
    """Language codes with a translation file, English first."""
    codes = sorted(p.stem for p in I18N_DIR.glob("*.json"))
    return sorted(codes, key=lambda c: (c != DEFAULT_LANGUAGE, c))


def language_name(lang: str) -> str:
    """The language's own name ("English", "中文"), for the settings screen."""
    return _table(lang).get("language.name", lang)


def set_language(lang: str) -> bool:
    """Switch language; unknown codes fall back to English. Returns True if `lang` was used."""
    global _language
    if lang in available_languages():
        _language = lang
        return True
    _language = DEFAULT_LANGUAGE
    return False


def get_language() -> str:
    return _language


def has_key(key: str, lang: str | None = None) -> bool:
    return key in _table(lang or _language)


def key_of(text: str, prefix: str) -> str | None:
    """The key under `prefix` whose text is `text` in any language (None if there is none):
    words a save made by an older version kept, turned back into a key to show them now."""
    for lang in available_languages():
        for key, value in _table(lang).items():
            if value == text and key.startswith(prefix):
                return key
    return None


def _lookup(key: str) -> str | None:
    text = _table(_language).get(key)
    if text is None and _language != DEFAULT_LANGUAGE:
        text = _table(DEFAULT_LANGUAGE).get(key)
    return text


def t(key: str, **fmt: object) -> str:
    """The text for `key` in the current language, with `{name}` placeholders filled."""
    text = _lookup(key)
    if text is None:
        if (_language, key) not in _missing_logged:
            _missing_logged.add((_language, key))
            log.warning("missing translation key %r (language %s)", key, _language)
        return key
    if "{" in text:
        terms = {k: v.get(_language) or v.get("en", k) for k, v in TERMS.items() if k not in fmt}
        if terms and any("{" + k + "}" in text for k in terms):
            fmt = {**terms, **fmt}
    if not fmt:
        return text
    try:
        return text.format(**fmt)
    except (KeyError, IndexError, ValueError) as exc:
        log.warning("bad placeholders in %r: %s", key, exc)
        return text


def plural(base_key: str, n: int | float, **fmt: object) -> str:
    """`base_key.one` for n == 1, else `base_key.other` (languages without a singular use .other).

    These are CLDR's plural categories, and n == 1 is CLDR's rule for English ("one") and
    Chinese (no "one": .other); a language with more forms (Russian, Arabic) would take its
    rule from babel's plural data here instead."""
    suffix = ".one" if n == 1 else ".other"
    key = base_key + suffix
    if suffix == ".one" and not has_key(key) and has_key(base_key + ".other"):
        key = base_key + ".other"
    return t(key, n=grouped(n), **fmt)


def grouped(x: int | float, decimals: int = 0) -> str:
    """Thousands separators: 12400 -> "12,400"."""
    if isinstance(x, float) and not math.isfinite(x):
        return "-"
    return f"{x:,.{decimals}f}"


def listing(items) -> str:
    """Short items one after another: "a; b" in English, "a；b" in Chinese."""
    return ("；" if _language.startswith("zh") else "; ").join(str(x) for x in items if x)


def then(*sentences: str) -> str:
    """Sentences one after another: a space between them in English, none in Chinese."""
    gap = "" if _language.startswith("zh") else " "
    return gap.join(x for x in sentences if x)


def yuan(x: int | float, decimals: int | None = None) -> str:
    """Money: 12400 -> "¥12,400", 8.5 -> "¥8.50", -1200 -> "-¥1,200".

    Whole yuan from 100 up (or when `x` is whole); cents below, where prices of a bowl live.
    """
    if isinstance(x, float) and not math.isfinite(x):
        return "¥-"
    if decimals is None:
        decimals = 0 if abs(x) >= 100 or float(x).is_integer() else 2
    sign = "-" if round(x, decimals) < 0 else ""
    return f"{sign}¥{abs(x):,.{decimals}f}"


def debt_parts(informal: float, loan: float) -> str:
    """A debt broken down, each part in whole yuan, a part that would show ¥0 left out:
    "¥1,200 family, ¥3,000 bank", "¥3,000 bank" (not "¥0 family, ¥3,000 bank"); "" when
    nothing is owed."""
    family, bank = round(informal), round(loan)
    parts = {
        "family": t("debt.family", amount=yuan(family)) if family else "",
        "bank": t("debt.bank", amount=yuan(bank)) if bank else "",
    }
    if family and bank:
        return t("debt.both", **parts)
    return parts["family"] or parts["bank"]


def yuan_per(x: int | float, unit_key: str) -> str:
    """A price per unit: yuan_per(8.5, "unit.bowl") -> "¥8.50 / bowl"."""
    return t("format.per_unit", amount=yuan(x), unit=t(unit_key))


def months(n: int) -> str:
    """A duration: 1 -> "1 month", 3 -> "3 months"."""
    return plural("unit.months", n)


def percent(share: float, decimals: int = 0) -> str:
    """A share as a percentage: 0.315 -> "32%" (31.5% with decimals=1)."""
    return t("format.percent", value=f"{share * 100:.{decimals}f}")


def failure(exc: BaseException, own_words: bool = False) -> str:
    """Why something could not be done, in words a player can read: the system's reason for a
    file error ("Permission denied", in the system's words) without the file's name, which an
    OSError's own text carries; an error written for the player (`own_words`: the game's own
    message) as it is; anything else says only that the details are in the log."""
    if isinstance(exc, OSError):
        return exc.strerror or t("error.see_log")
    return str(exc) if own_words else t("error.see_log")
