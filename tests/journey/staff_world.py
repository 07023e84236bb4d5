"""The world the staff language sweep (test_staff_language.py) reads: the patient sweep's world
(tests/journey/reader_world.py: Petra's cases submitted, in examination, report final, closed, closed
with a complaint, refused) with what staff see besides: a request the GP referred, walked to the
report draft, on which the giver asked the treating dentist for records (R16); the patient's consent
that her own dentist is informed (R18, R23) on the cases past that step; a colleague invited to the
team; an administrator. `data` holds what people wrote and their names, as in the patient sweep."""

from dataclasses import dataclass

from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from secondopinion.consent.services import consent_record
from secondopinion.directory.models import Organisation, Practitioner
from secondopinion.invitations.services import staff_invite
from secondopinion.records.requesting import data_request_create
from tests.access.world import walk
from tests.conftest import submit_input
from tests.factories import UserFactory
from tests.journey.reader_world import Sweep, build

# The staff roles and the cast's user of each (tests/conftest.py `cast`); the administrator is the
# product's only kind of organisation-wide manager besides the coordinator (who runs the team page).
STAFF = {
    "coordinator": "coordinator",
    "giver": "gever",
    "referrer": "huisarts",
    "treating": "tandarts",
    "complaints-officer": "klachten",
    "administrator": "beheer",
}
TEXTS = {
    "request": "Graag de röntgenfoto's van 36 en het behandelplan.",
    "invitee": "Sanne Bakker",
}


@dataclass
class StaffSweep:
    readers: dict[str, User]
    cases: dict[str, SecondOpinionCase]
    ids: dict[str, list[int | str]]
    data: list[str]


def build_staff() -> StaffSweep:
    sweep: Sweep = build()
    UserFactory(username="beheer", is_staff=True, is_superuser=True)
    readers = {role: User.objects.get(username=username) for role, username in STAFF.items()}
    giver = Practitioner.objects.get(user=readers["giver"])
    gp = Practitioner.objects.get(user=readers["referrer"])
    patient_user = sweep.readers["patient"]

    class Cast:  # what submit_input reads of the cast
        patient = patient_user.patient
        giving_practice = giver.organisation
        treating = Practitioner.objects.get(user=readers["treating"])

    referred = case_submit(
        actor=patient_user,
        data=submit_input(Cast, referrer_id=gp.pk, has_referral=True),
        source="web",
    )
    referred = walk(referred, "in_examination", coordinator=readers["coordinator"], giver=giver)
    cases = {**sweep.cases}
    for name in ("in-examination", "report-final", "closed", "complaint", "by-representative"):
        consent_record(
            actor=patient_user,
            case_id=cases[name].pk,
            purpose="inform_own_practitioner",
            method="in_app",
            source="web",
        )
    for purpose in ("request_records", "inform_own_practitioner"):
        consent_record(
            actor=patient_user, case_id=referred.pk, purpose=purpose, method="in_app", source="web"
        )
    asked = data_request_create(
        actor=readers["giver"],
        case_id=referred.pk,
        kinds=["xrays", "care_plan"],
        note=TEXTS["request"],
        source="web",
        email="tandarts@example.nl",
    )
    cases["referred-draft"] = walk(referred, "report_draft", coordinator=readers["coordinator"], giver=giver)
    invited = staff_invite(
        actor=readers["coordinator"], email="sanne@example.nl", name=TEXTS["invitee"], function="coordinator"
    )
    data = [*sweep.data, *TEXTS.values()]
    data += list(Organisation.objects.values_list("name", flat=True))
    data += [user.get_full_name() for user in User.objects.all()]
    ids = {
        **sweep.ids,
        "case_id": [case.pk for case in cases.values()],
        "request_id": [asked.request.pk],
        "invitation_id": [invited.invitation.pk],
        "user_id": [readers["giver"].pk],
        "patient_id": [patient_user.patient.pk],
    }
    return StaffSweep(readers=readers, cases=cases, ids=ids, data=sorted(set(data), key=len, reverse=True))
