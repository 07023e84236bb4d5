"""Browser tests drive Debian's Chromium through Playwright against pytest-django's live server.

On a developer's machine without Chromium they skip, saying why. CI sets TM_REQUIRE_BROWSER=1, and then
a missing Chromium fails the run instead, so a green CI always means the browser journeys ran."""

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from tests.browser.chromium import CHROMIUM, WithAxe, close_contexts, shared_chromium

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

MISSING = "Debian's Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)"
REQUIRED = os.environ.get("TM_REQUIRE_BROWSER", "") not in ("", "0")

skip_without_chromium = pytest.mark.skipif(not CHROMIUM.exists() and not REQUIRED, reason=MISSING)


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On SQLite the tests' database lives in memory and every server thread shares the test's one
    connection; two requests at once (a page's two image previews, say) then collide on it
    ("cannot open savepoint - SQL statements in progress"). Connections are still accepted in
    threads, so a browser's idle keep-alive connection blocks nobody; the answers are made one by one,
    each read to its end inside the lock."""

    def set_app(self, application):
        lock = threading.Lock()

        def serialised(environ, start_response):
            with lock:
                response = application(environ, start_response)
                try:
                    return list(response)
                finally:
                    if hasattr(response, "close"):
                        response.close()

        super().set_app(serialised)


LiveServerThread.server_class = OneRequestAtATime


@pytest.fixture
def browser() -> Iterator:
    """The worker's Chromium (tests/browser/chromium.py), with the contexts the test opened closed after it;
    they carry axe's script (chromium.py: WithAxe)."""
    if not CHROMIUM.exists():
        pytest.fail(f"TM_REQUIRE_BROWSER is set: {MISSING}")
    yield WithAxe(shared_chromium())
    close_contexts()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
