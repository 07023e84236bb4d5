"""`manage.py check --deploy` refuses the local demo (TM_DEMO=true, config/settings.py)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def the_demo_is_off(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if getattr(settings, "TM_DEMO", False):
        return [
            Error(
                "TM_DEMO is on: the local demo's defaults apply (plain http, no HSTS, e-mail printed, "
                "the documented demo authenticator seed, a secret key generated under var/).",
                hint="Unset TM_DEMO in a deployment.",
                id="tm.E002",
            )
        ]
    return []
