"""An unlisted practitioner's practice is found in the register by its name and place whatever their
spelling (directory/entries.py spelling_key): case, accents and runs of whitespace do not count, on
either side, so no duplicate organisation is made and R10 judges a giver at that practice as working
in the same organisation. Punctuation and other names still count (a different place is another
practice; "'s-Gravenhage" is not "Den Haag")."""

import pytest

from secondopinion.directory.entries import NewPractitioner, practitioner_add, spelling_key
from secondopinion.directory.independence import SAME_ORGANISATION, independence_reasons
from secondopinion.directory.models import Organisation
from tests.factories import OrganisationFactory, PractitionerFactory

pytestmark = pytest.mark.django_db


def _entry(practice: str, city: str, name: str = "J. de Boer") -> NewPractitioner:
    return NewPractitioner(name=name, discipline="dentist", practice=practice, city=city)


@pytest.mark.parametrize(
    ("registered", "typed"),
    [
        (("Tandartspraktijk De Molen", "Den Haag"), ("tandartspraktijk  de molen ", " den haag")),
        (("Tandartspraktijk  De Molen ", "Den  Haag"), ("Tandartspraktijk De Molen", "Den Haag")),
        (("Mondzorg Één", "Zwolle"), ("mondzorg een", "ZWOLLE")),
        (("Tandarts Müller", "Enschede"), ("TANDARTS MULLER", "enschede")),
        (("Tandheelkunde Ölçer", "Tilburg"), ("tandheelkunde ÖLÇER", "Tilburg")),
    ],
)
def test_the_registered_practice_is_found_whatever_the_spelling(registered, typed):
    practice = OrganisationFactory(name=registered[0], city=registered[1])
    before = Organisation.objects.count()

    added = practitioner_add(_entry(*typed))

    assert added.organisation == practice
    assert Organisation.objects.count() == before


def test_the_same_name_in_another_place_or_with_other_punctuation_is_another_practice():
    molen = OrganisationFactory(name="Tandartspraktijk De Molen", city="Den Haag")

    elsewhere = practitioner_add(_entry("Tandartspraktijk De Molen", "Delft"))
    other_place_name = practitioner_add(_entry("Tandartspraktijk De Molen", "'s-Gravenhage", "A. Visser"))
    other_name = practitioner_add(_entry("Tandartspraktijk De Molen-Zuid", "Den Haag", "B. Smit"))

    assert molen.pk not in {p.organisation_id for p in (elsewhere, other_place_name, other_name)}
    assert len({p.organisation_id for p in (elsewhere, other_place_name, other_name)}) == 3


def test_r10_sees_the_giver_and_the_added_practitioner_in_the_same_organisation():
    molen = OrganisationFactory(name="Tandartspraktijk De Molen", city="Den Haag")
    giver = PractitionerFactory(name="M. Giver", discipline="dentist", organisation=molen)

    treating = practitioner_add(_entry("tandartspraktijk  de molen ", "den haag"))

    assert treating.organisation_id == molen.pk
    assert SAME_ORGANISATION in independence_reasons(giver, treating)


def test_the_spelling_key():
    assert spelling_key("  Tandartspraktijk\tDé  Mölen\n") == "tandartspraktijk de molen"
    assert spelling_key("STRAßE") == spelling_key("strasse")
    assert spelling_key("'s-Gravenhage") != spelling_key("Den Haag")
