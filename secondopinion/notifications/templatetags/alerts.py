"""The menu's notification entry and its unread count."""

from typing import Any

from django import template

from secondopinion.notifications.selectors import unread_count

register = template.Library()

# The pages that show the count: every home page and worklist (web:home is each role's), the lists of
# complaints and reports, and the notification pages. Elsewhere the menu offers the list without a
# number, so a page that shows no list pays no query for it.
COUNTED_PAGES = frozenset(
    {
        "web:home",
        "web:report-inbox",
        "aftercare:complaints",
        "notifications:list",
        "notifications:preferences",
    }
)


@register.simple_tag(takes_context=True)
def unread_alerts(context: dict[str, Any]) -> int | None:
    """The number of the user's unread notifications on a page in COUNTED_PAGES (one COUNT query),
    else None."""
    request = context.get("request")
    user = context.get("user")
    match = getattr(request, "resolver_match", None)
    if user is None or not user.is_authenticated or match is None or match.view_name not in COUNTED_PAGES:
        return None
    return unread_count(user)
