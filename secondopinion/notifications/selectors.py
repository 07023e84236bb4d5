"""The reads of a user's notification list: only their own entries, and only about cases they still
hold a role in (a revoked representation or a staff member who left takes the entries out of view)."""

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import QuerySet

from secondopinion.access.policy import visible_cases_filter
from secondopinion.audit.listing import log_list_read
from secondopinion.notifications.models import Alert

if TYPE_CHECKING:
    from secondopinion.accounts.models import User


def _visible_cases(user: "User") -> QuerySet:
    # The case model by name: notifications sits below cases, which calls it when a status changes.
    return apps.get_model("cases", "SecondOpinionCase").objects.filter(visible_cases_filter(user))


def alerts_of(user: "User") -> QuerySet[Alert]:
    """The user's own entries, newest first, with their case."""
    return (
        Alert.objects.filter(recipient_id=user.pk, case__in=_visible_cases(user).values("pk"))
        .select_related("case")
        .order_by("-created_at", "-id")
    )


def unread_count(user: "User") -> int:
    """How many of the user's entries are unread: one COUNT query."""
    if not user.is_authenticated:
        return 0
    return alerts_of(user).filter(read_at__isnull=True).order_by().count()


def alert_list(*, user: "User", source: str) -> QuerySet[Alert]:
    """The notification list. It names cases by reference, so reading it is one search event of the
    access log (NEN 7513), on the basis of the user's most specific role in the cases it names."""
    alerts = alerts_of(user)
    cases = _visible_cases(user).filter(pk__in=Alert.objects.filter(recipient_id=user.pk).values("case_id"))
    log_list_read(user=user, cases=cases, data="notification-list", source=source)
    return alerts
