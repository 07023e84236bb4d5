"""The local demo (TM_DEMO=true; `make run` and `make demo` set it): the conveniences of one's own
machine without Django's debug pages (config/settings.py). It answers only to this machine's host
names, so a deployment that inherits TM_DEMO by accident refuses to start instead of serving on a
generated key over plain http."""

import ipaddress

from django.core.exceptions import ImproperlyConfigured


def is_local_host(host: str) -> bool:
    """localhost (and its subdomains), testserver, or a loopback address (127.0.0.0/8, ::1)."""
    name = host.strip().lower().rstrip(".")
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name in {"localhost", "testserver"} or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def demo_hosts(allowed_hosts: list[str]) -> list[str]:
    """ALLOWED_HOSTS as they are, if the demo may serve them: this machine's names only."""
    foreign = [host for host in allowed_hosts if not is_local_host(host)]
    if foreign:
        raise ImproperlyConfigured(
            f"TM_DEMO=true is the local demo (a generated secret key, plain http, the documented demo "
            f"authenticator seed) and serves this machine only, not {', '.join(foreign)} "
            "(DJANGO_ALLOWED_HOSTS). Unset TM_DEMO for a deployment: `make serve` with DJANGO_SECRET_KEY "
            "and DJANGO_ALLOWED_HOSTS."
        )
    return allowed_hosts
