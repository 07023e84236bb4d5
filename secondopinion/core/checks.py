"""System checks of the deployment (`manage.py check --deploy`)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_from_the_environment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A deployment signs sessions and CSRF tokens with DJANGO_SECRET_KEY, never with the key
    generated under var/ for development (config/settings.py)."""
    if getattr(settings, "TM_SECRET_KEY_GENERATED", False):
        return [
            Error(
                "DJANGO_SECRET_KEY is not set: the secret key is the one generated under var/ for "
                "development.",
                hint="Set DJANGO_SECRET_KEY to a long random value of this deployment's own.",
                id="tm.E001",
            )
        ]
    return []
