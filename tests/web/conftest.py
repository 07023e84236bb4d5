"""Helpers for the web tests: the shared cast lives in tests/conftest.py."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase


def html(response) -> str:
    return response.content.decode()


def case_url(case: SecondOpinionCase) -> str:
    return reverse("web:case", args=[case.pk])


def step_url(case: SecondOpinionCase, step: str) -> str:
    return reverse(f"web:step-{step}", args=[case.pk])


def status_of(case: SecondOpinionCase) -> str:
    case.refresh_from_db()
    return case.status


@pytest.fixture
def login(client: Client):
    """Log the test client in as one of the cast: `login(cast.coordinator)`."""

    def _login(user: User) -> Client:
        client.force_login(user)
        return client

    return _login
