"""One Chromium for a run of browser tests in a test worker, instead of one per test.

Starting Playwright's driver and Chromium costs about a second and a core; a worker runs some forty
browser tests. Each test still gets its own browser contexts (cookies, storage, viewport), and the
`browser` fixture closes whatever contexts a test left open, so no test sees another's state.

Playwright's sync API keeps an event loop running in the test's thread for as long as it lives, and
Django refuses ORM calls from such a thread unless told it is safe: the tests are synchronous, so
while Chromium runs, DJANGO_ALLOW_ASYNC_UNSAFE says so (the database's teardown after the test
included). asgiref's `async_to_sync` refuses to run beside the loop at all. So the shared Chromium is stopped as soon
as the next test of the worker is not a browser test (tests/conftest.py, `pytest_runtest_teardown`),
and started again by the next browser test: the tests that follow never see the loop."""

import os
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# TM_SCREENSHOTS=1 keeps a full-page picture of every page the journeys look at, under test-artifacts/
# (to review the layouts by eye); otherwise only of a page found at fault. A picture of a tall page
# costs a tenth of a second to half a second.
SCREENSHOTS = os.environ.get("TM_SCREENSHOTS", "") not in ("", "0")


class _Running:
    playwright = None
    chromium = None


def shared_chromium():
    """The worker's running Chromium, started if there is none (or the last one went away)."""
    if _Running.chromium is not None and _Running.chromium.is_connected():
        return _Running.chromium
    stop_shared_chromium()
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    _Running.playwright = sync_playwright().start()
    _Running.chromium = _Running.playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    return _Running.chromium


def close_contexts() -> None:
    """Close the contexts a test opened (and may have left open when it failed)."""
    if _Running.chromium is not None and _Running.chromium.is_connected():
        for context in list(_Running.chromium.contexts):
            context.close()


def stop_shared_chromium() -> None:
    chromium, playwright = _Running.chromium, _Running.playwright
    _Running.chromium = _Running.playwright = None
    try:
        if chromium is not None and chromium.is_connected():
            chromium.close()
    finally:
        if playwright is not None:
            playwright.stop()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def picture(page, path: Path, *, at_fault: bool = False) -> None:
    """A full-page JPEG of `page` at `path` (its suffix made .jpeg), if pictures are wanted or the page
    is at fault."""
    if SCREENSHOTS or at_fault:
        page.screenshot(path=path.with_suffix(".jpeg"), full_page=True, type="jpeg", quality=70)
