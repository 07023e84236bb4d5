"""What the outside auditor's sweep (tests/security/test_second_org_sweep.py) tries: every URL pattern
of the product, filled with the first organisation's objects, and who of the second tries them.

The URL patterns come from Django's resolver, recursively (web pages, downloads and exports, the
calendar feed, the API, the FHIR endpoint, the HTMX partials, the sign-in pages of allauth and the
Django admin). A pattern's parameters are filled from `fills()`: the first organisation's ids by kind
(tests/access/sweep_operations.py: PARAMETER_KINDS, the ids of the access sweep), and, for the few
patterns written as regular expressions (FHIR, allauth, the admin), by name in `REGEX_FILLS`. A
parameter nobody fills fails `test_every_url_pattern_is_filled`, so a new page joins the sweep before it
ships.

`Outsider` is one who tries (a signed-in web client and an API token); `fingerprint` is one query over
every table of the product but the logs, with the first organisation's own rows and access-log events
counted apart, so a test can show that a request wrote and logged nothing of it; `Watch` takes it
again only after a request that wrote a row somewhere (most write none).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import DateTimeField
from django.test import Client
from django.urls import URLPattern
from django.utils.http import int_to_base36

from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent
from secondopinion.distribution.models import Sending
from secondopinion.fhir.registry import KINDS
from tests.access.second_org import Side
from tests.access.sweep_operations import PARAMETER_KINDS, PUBLIC_PARAMETERS, _web_patterns
from tests.accounts.sweep import passkey_ids
from tests.appointments.sweep import sweep_ids as appointment_sweep_ids
from tests.documents.intake_sweep import intake_ids
from tests.invitations.sweep import invitation_ids
from tests.letters.sweep import letter_ids
from tests.notifications.sweep import notification_ids

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class Pattern:
    route: str  # the resolver's route, prefixes joined
    name: str  # namespaced URL name ("" for the few nameless redirects of allauth)
    pattern: URLPattern

    @property
    def params(self) -> tuple[str, ...]:
        """Every parameter of the whole route, the resolvers' above it included."""
        return tuple(a or b for a, b in PARAMETER.findall(self.route))

    @property
    def key(self) -> str:
        return self.name or self.route

    @property
    def regex(self) -> bool:
        return "(?P<" in self.route


def patterns() -> list[Pattern]:
    return [Pattern(route, name, pattern) for route, name, pattern in _web_patterns()]


def first_ids(side: Side) -> dict[str, object]:
    """The first organisation's object of every kind a path parameter names."""
    return {
        "case_id": side.case("report_final").pk,
        "patient_id": side.patient.pk,
        "representative_id": side.representative_id,
        "consent_id": side.consent_id,
        "request_id": side.request_id,
        # The upload link is the key: whoever holds it may answer the request (tests/access/test_sweep.py
        # tries it); an outsider holds none, so the sweep tries one a character off.
        "token": side.upload_token[:-1] + ("B" if side.upload_token[-1] != "B" else "C"),
        "document_id": side.document_id,
        "complaint_id": side.complaint_id,
        "message_id": side.message_id,
        "billing_line_id": side.billing_line_id,
        "line_id": side.billing_line_id,
        "sending_id": side.sending_id,
        "report_id": side.report_id,
        "notice_id": side.notice_id,
        # Public directory data: the first organisation's entry and its giver.
        "organisation_id": side.organisation_id,
        "practitioner_id": side.giver.pk,
        **invitation_ids(side),
        **passkey_ids(side),
        **intake_ids(side),
        **notification_ids(side),
        **letter_ids(side),
        **appointment_sweep_ids(side),
    }


def _fhir_instances(side: Side) -> list[tuple[str, str]]:
    case, document = side.case("report_final").pk, side.document_id
    event = (
        AccessEvent.objects.filter(patient=side.patient).order_by("pk").values_list("pk", flat=True).first()
    )
    sendings = Sending.objects.filter(case_id=case).values_list("pk", flat=True)
    return [
        ("Patient", str(side.patient.pk)),
        ("RelatedPerson", str(side.representative_id)),
        ("ServiceRequest", str(case)),
        ("Task", str(case)),
        ("DocumentReference", f"report-{case}"),
        ("DocumentReference", f"document-{document}"),
        ("Binary", f"report-{case}-pdf"),
        ("Binary", f"document-{document}"),
        ("Consent", str(side.consent_id)),
        ("Provenance", f"report-{case}"),
        ("AuditEvent", str(event)),
        *(("Communication", str(pk)) for pk in sendings),
    ]


