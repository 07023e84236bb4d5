"""Route completeness of the second-organisation sweep (tests/access/test_sweep.py) and the sweeps
beside it.

Every route the product answers is enumerated from what serves it, not from a list kept by hand: the
web's URL patterns (Django's resolver, converters and regular expressions alike), the API's operations
(django-ninja's OpenAPI document) and the FHIR interactions (each resource type's read, search, create
and delete, fhir/registry.py). `ROUTES` holds them all; `test_every_route_is_swept_or_declared` fails for
one that takes an id and no sweep tries, or one without an id that neither a list sweep reads nor the
inventory declares free of patient data. A new download, export, calendar feed, secret link or FHIR type
thus joins a sweep before it ships.

The inventory and what each route is covered by: tests/access/route_inventory.py; the sweeps
it adds: test_outsider_sweeps.py."""

from secondopinion.fhir.registry import KINDS
from tests.access.route_inventory import (
    FHIR_IDS,
    FHIR_PATTERNS,
    FHIR_PUBLIC,
    LISTS_SWEPT,
    NO_PATIENT_DATA,
    ROUTES,
    SWEPT,
    is_covered,
    public_or_account,
)


def test_every_route_is_swept_or_declared():
    uncovered = sorted(f"{r.surface} {r.key} {r.params}" for r in ROUTES if is_covered(r) is None)

    assert uncovered == []


def test_the_enumeration_finds_every_kind_of_route():
    keys = {r.key for r in ROUTES}

    # Downloads, exports, letters, calendar feeds, secret links, FHIR reads and searches.
    assert {
        "web:document-download",
        "web:report-pdf",
        "web:inbox-pdf",
        "aftercare:outcomes-csv",
        "planning:turnaround-csv",
        "aftercare:complaint-letter",
        "letters:letter-pdf",
        "appointments:ics",
        "web:upload-link",
        "web:invitation-accept",
        "GET /api/v1/documents/{document_id}/content",
        "GET Patient/{id}",
        "GET Task?",
    } <= keys
    assert len(ROUTES) > 300
    # Every id a web or API route takes is swept (test_sweep.py), so every such route is an operation.
    with_id = {r.key for r in ROUTES if r.surface in ("web", "api") and r.params}
    admin = {key for key in with_id if key.startswith("admin:")}
    assert sorted(with_id - SWEPT - FHIR_PATTERNS - admin - public_or_account(with_id)) == []


def test_declared_routes_exist():
    keys = {r.key for r in ROUTES}

    assert sorted((LISTS_SWEPT | NO_PATIENT_DATA) - keys) == []
    assert sorted((set(FHIR_IDS) | FHIR_PUBLIC) ^ set(KINDS)) == []
