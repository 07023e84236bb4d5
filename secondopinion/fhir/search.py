"""Searching: the parameters a search may carry, how their values read (token, reference, date), and
the searchset Bundle with its paging links. An unknown parameter answers 400 naming it, unless the
client asked for `Prefer: handling=lenient` (FHIR R4, 3.1.1.5.6)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import get_current_timezone, is_naive, make_aware
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.resource import Resource

from secondopinion.core.text import Text
from secondopinion.core.textcheck import control_character
from secondopinion.fhir.outcomes import FhirError

DEFAULT_COUNT = 20
MAX_COUNT = 100
MAX_OFFSET = 1_000_000
# Parameters every search takes, whatever the type.
COMMON = ("_count", "_offset", "_format", "_include")
JSON_FORMATS = ("json", "application/json", "application/fhir+json")
DATE_PREFIXES = {"eq": "", "ge": "__gte", "gt": "__gt", "le": "__lte", "lt": "__lt"}


@dataclass
class Query:
    """A search as asked: the type's own parameters (name → values), the page and the includes."""

    params: dict[str, list[str]]
    count: int
    offset: int
    include: list[str] = field(default_factory=list)

    def one(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[-1] if values else None

    def required(self, *names: str) -> str:
        """The value of the first of `names` given; 400 naming the first when none is (a search that
        would otherwise read every case a user may see)."""
        for name in names:
            if value := self.one(name):
                return value
        raise FhirError(
            400,
            Text(
                f"Deze zoekvraag vraagt de parameter {names[0]}.",
                f"This search needs the parameter {names[0]}.",
            ),
            expression=names[0],
        )


@dataclass
class Page:
    """What a search found: this page's resources, how many in all, and the included resources."""

    resources: Sequence[Resource]
    total: int
    included: Sequence[Resource] = field(default_factory=list)


def lenient(request: HttpRequest) -> bool:
    return "handling=lenient" in request.META.get("HTTP_PREFER", "").replace(" ", "")


def digits(raw: str) -> bool:
    """ASCII digits only: `str.isdigit` also takes "²" and "١٢", which `int` refuses or reads otherwise."""
    return raw.isascii() and raw.isdigit()


def _number(name: str, raw: str, default: int, ceiling: int) -> int:
    if raw == "":
        return default
    if not digits(raw):
        raise FhirError(
            400,
            Text(f"{name} is een geheel getal van 0 of meer.", f"{name} is a whole number of 0 or more."),
            expression=name,
        )
    significant = raw.lstrip("0")
    # Longer than the ceiling: the ceiling (int() refuses more than 4,300 digits anyway).
    return ceiling if len(significant) > len(str(ceiling)) else min(int(raw), ceiling)


def parse_query(request: HttpRequest, known: dict[str, str], includes: tuple[str, ...]) -> Query:
    """The search's parameters, checked against the type's `known` ones (name → FHIR search type)."""
    params: dict[str, list[str]] = {}
    include: list[str] = []
    for name in request.GET:
        values = request.GET.getlist(name)
        if name == "_include":
            unknown = [v for v in values if v not in includes]
            if unknown and not lenient(request):
                raise FhirError(
                    400,
                    Text(
                        f"_include={unknown[0]} wordt niet ondersteund.",
                        f"_include={unknown[0]} is not supported.",
                    ),
                    expression="_include",
                )
            include = [v for v in values if v in includes]
        elif name == "_format" and not all(v in JSON_FORMATS for v in values):
            raise FhirError(
                406, Text("Alleen JSON wordt geleverd.", "Only JSON is served."), expression="_format"
            )
        elif name in known:
            if any(control_character(v) is not None for v in values):
                # PostgreSQL compares no NUL: such a search failed in the database (a 500).
                raise FhirError(
                    400,
                    Text(
                        f"{name} bevat stuurtekens (zoals NUL); haal ze weg.",
                        f"{name} contains control characters (such as NUL); remove them.",
                    ),
                    expression=name,
                )
            params[name] = [v for v in values if v != ""]
        elif name not in COMMON and not lenient(request):
            raise FhirError(
                400,
                Text(
                    f"Onbekende zoekparameter {name}; ondersteund: {', '.join(sorted(known))}.",
                    f"Unknown search parameter {name}; supported: {', '.join(sorted(known))}.",
                ),
                expression=name,
            )
    count = _number("_count", request.GET.get("_count", ""), DEFAULT_COUNT, MAX_COUNT)
    offset = _number("_offset", request.GET.get("_offset", ""), 0, MAX_OFFSET)
    return Query(params=params, count=count, offset=offset, include=include)


def token(raw: str) -> tuple[str | None, str]:
    """A token parameter's value: `system|code`, `|code` (no system) or `code` (any system)."""
    if "|" in raw:
        system, _, code = raw.partition("|")
        return system, code
    return None, raw


def reference_id(raw: str, resource_type: str, name: str) -> int:
    """The id a reference parameter names (`Patient/12` or `12`); an id no row can have finds nothing."""
    kind, _, ident = raw.rpartition("/")
    if kind and kind.rsplit("/", 1)[-1] != resource_type:
        raise FhirError(
            400,
            Text(f"{name} verwijst naar een {resource_type}.", f"{name} refers to a {resource_type}."),
            expression=name,
        )
    return int(ident) if digits(ident) and len(ident) < 12 else 0


def _moment(text: str) -> datetime | None:
    """The instant a date parameter names, aware and within what the database stores; None for a text
    that is no date (2026-02-30, year 0) or an instant that falls outside years 1-9999 in UTC."""
    try:
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text)) is not None:
            moment = datetime(day.year, day.month, day.day)  # noqa: DTZ001 (made aware below)
        if moment is not None and is_naive(moment):
            moment = make_aware(moment, get_current_timezone())
        return moment.astimezone(UTC) if moment is not None else None
    except (ValueError, OverflowError):  # a day past the month's end; an instant beyond year 9999 in UTC
        return None


