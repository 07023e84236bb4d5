"""The local demo (`make run`: TM_DEMO=true, DJANGO_DEBUG unset) serves the product's own pages: a
missing page is the product's 404, never Django's list of URL patterns, and a crash is the product's
500, never a traceback with the settings; runserver serves no static files with DEBUG off, so WhiteNoise
serves them from the apps' folders. Each in a process of its own, as `make run` starts it."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def _demo_env(tmp_path: Path, **environment: str) -> dict[str, str]:
    """What `make run` gives runserver: TM_DEMO=true and nothing of ours (DJANGO_, TM_, DATABASE_URL)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TM_", "DATABASE_URL"))}
    return {**base, "TM_DEMO": "true", "TM_VAR_DIR": str(tmp_path), **environment}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_demo_server_answers_with_the_products_pages_and_serves_static_files(tmp_path):
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=_demo_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                live = requests.get(f"{base}/health/live", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            raise AssertionError("the demo server did not start")
        english = {"Accept-Language": "en"}
        css = requests.get(f"{base}/static/web/site.css", timeout=5)
        missing = requests.get(f"{base}/nonexistent", headers=english, timeout=5)
        login = requests.get(f"{base}/login/", headers=english, timeout=5, allow_redirects=False)
    finally:
        server.terminate()
        log = server.communicate(timeout=10)[0]

    assert live.status_code == 200
    assert css.status_code == 200, log
    assert css.headers["Content-Type"].startswith("text/css")
    assert "body" in css.text
    assert missing.status_code == 404
    assert "This page does not exist, or you have no access to it." in missing.text
    assert "/static/web/site.css" in missing.text  # the product's page, in its style
    assert "URLconf" not in missing.text
    assert "api/v1/" not in missing.text  # no list of the product's URL patterns
    # Plain http on this machine: no redirect to https, no Secure cookies, no HSTS.
    assert login.status_code == 200
    assert "Secure" not in login.headers.get("Set-Cookie", "")
    assert "Strict-Transport-Security" not in login.headers
    assert "TM_DEMO is on" in log  # the serving process names the demo in its log


PAGES = """
import types
from django.test import Client, override_settings
from django.urls import path
import config.urls as product

def crash(request):
    raise RuntimeError("a crash in the demo")

urls = types.ModuleType("crashing_urls")
urls.urlpatterns = [path("crash/", crash), *product.urlpatterns]
urls.handler400 = product.handler400
client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
with override_settings(ROOT_URLCONF=urls):
    for url in ("/nonexistent", "/crash/"):
        answer = client.get(url)
        print(answer.status_code)
        print(answer.content.decode())
        print("=" * 20)
"""


def _pages(tmp_path: Path, **environment: str) -> list[str]:
    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PAGES],
        cwd=ROOT,
        env=_demo_env(tmp_path, **environment),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split("=" * 20)[:2]


def test_a_missing_page_and_a_crash_in_the_demo_show_the_products_pages(tmp_path):
    missing, crash = _pages(tmp_path)

    assert missing.split()[0] == "404"
    assert "This page does not exist, or you have no access to it." in missing
    assert "URLconf" not in missing
    assert crash.split()[0] == "500"
    assert "Something went wrong" in crash
    for secret in ("Traceback", "RuntimeError", "a crash in the demo", "SECRET_KEY", "settings"):
        assert secret not in crash


def test_with_django_debug_the_same_requests_get_djangos_technical_pages(tmp_path):
    """The control: what `make run` showed before, and shows again with DJANGO_DEBUG=true."""
    missing, crash = _pages(tmp_path, DJANGO_DEBUG="true")

    assert "URLconf" in missing
    assert "Traceback" in crash
    assert "a crash in the demo" in crash