def _fhir_searches(side: Side) -> list[tuple[str, str]]:
    """Every resource type's search, bare and with each of its parameters naming the first
    organisation's patient, case or identifiers."""
    case = side.case("report_final")
    values = {
        ("Patient", "identifier"): side.patient.bsn,
        ("Patient", "_id"): str(side.patient.pk),
        ("ServiceRequest", "identifier"): case.reference,
        ("Task", "owner"): f"Organization/{side.organisation_id}",
    }
    searches = []
    for name, kind in KINDS.items():
        if kind.search is None:
            continue
        searches.append((name, ""))
        for param, (kind_of, target) in kind.params.items():
            value = values.get((name, param))
            if value is None and kind_of == "reference":
                value = {
                    "Patient": f"Patient/{side.patient.pk}",
                    "ServiceRequest": f"ServiceRequest/{case.pk}",
                }.get(target.split()[0])
            if value is not None:
                searches.append((name, f"?{param}={value}"))
    searches.append(("Patient", f"?identifier=http://fhir.nl/fhir/NamingSystem/bsn|{side.patient.bsn}"))
    return searches


# The patterns written as regular expressions: what fills them, by URL name.
REGEX_FILLS: dict[str, Callable[[Side], list[dict[str, str]]]] = {
    "fhir:type": lambda side: [{"resource_type": t, "query": q} for t, q in _fhir_searches(side)],
    "fhir:instance": lambda side: [{"resource_type": t, "resource_id": i} for t, i in _fhir_instances(side)],
    "fhir:unsupported": lambda side: [{"rest": f"Patient/{side.patient.pk}/_history"}],
    "fhir-outside": lambda side: [{"rest": f"R3/Patient/{side.patient.pk}"}],
    "account_confirm_email": lambda side: [{"key": "Mg:1tJ0aa:sweep"}],
    "account_reset_password_from_key": lambda side: [
        {"uidb36": int_to_base36(side.patient.user_id), "key": "set-password"}
    ],
    "openid_connect_login": lambda side: [{"provider_id": "digid"}],
    "openid_connect_callback": lambda side: [{"provider_id": "digid"}],
}
# The Django admin's parameters: an object of the first organisation (its patient) by the admin's
# own routes; the admin lets in no one of the second organisation (nobody there is is_staff).
ADMIN_FILLS = {"object_id", "app_label", "content_type_id", "pk", "id", "url"}
# Path parameters that are secrets in themselves, not ids (upload and invitation links): the sweep puts
# in a token that opens nothing, so the page answers as for any dead link.
TOKEN_PARAMETERS = {"token"}


def unfilled(pattern: Pattern) -> list[str]:
    """The parameters of `pattern` the sweep has nothing for."""
    if pattern.name.startswith("admin:"):
        return [p for p in pattern.params if p not in ADMIN_FILLS]
    if pattern.regex:
        return [] if pattern.key in REGEX_FILLS else list(pattern.params)
    known = set(PARAMETER_KINDS) | PUBLIC_PARAMETERS
    return [p for p in pattern.params if p not in known]


def _admin_value(pattern: Pattern, name: str, side: Side) -> str:
    if name == "app_label":
        return pattern.pattern.pattern.regex.pattern.split("(?P<app_label>")[1].split("|")[0].strip(")")
    if name == "url":
        return f"directory/patient/{side.patient.pk}/"
    if name == "content_type_id":
        from django.contrib.contenttypes.models import ContentType

        from secondopinion.directory.models import Patient

        return str(ContentType.objects.get_for_model(Patient).pk)
    return str(side.patient.pk)


def _render(pattern: Pattern, values: dict[str, object]) -> str:
    """The path: the route with its parameters put in (converters, and a regex's groups)."""
    query = str(values.pop("query", ""))
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), pattern.route)
    path = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", lambda m: str(values[m.group(1)]), path)
    return "/" + path.replace("^", "").replace("$", "") + query


def fills(pattern: Pattern, side: Side, ids: dict[str, object]) -> list[str]:
    """The paths the sweep requests for `pattern`: the first organisation's objects put in."""
    if pattern.name.startswith("admin:"):
        return [_render(pattern, {p: _admin_value(pattern, p, side) for p in pattern.params})]
    if pattern.regex:
        return [_render(pattern, dict(values)) for values in REGEX_FILLS[pattern.key](side)]
    return [_render(pattern, {p: ids[p] for p in pattern.params})]


def names_an_object(pattern: Pattern) -> bool:
    """Whether the path names an object of the first organisation that is not public (the directory)
    and not a secret link: its answer to an outsider is a refusal, never 2xx."""
    if pattern.name.startswith("admin:"):
        return bool(pattern.params)
    if pattern.key == "fhir:instance":
        return True
    return any(p not in PUBLIC_PARAMETERS and p not in TOKEN_PARAMETERS for p in pattern.params) and not (
        pattern.regex
    )


