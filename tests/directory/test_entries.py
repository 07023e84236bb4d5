"""Adding the patient's own practitioner to the register (directory/entries.py): what an import holds,
the AGB code only when known (8 digits, once in the register), the practice found by name and place or
added; a refusal names the field and adds nothing. Entries without a code stay out of the import's
keys and out of FHIR identifiers."""

import io

import pytest
from django.db import transaction

from secondopinion.core.errors import InvalidInput
from secondopinion.directory.entries import NewPractitioner, practitioner_add
from secondopinion.directory.imports import import_organisations, import_practitioners
from secondopinion.directory.models import Organisation, Practitioner
from secondopinion.fhir.resources.people import organization_resource, practitioner_resource
from tests.factories import OrganisationFactory, PractitionerFactory

pytestmark = pytest.mark.django_db

# 12345678 in fullwidth digits, which str.isdigit takes: no AGB code.
FULLWIDTH_DIGITS = "".join(chr(0xFF10 + int(digit)) for digit in "12345678")
DE_BOER = NewPractitioner(
    name="J. de Boer", discipline="dentist", practice="Tandartspraktijk Het Anker", city="Zwolle"
)


def _counts() -> tuple[int, int]:
    return Practitioner.objects.count(), Organisation.objects.count()


def test_a_practitioner_without_a_known_code_is_added_with_a_new_practice():
    added = practitioner_add(DE_BOER)

    assert (added.name, added.discipline, added.agb_code, added.specialism) == (
        "J. de Boer",
        "dentist",
        "",
        "",
    )
    practice = added.organisation
    assert (practice.name, practice.city, practice.agb_code, practice.kind) == (
        "Tandartspraktijk Het Anker",
        "Zwolle",
        "",
        "practice",
    )


def test_two_practitioners_without_a_code_may_both_be_added():
    first = practitioner_add(DE_BOER)
    second = practitioner_add(NewPractitioner(**{**DE_BOER.__dict__, "name": "A. Visser"}))

    assert first.pk != second.pk
    assert first.organisation_id == second.organisation_id  # the same practice, found by name and place


def test_the_practice_the_register_has_in_that_place_is_used_whatever_the_spelling():
    anker = OrganisationFactory(name="Tandartspraktijk Het Anker", city="Zwolle")
    OrganisationFactory(name="Tandartspraktijk Het Anker", city="Kampen")

    added = practitioner_add(
        NewPractitioner(
            name="  J.  de Boer ",
            discipline="dentist",
            practice="tandartspraktijk het  anker",
            city="ZWOLLE",
        )
    )

    assert added.organisation == anker
    assert added.name == "J. de Boer"


def test_a_known_code_is_kept_and_a_specialist_works_at_a_hospital():
    added = practitioner_add(
        NewPractitioner(
            name="Dr. K. Smit",
            discipline="medical_specialist",
            specialism="neurologie",
            practice="Isala",
            city="Zwolle",
            agb_code="01234567",
        )
    )

    assert (added.agb_code, added.specialism, added.organisation.kind) == (
        "01234567",
        "neurologie",
        "hospital",
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"agb_code": "1234567"}, "agb_code"),
        ({"agb_code": "1234567a"}, "agb_code"),
        ({"agb_code": FULLWIDTH_DIGITS}, "agb_code"),
        ({"name": "   "}, "name"),
        ({"practice": ""}, "practice"),
        ({"city": ""}, "city"),
        ({"discipline": "medical_specialist"}, "specialism"),
        ({"discipline": "astrologer"}, "discipline"),
    ],
)
def test_a_refused_entry_names_its_field_and_adds_nothing(change, field):
    before = _counts()

    with pytest.raises(InvalidInput) as refused, transaction.atomic():
        practitioner_add(NewPractitioner(**{**DE_BOER.__dict__, **change}))

    assert refused.value.field == field
    assert refused.value.detail.nl != refused.value.detail.en
    assert _counts() == before


def test_a_code_already_in_the_register_names_who_has_it():
    listed = PractitionerFactory(name="J. de Boer", agb_code="87654321")
    before = _counts()

    with pytest.raises(InvalidInput) as refused, transaction.atomic():
        practitioner_add(NewPractitioner(**{**DE_BOER.__dict__, "agb_code": "87654321"}))

    assert refused.value.field == "agb_code"
    assert f"J. de Boer, {listed.organisation.name}" in refused.value.detail.en
    assert "Choose that practitioner from the list" in refused.value.detail.en
    assert "Kies die behandelaar in de lijst" in refused.value.detail.nl
    assert _counts() == before


def test_the_import_matches_no_row_to_an_entry_without_a_code_and_still_needs_a_code():
    practitioner_add(DE_BOER)
    practice = OrganisationFactory(agb_code="11112222")
    organisations = io.StringIO(
        "agb_code,name,kind,ura_code,city,complaint_scheme,parent_agb\n,Zonder code,practice,,Zwolle,,\n"
    )
    people = io.StringIO(
        "agb_code,name,discipline,specialism,big_number,organisation_agb,ont_member\n"
        ",Zonder Code,dentist,,,11112222,nee\n"
        "33334444,Met Code,dentist,,,11112222,nee\n"
    )

    org_result = import_organisations(organisations)
    result = import_practitioners(people)

    assert (org_result.created, org_result.updated, [line for line, _ in org_result.errors]) == (0, 0, [2])
    assert (result.created, result.updated, [line for line, _ in result.errors]) == (1, 0, [2])
    assert Practitioner.objects.get(agb_code="33334444").organisation == practice
    assert Practitioner.objects.get(agb_code="").name == "J. de Boer"  # untouched


def test_fhir_names_no_agb_identifier_for_an_entry_without_a_code():
    added = practitioner_add(DE_BOER)

    assert practitioner_resource(added).identifier is None
    assert organization_resource(added.organisation).identifier is None
    listed = PractitionerFactory(agb_code="55556666")
    assert [i.value for i in practitioner_resource(listed).identifier] == ["55556666"]
