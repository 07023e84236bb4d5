import pytest

from tests.accounts.conftest import no_code_throttle  # noqa: F401  (a fixture)

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def mailed(settings, mailoutbox, django_capture_on_commit_callbacks):
    """Notifications delivered at once after commit, into the test outbox; call it around a request."""
    settings.TASKS = IMMEDIATE
    settings.TM_SITE_URL = "https://tweedemening.example"
    return lambda: django_capture_on_commit_callbacks(execute=True)
