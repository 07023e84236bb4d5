import pytest

from tests.api.conftest import ApiClient


@pytest.fixture
def api_as(cast):
    """api_as("coordinator") → an ApiClient with a bearer token of that member of the cast."""

    def _as(name: str, language: str = "nl") -> ApiClient:
        return ApiClient(getattr(cast, name), language)

    return _as
