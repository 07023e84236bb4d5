"""What the access-log completeness tests share (test_access_log_completeness.py,
test_access_log_exact.py): the first organisation's people, its GET routes with its own ids, how a
reader asks them, what of its patient an answer shows, and what an event by that reader must say."""

import re

from django.db.models import Max
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from tests.access.route_inventory import EXTRA_API_LISTS, EXTRA_WEB_LISTS, fhir_get, fhir_paths
from tests.access.sweep_operations import OPERATIONS
from tests.access.test_sweep import FIRST, INBOXES, WEB_LISTS, Sweep, _ids

READERS = ("patient", "representative", "referrer", "treating", "giver", "coordinator", "complaints-officer")
ROLE = {
    "patient": "patient",
    "representative": "representative",
    "referrer": "referrer",
    "treating": "treating",
    "giver": "giver",
    "coordinator": "coordinator",
    "complaints-officer": "complaints_officer",
}


# The routes, with the first organisation's own ids -------------------------------------------------

GET_OPERATIONS = {op.name: op for op in OPERATIONS if op.method == "get" and "token" not in op.params}
LISTS = (
    *WEB_LISTS,
    *EXTRA_WEB_LISTS,
    *(f"GET {path}" for path in INBOXES),
    *EXTRA_API_LISTS,
    "GET /api/v1/collegial-notices",
)
# The request wizard's file: kept in the storage of the test that made it, which another test's
# storage does not hold (tests/journey reads it as its patient, logged: test_intake_files.py).
NOT_HERE = frozenset({"journey:intake-preview"})


def _url(sweep: Sweep, key: str) -> tuple[str, str]:
    """(surface, url) of a GET route on the first organisation's own objects."""
    side = sweep.orgs[FIRST].side
    if key in GET_OPERATIONS:
        op = GET_OPERATIONS[key]
        args = {name: value for name, value in _ids(side).items() if name in op.params}
        if "case_id" in op.params:
            args["case_id"] = side.case(op.state).pk
        if op.surface == "api":
            return "api", op.route.format(**args)
        return "web", reverse(op.name, kwargs=args)
    if key.startswith("GET "):
        return "api", key.split(" ")[1]
    return "web", reverse(key)


def _get(sweep: Sweep, reader: str, surface: str, url: str):
    actor = sweep.orgs[FIRST].actors[reader]
    if surface == "fhir":
        return fhir_get(sweep, actor.token, url)
    if surface == "api":
        return sweep.api_client.get(url, HTTP_AUTHORIZATION=f"Bearer {actor.token}")
    return actor.client.get(url)


def _last() -> int:
    return AccessEvent.objects.aggregate(last=Max("pk"))["last"] or 0


HEADER = re.compile(r'<header class="site-header">.*?</header>', re.S)


def _shown(sweep: Sweep, response) -> list[str]:
    """The first organisation's patient data in an answer: her name, BSN, case references."""
    side = sweep.orgs[FIRST].side
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = HEADER.sub("", body.decode(errors="replace"))
    secrets = (side.patient.name, side.patient.bsn, *(case.reference for case in side.cases.values()))
    return [secret for secret in secrets if secret in text]


def _decided_complaint(sweep: Sweep) -> int:
    """A decided complaint about the final case, so that its decision letter exists."""
    from secondopinion.aftercare.complaints import (
        complaint_acknowledge,
        complaint_decide,
        complaint_start_handling,
    )

    officer = sweep.world.users["complaints_officer"]
    complaint_id = _ids(sweep.orgs[FIRST].side)["complaint_id"]
    complaint_acknowledge(actor=officer, complaint_id=complaint_id, source="web")
    complaint_start_handling(actor=officer, complaint_id=complaint_id, source="web")
    complaint_decide(
        actor=officer,
        complaint_id=complaint_id,
        judgment="partly_well_founded",
        decision="De uitleg over de kosten kwam te laat.",
        source="web",
    )
    return complaint_id


def _all_routes(sweep: Sweep) -> list[tuple[str, str, str]]:
    """(key, surface, url) of every GET route and FHIR read and search, on the first organisation's own."""
    routes = [(key, *_url(sweep, key)) for key in (*GET_OPERATIONS, *LISTS) if key not in NOT_HERE]
    side = sweep.orgs[FIRST].side
    routes.append(("web:upload-link", "web", reverse("web:upload-link", kwargs={"token": side.upload_token})))
    routes += [
        (f"fhir {path}", "fhir", path) for method, path, _control in fhir_paths(side) if method == "get"
    ]
    return routes


def _assert_event(sweep: Sweep, event: AccessEvent, reader: str, surface: str) -> None:
    side = sweep.orgs[FIRST].side
    user = sweep.orgs[FIRST].actors[reader].user
    assert event.actor_id == user.pk
    assert event.actor_name == str(user)
    assert event.role == ROLE[reader]
    assert event.basis
    assert event.source == ("web" if surface == "web" else "api")
    assert event.emergency is False
    assert event.patient_id in (side.patient.pk, None)
    if event.patient_id is not None:
        assert event.on_behalf_of == (side.patient.name if reader == "representative" else "")
