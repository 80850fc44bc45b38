"""The host's plain HTTP side: the page, its script and style, the strings, the room's facts.

`Pages.respond` is the websocket server's `process_request`: a GET for a known path gets its
file or JSON; a websocket upgrade (to `/ws`) goes on to the handshake; anything else is a 404.
The files are small and static (no build step, no CDN): `web/` beside this module. The join
code and the QR code are never served here: the projector gets them over the websocket
after showing the code or the facilitator's token.
"""

from __future__ import annotations

import functools
import json
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from game import i18n
from game.room.protocol import LANGUAGES, PROTOCOL_VERSION

if TYPE_CHECKING:
    from websockets.asyncio.server import ServerConnection

WEB_DIR = Path(__file__).resolve().parent / "web"
FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/dashboard": ("dashboard.html", "text/html; charset=utf-8"),
    "/room.js": ("room.js", "text/javascript; charset=utf-8"),
    "/seat.js": ("seat.js", "text/javascript; charset=utf-8"),
    "/dashboard.js": ("dashboard.js", "text/javascript; charset=utf-8"),
    "/room.css": ("room.css", "text/css; charset=utf-8"),
}
# Keys of the game's own strings the page shows besides its own `room.*` ones.
PAGE_KEY_PREFIXES = ("room.", "language.name")
PAGE_KEYS_PATHS = ("title", "blurb")
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'",
}


@functools.cache
def read_file(name: str) -> bytes:
    return (WEB_DIR / name).read_bytes()


@functools.cache
def page_strings(lang: str) -> bytes:
    """The strings the page shows, in `lang` (English where a translation is missing)."""
    from game.core.commands import PATHS  # noqa: PLC0415

    en = i18n._table("en")
    keys = [k for k in en if k.startswith(PAGE_KEY_PREFIXES)]
    keys += [f"path.{p}.{part}" for p in PATHS for part in PAGE_KEYS_PATHS]
    keys += [k for k in en if k.startswith("status.") and k.count(".") == 1]
    table = i18n._table(lang)
    out = {}
    for k in keys:
        text = table.get(k, en.get(k, k))
        for term, by_lang in i18n.TERMS.items():  # the mill, the loan's name: as the game says
            text = text.replace("{" + term + "}", by_lang.get(lang, by_lang.get("en", term)))
        out[k] = text
    return json.dumps(out, ensure_ascii=False, sort_keys=True).encode("utf-8")


@functools.lru_cache(maxsize=4)
def qr_data_uri(url: str) -> str:
    """The join URL as a QR code, an SVG data URI the projector shows as an image."""
    import segno  # noqa: PLC0415 - only the projector needs it

    return segno.make(url, error="m").svg_data_uri(scale=6, border=2, dark="#1b1b1b")


def response(status: int, body: bytes, content_type: str) -> Response:
    headers = Headers(SECURITY_HEADERS)
    headers["Content-Type"] = content_type
    headers["Content-Length"] = str(len(body))
    return Response(status, HTTPStatus(status).phrase, headers, body)


def same_origin(request: Request) -> bool:
    """A browser names the page that opens a websocket (Origin): only the room's own page may,
    so a site a student has open elsewhere cannot reach the room through their browser. The
    desktop client and scripts send no Origin and are let through (the seat code guards)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc.lower() == request.headers.get("Host", "").lower()


class Pages:
    def __init__(self, host) -> None:  # noqa: ANN001 - the Host (import cycle)
        self.host = host

    def respond(self, connection: ServerConnection, request: Request) -> Response | None:
        url = urlsplit(request.path)
        if url.path == "/ws":
            if not same_origin(request):
                return response(403, b"the room answers its own page only", "text/plain")
            if "websocket" in request.headers.get("Upgrade", "").lower():
                return None  # the websocket handshake goes on
            return response(426, b"this address is the room's websocket", "text/plain")
        if url.path in FILES:
            name, kind = FILES[url.path]
            return response(200, read_file(name), kind)
        if url.path == "/api/strings":
            lang = parse_qs(url.query).get("lang", ["en"])[0]
            lang = lang if lang in LANGUAGES else "en"
            return response(200, page_strings(lang), "application/json; charset=utf-8")
        if url.path == "/api/room":
            return response(200, json.dumps(self.room_facts()).encode(), "application/json")
        return response(404, b"not found", "text/plain; charset=utf-8")

    def room_facts(self) -> dict:
        """What anyone on the network may know of the room: no code, no names, no numbers."""
        game = self.host.game
        return {
            "protocol": PROTOCOL_VERSION,
            "game": "Iron Rice Bowl",
            "languages": list(LANGUAGES),
            "seats": game.seat_count,
            "free_seats": len(self.host.seats.free()),
            "websocket": "/ws",
        }
