"""The browser client in a real headless Chromium (Debian's `chromium` and `chromedriver`):
join, a month, a reconnect, Chinese, the debrief; the projector with its controls.
Skipped where Chromium or selenium is not installed. Screenshots at 360x640 and 1280x720 go
to $IRB_ROOM_SHOTS when it is set (to look at them), else to the test's folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import (  # noqa: E402
    ElementClickInterceptedException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="no chromium/chromedriver")
GUARD = 60  # seconds a page may take to show what it should (a guard, not a measure)


@pytest.fixture
def browser():
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=360,640",
        "--lang=en-US",
    ):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield driver
    driver.quit()


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("IRB_ROOM_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def size(driver, w: int, h: int) -> None:
    driver.set_window_size(w, h)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(w + (w - inner[0]), h + (h - inner[1]))


def wait(driver):  # noqa: ANN201
    """The page redraws a card whenever a view comes: an element found a moment ago may be
    gone, so conditions are read again instead of failing."""
    return WebDriverWait(driver, GUARD, ignored_exceptions=(StaleElementReferenceException,))


def wait_text(driver, text: str) -> None:
    wait(driver).until(EC.text_to_be_present_in_element((By.TAG_NAME, "body"), text))


def click(driver, element_id: str) -> None:
    def clicked(drv) -> bool:  # noqa: ANN001
        el = drv.find_element(By.ID, element_id)
        if not (el.is_displayed() and el.is_enabled()):
            return False
        drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
        try:
            el.click()
        except ElementClickInterceptedException:
            return False
        return True

    wait(driver).until(clicked)


def test_a_student_joins_plays_reconnects_and_reads_the_debrief(room_factory, browser, tmp_path):
    room = room_factory(seats=2, months=2)
    out = shots(tmp_path)
    d = browser
    size(d, 360, 640)
    d.get(f"{room.http}/?code={room.code}")
    WebDriverWait(d, GUARD).until(EC.visibility_of_element_located((By.ID, "name")))
    assert d.find_element(By.ID, "code").get_attribute("value") == room.code
    d.save_screenshot(str(out / "join-360x640.png"))
    d.find_element(By.ID, "name").send_keys("Li <b>Hua</b>")
    d.find_element(By.ID, "strategy").send_keys("Open a stall, never borrow")
    d.find_element(By.CSS_SELECTOR, "#join-form button[type=submit]").click()
    wait_text(d, "Month 1 of 2")
    assert "Li <b>Hua</b>" in d.find_element(By.TAG_NAME, "body").text  # shown as typed
    d.save_screenshot(str(out / "month-360x640.png"))

    click(d, "path-day_labour")
    wait(d).until(
        lambda drv: (
            drv.find_element(By.ID, "path-day_labour").get_attribute("aria-pressed") == "true"
        )
    )
    assert room.game.ws.seat(0).run.status == "day_labour"

    d.refresh()  # a new connection: the page rejoins with the token it kept
    wait_text(d, "Month 1 of 2")
    assert len(room.seats.holders) == 1
    click(d, "end-month")
    wait_text(d, "Month 2 of 2")
    wait_text(d, "Month 1: where the money went")
    size(d, 1280, 720)
    d.save_screenshot(str(out / "month-1280x720.png"))

    click(d, "lang")
    wait_text(d, "第2个月")
    size(d, 360, 640)
    d.save_screenshot(str(out / "month-zh-360x640.png"))
    click(d, "end-month")
    wait_text(d, "结局")
    d.save_screenshot(str(out / "debrief-zh-360x640.png"))
    click(d, "lang")
    wait_text(d, "The end")
    size(d, 1280, 720)
    d.save_screenshot(str(out / "debrief-1280x720.png"))
    assert "Open a stall, never borrow" in d.find_element(By.TAG_NAME, "body").text
    logs = [e for e in d.get_log("browser") if e["level"] == "SEVERE"]
    assert not logs, logs


def test_the_projector_shows_the_code_and_the_facilitator_pauses(room_factory, browser, tmp_path):
    room = room_factory(towns=2, seats=3, months=3)
    out = shots(tmp_path)
    d = browser
    size(d, 1280, 720)
    d.get(f"{room.http}/dashboard#fac={room.facilitator}")
    wait_text(d, room.code)
    qr = d.find_element(By.CSS_SELECTOR, ".qr img")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    d.save_screenshot(str(out / "dashboard-1280x720.png"))
    click(d, "pause")
    WebDriverWait(d, GUARD).until(lambda drv: room.game.ws.paused)
    wait_text(d, "Resume")
    size(d, 360, 640)
    d.save_screenshot(str(out / "dashboard-360x640.png"))
    d.get(f"{room.http}/dashboard")  # no code, no token: it asks for the code
    WebDriverWait(d, GUARD).until(EC.visibility_of_element_located((By.ID, "code")))
    assert room.code not in d.find_element(By.TAG_NAME, "body").text
