"""REST-hook Subscriptions (FHIR R4) to Tasks: an integrator posts a Subscription with criteria
`Task?owner=Organization/<id>&status=…` and an https endpoint; `notify_fhir_subscriptions` (cron,
beside the worker) posts a history Bundle of the Tasks that changed since the last notification, as
the owner's own Task search finds them (scoped to the cases the owner holds a role in, and logged as
that search is). Polling `_lastUpdated` stays the simple way to follow a Task."""

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import requests
from django.db.models import CharField
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.subscription import Subscription as FhirSubscription

from secondopinion.accounts.models import User
from secondopinion.core.text import Text
from secondopinion.fhir.kinds import Kind, int_id, not_found
from secondopinion.fhir.models import Subscription
from secondopinion.fhir.outcomes import FHIR_JSON, FhirError
from secondopinion.fhir.resources.requests import task_search
from secondopinion.fhir.search import MAX_COUNT, Page, Query, paged

CRITERIA = ("owner", "status", "business-status", "patient")
SEND_TIMEOUT = 10


# How many characters the Subscription row keeps of each text (fhir/models.py).
KEPT: dict[str, int] = {
    name: cast(CharField, Subscription._meta.get_field(name)).max_length or 0
    for name in ("criteria", "endpoint", "header", "reason")
}


def _invalid(nl: str, en: str, expression: str) -> FhirError:
    return FhirError(422, Text(nl, en), expression=expression)


def _criteria(raw: str) -> dict[str, list[str]]:
    kind, _, query = raw.partition("?")
    if kind != "Task":
        raise _invalid(
            "Een abonnement volgt Tasks: criteria begint met Task?.",
            "A subscription follows Tasks: criteria starts with Task?.",
            "Subscription.criteria",
        )
    params = parse_qs(query)
    unknown = sorted(set(params) - set(CRITERIA))
    if unknown:
        raise _invalid(
            f"Onbekende parameter {unknown[0]} in criteria; wel: {', '.join(CRITERIA)}.",
            f"Unknown parameter {unknown[0]} in criteria; supported: {', '.join(CRITERIA)}.",
            "Subscription.criteria",
        )
    return params


def _internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An address of this machine or network, or none a public system has (an IPv4 address written
    as IPv6 is judged as the IPv4 address)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        or not address.is_global
    )


def _endpoint(url: str) -> str:
    """An https address of another host: never this network's own (localhost, private addresses).
    A name is checked again for where it leads each time something is sent (_leads_to_public)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        internal = _internal(ipaddress.ip_address(host))
    except ValueError:
        internal = host in ("", "localhost") or host.endswith((".localhost", ".local", ".internal"))
    if parts.scheme != "https" or internal:
        raise _invalid(
            "Het endpoint is een https-adres op een ander, publiek bereikbaar systeem.",
            "The endpoint is an https address on another, publicly reachable system.",
            "Subscription.channel.endpoint",
        )
    return url


def subscription_resource(row: Subscription) -> FhirSubscription:
    return FhirSubscription.model_validate(
        {
            "id": str(row.pk),
            "status": {"active": "active", "error": "error", "off": "off"}[row.status],
            "criteria": row.criteria,
            "reason": row.reason,
            "error": row.error or None,
            "channel": {
                "type": "rest-hook",
                "endpoint": row.endpoint,
                "payload": FHIR_JSON,
                "header": [row.header] if row.header else None,
            },
        }
    )


def subscription_create(*, actor: User, body: Any) -> FhirSubscription:
    """Keep a Subscription of the actor's (422 naming the element for what is not served)."""
    resource = FhirSubscription.model_validate(body)
    channel = resource.channel
    if channel.type != "rest-hook" or (channel.payload or FHIR_JSON) != FHIR_JSON:
        raise _invalid(
            "Alleen rest-hook met application/fhir+json wordt ondersteund.",
            "Only rest-hook with application/fhir+json is supported.",
            "Subscription.channel",
        )
    criteria = resource.criteria or ""
    _criteria(criteria)
    headers = [str(h) for h in channel.header or []]
    if len(headers) > 1 or any(":" not in h for h in headers):
        raise _invalid(
            "Geef hooguit één header, als 'Naam: waarde'.",
            "Give at most one header, as 'Name: value'.",
            "Subscription.channel.header",
        )
    endpoint, header, reason = (
        str(channel.endpoint or ""),
        headers[0] if headers else "",
        resource.reason or "",
    )
    for field, text, expression in (
        ("criteria", criteria, "Subscription.criteria"),
        ("endpoint", endpoint, "Subscription.channel.endpoint"),
        ("header", header, "Subscription.channel.header"),
        ("reason", reason, "Subscription.reason"),
    ):
        limit = KEPT[field]
        if len(text) > limit:
            # More than the row keeps (PostgreSQL refused a longer one: a 500).
            raise _invalid(
                f"{expression} is hoogstens {limit} tekens.",
                f"{expression} is at most {limit} characters.",
                expression,
            )
    row = Subscription.objects.create(
        owner=actor,
        criteria=criteria,
        endpoint=_endpoint(endpoint),
        header=header,
        reason=reason,
        watermark=timezone.now(),
    )
    return subscription_resource(row)


