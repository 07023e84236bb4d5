"""One entry added to the register outside an import: the patient's own practitioner, whom the
directory did not list, added by the coordinator who looked him up (journey/unlisted.py decides who
may, logs it and links the request in the same transaction).

What the register holds of him is what an import holds (directory/imports.py): name, discipline,
specialism, AGB code and organisation. The AGB code when known (8 digits, once in the register);
the practice by name and place: the one the register already has with that name in that place (case,
accents and runs of whitespace do not count), else a new one (its own AGB code not known). R10 then
judges him against a giver as anyone in the register: the same organisation, the same discipline and
level.
"""

import re
import unicodedata
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


def spelling_key(text: str) -> str:
    """A name or place as the register compares it: without accents (é → e, ü → u), in one case
    (casefold: also É, Ü and ß, which SQLite's case-insensitive match leaves as they are), with runs of
    whitespace folded to one space and none at the ends. Punctuation and word order still count:
    "'s-Gravenhage" is not "Den Haag"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(character for character in decomposed if not unicodedata.combining(character))
    return " ".join(bare.casefold().split())


def _plain_words(text: str) -> list[str]:
    """The words of `text` that are plain ASCII letters and digits: what the database can look for
    whatever their case, to narrow the practices compared by their spelling key."""
    return [word for word in re.findall(r"[^\W_]+", text) if word.isascii()]


def _practice(entry: NewPractitioner) -> Organisation:
    """The practice the register has by this name in this place, else a new one. Matched by spelling
    key (spelling_key: case, accents and whitespace do not count), so that "tandartspraktijk  de
    molen " in "den haag" finds "Tandartspraktijk De Molen" in "Den Haag" and R10 judges a giver there
    against the same organisation, rather than a duplicate. The database narrows the candidates to the
    organisations in a place that holds every plain word of the entry's place (one query, the
    organisations of about one place), and the keys decide among them. A place spelt with an
    accent in one and without in the other is not narrowed to: Dutch place names rarely carry one."""
    candidates = Organisation.objects.all()
    for word in _plain_words(entry.city):
        candidates = candidates.filter(city__icontains=word)
    name, city = spelling_key(entry.practice), spelling_key(entry.city)
    for found in candidates.order_by("pk"):
        if spelling_key(found.name) == name and spelling_key(found.city) == city:
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
