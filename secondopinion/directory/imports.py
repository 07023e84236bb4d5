"""Bulk import of the directory from CSV. A bad row is reported with its line number and skipped;
the good rows land. Importing the same file again updates and never duplicates (keyed on AGB)."""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from secondopinion.directory.models import Organisation, Practitioner

ORGANISATION_COLUMNS = ("agb_code", "name", "kind", "ura_code", "city", "complaint_scheme", "parent_agb")
PRACTITIONER_COLUMNS = (
    "agb_code",
    "name",
    "discipline",
    "specialism",
    "big_number",
    "organisation_agb",
    "ont_member",
)
TRUE = {"1", "true", "ja", "yes", "j", "y"}
FALSE = {"", "0", "false", "nee", "no", "n"}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _rows(
    source: IO[str], columns: tuple[str, ...], result: ImportResult
) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(source)
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        result.errors.append((1, f"missing columns: {', '.join(missing)}"))
        return
    for row in reader:
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k in columns}


def _messages(error: ValidationError) -> str:
    return "; ".join(f"{name}: {' '.join(str(m) for m in msgs)}" for name, msgs in error.message_dict.items())


def _apply(
    obj: Model, values: dict[str, Any], line: int, result: ImportResult, exclude: Iterable[str] = ()
) -> bool:
    for key, value in values.items():
        setattr(obj, key, value)
    try:
        obj.clean_fields(exclude=list(exclude))
    except ValidationError as exc:
        result.errors.append((line, _messages(exc)))
        return False
    return True


def _bool(value: str, line: int, name: str, result: ImportResult) -> bool | None:
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    result.errors.append((line, f"{name}: {value!r} is not yes or no"))
    return None


def _unique(
    value: str | None, seen: dict[str, int], owner: int, name: str, line: int, result: ImportResult
) -> bool:
    """A key may appear once: in the file, and among existing rows of other entries."""
    if not value:
        return True
    if seen.setdefault(value, owner) != owner:
        result.errors.append((line, f"{name}: {value} is already used"))
        return False
    return True


@transaction.atomic
def import_organisations(source: IO[str]) -> ImportResult:
    result = ImportResult()
    # Keyed on AGB: an entry whose code is not known yet (directory/entries.py) is no row's match.
    everyone = list(Organisation.objects.all())
    existing = {o.agb_code: o for o in everyone if o.agb_code}
    ura_seen = {o.ura_code: o.pk for o in everyone if o.ura_code}
    seen_agb: set[str] = set()
    for line, row in _rows(source, ORGANISATION_COLUMNS, result):
        if row["agb_code"] in seen_agb:
            result.errors.append((line, f"agb_code: {row['agb_code']} appears twice in the file"))
            continue
        org = existing.get(row["agb_code"]) or Organisation()
        parent = existing.get(row["parent_agb"]) if row["parent_agb"] else None
        if row["parent_agb"] and parent is None:
            result.errors.append((line, f"parent_agb: no organisation with AGB code {row['parent_agb']}"))
            continue
        values = {
            "agb_code": row["agb_code"],
            "name": row["name"],
            "kind": row["kind"] or Organisation.Kind.PRACTICE,
            "ura_code": row["ura_code"] or None,
            "city": row["city"],
            "complaint_scheme": row["complaint_scheme"],
            "parent": parent,
        }
        if not _apply(org, values, line, result, exclude=["parent"]):
            continue
        if not _unique(org.ura_code, ura_seen, org.pk or -line, "ura_code", line, result):
            continue
        created = org.pk is None
        org.save()
        ura_seen[org.ura_code or ""] = org.pk
        existing[org.agb_code] = org
        seen_agb.add(org.agb_code)
        result.created += created
        result.updated += not created
    return result


@transaction.atomic
def import_practitioners(source: IO[str]) -> ImportResult:
    """Validate every row, then write the good ones in bulk (10,000 rows in a few queries)."""
    result = ImportResult()
    organisations = {o.agb_code: o for o in Organisation.objects.exclude(agb_code="")}
    everyone = list(Practitioner.objects.all())
    existing = {p.agb_code: p for p in everyone if p.agb_code}
    big_seen = {p.big_number: p.pk for p in everyone if p.big_number}
    to_create: dict[str, Practitioner] = {}
    to_update: dict[str, Practitioner] = {}
    for line, row in _rows(source, PRACTITIONER_COLUMNS, result):
        agb = row["agb_code"]
        if agb in to_create or agb in to_update:
            result.errors.append((line, f"agb_code: {agb} appears twice in the file"))
            continue
        organisation = organisations.get(row["organisation_agb"])
        if organisation is None:
            result.errors.append(
                (line, f"organisation_agb: no organisation with AGB code {row['organisation_agb']!r}")
            )
            continue
        ont_member = _bool(row["ont_member"], line, "ont_member", result)
        if ont_member is None:
            continue
        practitioner = existing.get(agb) or Practitioner()
        values = {
            "agb_code": agb,
            "name": row["name"],
            "discipline": row["discipline"],
            "specialism": row["specialism"],
            "big_number": row["big_number"] or None,
            "organisation": organisation,
            "ont_member": ont_member,
        }
        if not _apply(practitioner, values, line, result, exclude=["user"]):
            continue
        owner = practitioner.pk or -line
        if not _unique(practitioner.big_number, big_seen, owner, "big_number", line, result):
            continue
        (to_update if practitioner.pk else to_create)[agb] = practitioner
    Practitioner.objects.bulk_create(to_create.values(), batch_size=1000)
    Practitioner.objects.bulk_update(
        to_update.values(),
        ["name", "discipline", "specialism", "big_number", "organisation", "ont_member"],
        batch_size=1000,
    )
    result.created, result.updated = len(to_create), len(to_update)
    return result
