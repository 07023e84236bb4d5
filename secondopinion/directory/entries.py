"""One entry added to the register outside an import: the patient's own practitioner, whom the
directory did not list, added by the coordinator who looked him up (journey/unlisted.py decides who
may, logs it and links the request in the same transaction).

What the register holds of him is what an import holds (directory/imports.py): name, discipline,
specialism, AGB code and organisation. The AGB code when known (8 digits, once in the register);
the practice by name and place: the one the register already has with that name in that place, else
a new one (its own AGB code not known). R10 then judges him against a giver as anyone in the
register: the same organisation, the same discipline and level.
"""

from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from secondopinion.core.errors import InvalidInput
from secondopinion.core.text import Text
from secondopinion.directory.independence import SPECIALISED_DISCIPLINES
from secondopinion.directory.models import Organisation, Practitioner
from secondopinion.directory.validators import validate_agb


@dataclass(frozen=True)
class NewPractitioner:
    name: str
    discipline: str
    practice: str
    city: str
    agb_code: str = ""  # empty: not known
    specialism: str = ""


AGB_INVALID = Text("Een AGB-code heeft precies 8 cijfers.", "An AGB code has exactly 8 digits.")
SPECIALISM_NEEDED = Text(
    "Vul het specialisme in, bijvoorbeeld neurologie. Zonder specialisme is geen gever te vinden (R10).",
    "Fill in the specialism, for example neurology. Without it no giver can be found (R10).",
)
_NEEDED = {
    "name": Text("Vul de naam van de behandelaar in.", "Fill in the practitioner's name."),
    "practice": Text("Vul de naam van de praktijk in.", "Fill in the name of the practice."),
    "city": Text("Vul de plaats van de praktijk in.", "Fill in the place of the practice."),
}


def _listed_as(agb_code: str) -> InvalidInput | None:
    """The refusal when the AGB code is already in the register: then he is listed after all."""
    listed = Practitioner.objects.filter(agb_code=agb_code).select_related("organisation").first()
    if listed is None:
        return None
    where = f"{listed.name}, {listed.organisation.name}"
    return InvalidInput(
        Text(
            f"Deze AGB-code staat al in het register ({where}). Kies die behandelaar in de lijst.",
            f"This AGB code is already in the register ({where}). Choose that practitioner from the list.",
        ),
        field="agb_code",
    )


def _checked(entry: NewPractitioner) -> NewPractitioner:
    """The entry with its text trimmed, or InvalidInput naming the first field that is wrong."""
    values = {name: " ".join(str(value).split()) for name, value in asdict(entry).items()}
    entry = NewPractitioner(**values)
    for name, missing in _NEEDED.items():
        if not values[name]:
            raise InvalidInput(missing, field=name)
    if entry.agb_code:
        try:
            validate_agb(entry.agb_code)
        except ValidationError as exc:
            raise InvalidInput(AGB_INVALID, field="agb_code") from exc
        if refused := _listed_as(entry.agb_code):
            raise refused
    if entry.discipline in SPECIALISED_DISCIPLINES and not entry.specialism:
        raise InvalidInput(SPECIALISM_NEEDED, field="specialism")
    return entry


def _practice(entry: NewPractitioner) -> Organisation:
    """The practice the register has by this name in this place, else a new one."""
    found = (
        Organisation.objects.filter(name__iexact=entry.practice, city__iexact=entry.city)
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    kind = (
        Organisation.Kind.HOSPITAL
        if entry.discipline in SPECIALISED_DISCIPLINES
        else Organisation.Kind.PRACTICE
    )
    practice = Organisation(name=entry.practice[:200], city=entry.city[:100], kind=kind, agb_code="")
    _saved(practice, {"name": "practice", "city": "city"}, exclude=["agb_code", "parent", "ura_code"])
    return practice


def _saved(row: Organisation | Practitioner, fields: dict[str, str], exclude: list[str]) -> None:
    """Validate as an import does, and save; a refusal names the form's field."""
    try:
        row.full_clean(exclude=exclude)
    except ValidationError as exc:
        name = next(iter(exc.message_dict))
        field = fields.get(name, name)
        message = " ".join(str(m) for m in exc.message_dict[name])
        raise InvalidInput(
            Text(f"Controleer {field}: {message}", f"Check {field}: {message}"), field=field
        ) from exc
    row.save()


def practitioner_add(entry: NewPractitioner) -> Practitioner:
    """Add the practitioner (and, when the register lacks it, his practice) to the register; InvalidInput
    naming the field for anything the register refuses. Callers run inside a transaction."""
    entry = _checked(entry)
    practitioner = Practitioner(
        name=entry.name[:200],
        discipline=entry.discipline,
        specialism=entry.specialism[:100],
        agb_code=entry.agb_code,
        organisation=_practice(entry),
    )
    exclude = ["user", "big_number"] + ([] if entry.agb_code else ["agb_code"])
    try:
        with transaction.atomic():  # two coordinators adding the same code: the second is told
            _saved(practitioner, {}, exclude)
    except IntegrityError as exc:
        raise _listed_as(entry.agb_code) or InvalidInput(AGB_INVALID, field="agb_code") from exc
    return practitioner
