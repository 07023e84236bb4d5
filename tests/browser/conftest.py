"""Browser tests drive Debian's Chromium through Playwright against pytest-django's live server.

On a developer's machine without Chromium they skip, saying why. CI sets TM_REQUIRE_BROWSER=1, and then
a missing Chromium fails the run instead, so a green CI always means the browser journeys ran."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

MISSING = "Debian's Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)"
REQUIRED = os.environ.get("TM_REQUIRE_BROWSER", "") not in ("", "0")

skip_without_chromium = pytest.mark.skipif(not CHROMIUM.exists() and not REQUIRED, reason=MISSING)


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(monkeypatch: pytest.MonkeyPatch) -> None:
    """Playwright's sync API runs an event loop in the test's thread, and Django refuses ORM calls
    from a thread with a running loop unless told it is safe. The test is synchronous, so it is."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"TM_REQUIRE_BROWSER is set: {MISSING}")

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
