"""One Chromium for a run of browser tests in a test worker, instead of one per test.

Starting Playwright's driver and Chromium costs about a second and a core; a worker runs some forty
browser tests. Each test still gets its own browser contexts (cookies, storage, viewport), and the
`browser` fixture closes whatever contexts a test left open, so no test sees another's state.

Playwright's sync API keeps an event loop running in the test's thread for as long as it lives, and
Django refuses ORM calls from such a thread unless told it is safe: the tests are synchronous, so
while Chromium runs, DJANGO_ALLOW_ASYNC_UNSAFE says so (the database's teardown after the test
included). asgiref's `async_to_sync` refuses to run beside the loop at all. So the shared Chromium is stopped as soon
as the next test of the worker is not a browser test (tests/conftest.py, `pytest_runtest_teardown`),
and started again by the next browser test: the tests that follow never see the loop.

Axe (axe-playwright-python) sends its 570 kB script through Playwright into the page at every look,
some 50 ms each. Here every context the tests open carries that script from the start of each page,
inside a function that nothing calls (`window.__tmAxe`; Chromium keeps it compiled), and `Axe.run`
calls that function where the library would send the script: axe still starts on the page at the
moment of the look, in the top frame only, as before. A page without it (a context opened otherwise,
a script of the test's own choosing) gets the script sent as before."""

import os
from pathlib import Path

from axe_playwright_python.base import AXE_SCRIPT, AxeResults
from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS, Axe
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# TM_SCREENSHOTS=1 keeps a full-page picture of every page the journeys look at, under test-artifacts/
# (to review the layouts by eye); otherwise only of a page found at fault. A picture of a tall page
# costs a tenth of a second to half a second.
SCREENSHOTS = os.environ.get("TM_SCREENSHOTS", "") not in ("", "0")


class _Running:
    playwright = None
    chromium = None


# Axe's script in every page, uncalled until a look (see above).
AXE_IN_EVERY_PAGE = "window.__tmAxe = function () {\n" + AXE_SCRIPT + "\n};"
_START_AXE = "() => typeof window.__tmAxe === 'function' && (window.__tmAxe(), true)"


def _run_axe(self: Axe, page, context=None, options: dict | None = DEFAULT_OPTIONS) -> AxeResults:
    """Axe.run (axe-playwright-python 0.1.8) with axe started from the page's own copy of the script.

    Once in some nine thousand looks (CI, 2026-12-05), axe started that way found no document
    (`null.documentElement`) on a page that had just loaded. Then the look is made again the library's
    own way, on the loaded page: the page is still judged, and a fault in it still fails the test."""
    args = self._format_script_args(context=context, options=options)
    run = f"axe.run({args}).then(results => {{return results;}})"
    if self.axe_script == AXE_SCRIPT and page.evaluate(_START_AXE):
        try:
            return AxeResults(page.evaluate(run))
        except PlaywrightError:
            page.wait_for_load_state()
    page.evaluate(self.axe_script)
    return AxeResults(page.evaluate(run))


Axe.run = _run_axe  # type: ignore[method-assign]


class WithAxe:
    """The worker's Chromium as the tests hold it: the contexts it opens carry axe's script."""

    def __init__(self, chromium) -> None:
        self._chromium = chromium

    def new_context(self, *args, **kwargs):
        context = self._chromium.new_context(*args, **kwargs)
        context.add_init_script(script=AXE_IN_EVERY_PAGE)
        return context

    def __getattr__(self, name: str):
        return getattr(self._chromium, name)


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