class Outsider:
    """One of those who try: a web client (signed in but for `anonymous`) and an API token."""

    def __init__(self, user) -> None:
        self.user = user
        self.client = Client(secure=True)
        self.token = ""
        if user is not None:
            self.client.force_login(user)
            self.session = self.client.cookies[settings.SESSION_COOKIE_NAME].value
            self.token = ApiToken.issue(user=user, name="auditor")[1]
        self.first_token = self.token  # issued outside the tests, so no test's rollback takes it

    def restore(self, path: str = "", *, fresh: bool = False) -> bool:
        """Sign in again, and take a fresh token, where the last request (to `path`) signed out or
        revoked it, or `fresh` (a test's start: what an earlier test did was rolled back); whether it
        took a token (a row the fingerprint counts)."""
        if self.user is None:
            return False
        cookie = self.client.cookies.get(settings.SESSION_COOKIE_NAME)
        if fresh or cookie is None or cookie.value != self.session:
            self.client.force_login(self.user)
            self.session = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        if fresh:
            self.token = self.first_token
            return False
        if (
            not path.startswith("/api/v1/auth/")
            or ApiToken.objects.filter(user=self.user, revoked_at__isnull=True).exists()
        ):
            return False
        self.token = ApiToken.issue(user=self.user, name="auditor")[1]
        return True


# What a request may not change: every table of the product but the logs, by count and by each
# moment column (a row changed in place moves one), and the users' active flags.
NOT_WATCHED = {
    "audit.AccessEvent",
    "audit.SecurityEvent",
    "audit.AuditChainHead",
    "audit.AuditCheckpoint",
    "ops.WorkerHeartbeat",
}
NOISY_COLUMNS = {"accounts.User.last_login", "api.ApiToken.last_used_at"}


def _fingerprint_sql(first: dict[str, list[int]]) -> tuple[str, list[str]]:
    """The fingerprint's one query; `first` names the first organisation's patient, cases and users,
    whose access-log events and own rows of OWN_WRITES' tables are counted apart."""
    quote = connection.ops.quote_name
    columns, labels = [], []

    def add(label: str, func: str, column: str, table: str, where: str = "", *, flag: bool = False) -> None:
        target = "*" if column == "*" else quote(column)
        if flag:  # PostgreSQL sums no booleans: count the true ones
            target = f"CASE WHEN {target} THEN 1 ELSE 0 END"
        columns.append(f"(SELECT {func}({target}) FROM {table}{where})")  # noqa: S608 (names and ids only)
        labels.append(f"{label}.{func.lower()}:{column}{' (first organisation)' if where else ''}")

    def ids(values: list[int]) -> str:
        return ", ".join(str(int(value)) for value in values)

    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("secondopinion.") or label in NOT_WATCHED:
            continue
        table = quote(model._meta.db_table)
        owner = OWNER_COLUMNS.get(label)
        wheres = [""] + ([f" WHERE {quote(owner)} IN ({ids(first['users'])})"] if owner else [])
        for where in wheres:
            add(label, "COUNT", "*", table, where)
            for field in model._meta.concrete_fields:
                if isinstance(field, DateTimeField) and f"{label}.{field.name}" not in NOISY_COLUMNS:
                    add(label, "COUNT", field.column, table, where)
                    add(label, "MAX", field.column, table, where)
                elif field.name in ("version", "is_active"):
                    add(label, "SUM", field.column, table, where, flag=field.name == "is_active")
    events = quote(AccessEvent._meta.db_table)
    where = f" WHERE patient_id = {int(first['patient'][0])} OR case_id IN ({ids(first['cases'])})"
    add(FIRST_EVENTS, "MAX", "id", events, where)
    return "SELECT " + ", ".join(columns), labels


# The column of OWN_WRITES' tables that names whose row it is.
OWNER_COLUMNS = {
    "notifications.Alert": "recipient_id",
    "notifications.Preference": "user_id",
    "api.ApiToken": "user_id",
}
FIRST_EVENTS = "first organisation's access-log events"


def fingerprint(sql: str, labels: list[str]) -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(labels, cursor.fetchone(), strict=True))


def rows_written() -> int:
    """How many rows this connection has inserted, updated or deleted so far, in any table: SQLite's
    total_changes(), PostgreSQL's counts of the open transaction (the sweep runs in one; a rolled-back
    savepoint's rows stay counted). It only grows, so where it has not moved no row changed and the
    fingerprint is what it was. (Neither counts TRUNCATE, which no request issues.)"""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT total_changes()")
        else:
            cursor.execute(
                "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
            )
        return int(cursor.fetchone()[0])


class Watch:
    """The fingerprint at the end of the last request, taken again only where a row was written since
    (`rows_written`): most refusals write nothing at all, and the fingerprint's query over every table
    costs more than many a refusal."""

    def __init__(self, sql: str, labels: list[str]) -> None:
        self.sql, self.labels = sql, labels
        self.written = -1
        self.last: dict[str, object] = {}

    def now(self) -> dict[str, object]:
        written = rows_written()
        if written != self.written:
            self.written = written
            self.last = fingerprint(self.sql, self.labels)
        return self.last

    def anew(self) -> dict[str, object]:
        """A test's start: what an earlier test wrote was rolled back, which no count shows."""
        self.written = -1
        return self.now()