def subscription_stop(*, actor: User, raw_id: str) -> None:
    """DELETE: the actor's own Subscription stops (status off); anyone else's does not exist."""
    if not Subscription.objects.filter(pk=int_id(raw_id), owner=actor).update(status=Subscription.Status.OFF):
        raise not_found()


def subscription_read(user: User, raw_id: str) -> FhirSubscription:
    row = Subscription.objects.filter(pk=int_id(raw_id), owner=user).first()
    if row is None:
        raise not_found()
    return subscription_resource(row)


def subscription_search(user: User, query: Query) -> Page:
    found, total = paged(Subscription.objects.filter(owner=user).order_by("pk"), query)
    return Page([subscription_resource(row) for row in found], total)


def _changes(row: Subscription) -> list[Any]:
    """The owner's Tasks matching the criteria that changed after the watermark, page by page."""
    params = {**_criteria(row.criteria), "_lastUpdated": [f"gt{row.watermark.isoformat()}"]}
    tasks: list[Any] = []
    while True:
        page = task_search(row.owner, Query(params=params, count=MAX_COUNT, offset=len(tasks)))
        tasks += page.resources
        if not page.resources or len(tasks) >= page.total:
            return tasks


def _addresses(host: str) -> Iterable[str]:
    """The addresses a host name leads to now (DNS), as text."""
    return [str(info[4][0]) for info in socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)]


def _leads_to_public(url: str, resolve: Callable[[str], Iterable[str]]) -> bool:
    """Whether every address the endpoint's host leads to now is a public one: a name that was public
    when the Subscription was made may since lead into this network (DNS rebinding), and no Bundle
    of patient data goes there. A name that does not resolve is not public either."""
    host = urlsplit(url).hostname or ""
    try:
        found = {ipaddress.ip_address(text.split("%", 1)[0]) for text in resolve(host)}
    except (OSError, ValueError):
        return False
    return bool(found) and not any(_internal(address) for address in found)


def subscriptions_notify(
    *,
    send: Callable[..., Any] = requests.post,
    resolve: Callable[[str], Iterable[str]] | None = None,
) -> int:
    """Post each active Subscription's changed Tasks as a history Bundle; returns how many were posted.
    A refused or failed post puts the Subscription in error (said in its `error`), and nothing is lost:
    the watermark moves only after a post the endpoint accepted. An endpoint whose name no longer
    leads to public addresses only (`resolve`, DNS by default) is not posted to."""
    resolve = resolve or _addresses
    posted = 0
    for row in Subscription.objects.filter(status=Subscription.Status.ACTIVE).select_related("owner"):
        tasks = _changes(row)
        if not tasks:
            continue
        bundle = Bundle.model_validate(
            {
                "type": "history",
                "entry": [
                    {
                        "fullUrl": f"Task/{t.id}",
                        "resource": t,
                        "request": {"method": "PUT", "url": f"Task/{t.id}"},
                    }
                    for t in tasks
                ],
            }
        )
        if not _leads_to_public(row.endpoint, resolve):
            Subscription.objects.filter(pk=row.pk).update(
                status=Subscription.Status.ERROR,
                error="the endpoint's name does not lead to public addresses only",
            )
            continue
        name, _, value = row.header.partition(":")
        headers = {"Content-Type": FHIR_JSON, **({name.strip(): value.strip()} if row.header else {})}
        try:
            answer = send(
                row.endpoint,
                data=bundle.model_dump_json(exclude_none=True),
                headers=headers,
                # A redirect could lead to an address the endpoint check would have refused.
                allow_redirects=False,
                timeout=SEND_TIMEOUT,
            )
            failure = "" if 200 <= answer.status_code < 300 else f"the endpoint answered {answer.status_code}"
        except requests.RequestException as error:
            failure = f"the endpoint could not be reached ({type(error).__name__})"
        if failure:
            Subscription.objects.filter(pk=row.pk).update(status=Subscription.Status.ERROR, error=failure)
            continue
        latest = max(t.meta.lastUpdated for t in tasks)
        Subscription.objects.filter(pk=row.pk).update(watermark=max(latest, row.watermark))
        posted += len(tasks)
    return posted


KINDS = (
    Kind(
        "Subscription",
        "cases:read",
        subscription_read,
        subscription_search,
        {},
        documentation="rest-hook to Tasks (criteria Task?owner=&status=); POST to create, DELETE to stop",
        create=subscription_create,
        delete=subscription_stop,
    ),
)