def date_filter(column: str, values: list[str], name: str) -> Q:
    """`_lastUpdated=ge2026-12-01T10:00:00Z` and the like, each value one condition, all of them met."""
    condition = Q()
    for raw in values:
        prefix = raw[:2] if raw[:2] in DATE_PREFIXES else "eq"
        text = raw[2:] if raw[:2] in DATE_PREFIXES else raw
        moment = _moment(text)
        if moment is None:
            raise FhirError(
                400,
                Text(
                    f"{name}: {raw!r} is geen datum of tijdstip (bijvoorbeeld ge2026-12-01T10:00:00Z).",
                    f"{name}: {raw!r} is no date or instant (for example ge2026-12-01T10:00:00Z).",
                ),
                expression=name,
            )
        condition &= Q(**{f"{column}{DATE_PREFIXES[prefix]}": moment})
    return condition


def paged(rows: "QuerySet[Any]", query: Query) -> tuple[list[Any], int]:
    """One page of `rows` and how many there are in all: two queries, whatever the page's size."""
    total = rows.count()
    return list(rows[query.offset : query.offset + query.count]), total


def _link(request: HttpRequest, relation: str, offset: int, count: int) -> dict[str, str]:
    params = [(k, v) for k in request.GET for v in request.GET.getlist(k) if k not in ("_offset", "_count")]
    params += [("_count", str(count)), ("_offset", str(offset))]
    return {"relation": relation, "url": request.build_absolute_uri(f"{request.path}?{urlencode(params)}")}


def searchset(request: HttpRequest, query: Query, page: Page) -> Bundle:
    """The searchset Bundle: the matches (mode match), the included (mode include), total and links."""
    links = [_link(request, "self", query.offset, query.count)]
    links.append(_link(request, "first", 0, query.count))
    if query.offset + query.count < page.total:
        links.append(_link(request, "next", query.offset + query.count, query.count))
    if query.offset > 0:
        links.append(_link(request, "previous", max(query.offset - query.count, 0), query.count))
    base = request.build_absolute_uri("/fhir/R4/")
    entries = [
        {"fullUrl": f"{base}{r.get_resource_type()}/{r.id}", "resource": r, "search": {"mode": mode}}
        for mode, resources in (("match", page.resources), ("include", page.included))
        for r in resources
    ]
    return Bundle.model_validate(
        {"type": "searchset", "total": page.total, "link": links, "entry": entries or None}
    )
