"""R28: which organisation's complaint scheme takes a complaint about how a second opinion went."""

from typing import TYPE_CHECKING

from secondopinion.directory.models import Organisation, StaffMember

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase


def giver_organisation(case: "SecondOpinionCase") -> Organisation | None:
    """The organisation the giver gives this second opinion for, as it stood when the giver was assigned
    (SecondOpinionCase.giver_organisation): a directory import that moves the giver later changes
    nothing. None before a giver is assigned. Read from the case's own joins (the giver with his
    organisation, the handling organisation: cases/snapshot.py) where it is one of them."""
    giver = case.giver if case.giver_id is not None else None
    if giver is None:
        return None
    fixed = case.giver_organisation_id
    if fixed is None or fixed == giver.organisation_id:
        return giver.organisation
    if fixed == case.organisation_id:
        return case.organisation
    return case.giver_organisation


def has_complaints_officer(organisation_id: int) -> bool:
    """Whether anyone active handles complaints for the organisation in this system."""
    return StaffMember.objects.filter(
        organisation_id=organisation_id,
        function=StaffMember.Function.COMPLAINTS_OFFICER,
        user__is_active=True,
    ).exists()


def complaint_organisation(case: "SecondOpinionCase") -> Organisation:
    """The organisation whose complaint scheme takes a complaint filed now: the giver's (seed 000: "de
    klachtenregeling van de second opinion-gever"), which need not be the handling organisation. The
    handling organisation, which coordinated the second opinion, takes it before a giver is assigned,
    and when the giver's organisation has no complaints officer in the system: there the complaint
    would be read by nobody and its terms (Wkkgz) met by no one. The complaint stores where it went."""
    givers = giver_organisation(case)
    if givers is None or givers.pk == case.organisation_id:
        return case.organisation
    return givers if has_complaints_officer(givers.pk) else case.organisation
