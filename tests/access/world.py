"""One world for the access tests, built once per module: the fixed cast (tests/conftest.py), a
representative with the patient's consent and one whose consent was revoked, a maintainer, and
cases in every state of the ordinary path on two sides:

- "own": Petra's request, made by her representative, referred by the GP, handled by the giving
  practice, treated by the cast's dentist (who may be informed, R23), given by the cast's giver;
- "others": Otto's request at another practice, with its own treating dentist and giver;
- "revoked": Petra's request made by a representative whose consent she later revoked (R8).

`world` (tests/access/conftest.py) builds it inside a transaction that is rolled back when the
module ends; every test runs in a savepoint of it, so what one test writes is gone for the next.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from secondopinion.accounts.models import User
from secondopinion.api.models import ApiToken
from secondopinion.cases.inputs import StepInput, SubmitInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.consent.services import consent_record
from secondopinion.core.roles import Role
from secondopinion.directory.models import Practitioner, Representative
from secondopinion.reports.notices import collegial_notice_send
from tests import conftest
from tests.conftest import HAPPY_PATH, Cast, submit_input
from tests.factories import OrganisationFactory, PractitionerFactory, UserFactory

# The ordinary path, in order; a case is built in each of these states on the "own" and "others" side.
STATES = ("submitted", "accepted", "assigned", "informed", "in_examination", "report_draft", "report_final")
PATIENT_NAMES = ("Petra de Vries", "Otto Overbeek")


@dataclass(frozen=True)
class Row:
    """One role of the matrix: which user plays it, the side their own case is on, and from which
    state on the product gives them a relation to that case (None: never)."""

    user: str
    role: Role | None
    own: str
    related_from: str | None

    @property
    def others(self) -> str:
        return "own" if self.own == "others" else "others"


# Every role and its own case. Who is related from when follows the product's rules: the patient,
# the representative (R8), the referrer and the practice staff from the request on; the giver
# from assignment; the treating practitioner once the patient's consent to inform him is in force
# (R18, R23: recorded here with the explanation);
# nobody else, ever (an administrator maintains the directory and sees no patient data).
ROWS: dict[str, Row] = {
    "patient": Row("patient", Role.PATIENT, "own", "submitted"),
    "representative": Row("representative", Role.REPRESENTATIVE, "own", "submitted"),
    "representative-without-consent": Row("former_representative", Role.REPRESENTATIVE, "revoked", None),
    "referrer": Row("gp", Role.REFERRER, "own", "submitted"),
    "treating": Row("treating", Role.TREATING, "own", "informed"),
    "giver": Row("giver", Role.GIVER, "own", "assigned"),
    "coordinator": Row("coordinator", Role.COORDINATOR, "own", "submitted"),
    "coordinator-other-organisation": Row("other_coordinator", Role.COORDINATOR, "others", "submitted"),
    "complaints-officer": Row("complaints_officer", Role.COMPLAINTS_OFFICER, "own", "submitted"),
    "administrator": Row("administrator", Role.ADMINISTRATOR, "own", None),
    "stranger": Row("stranger", None, "own", None),
}
WHOSE = ("own", "others")


def related(row: Row, whose: str, state: str) -> bool:
    """Whether the product gives `row` a relation to its own (or someone else's) case in `state`."""
    if whose != "own" or row.related_from is None:
        return False
    return STATES.index(state) >= STATES.index(row.related_from)


@dataclass
class World:
    cast: Cast
    users: dict[str, User]
    tokens: dict[str, str]
    cases: dict[tuple[str, str], SecondOpinionCase]
    givers: dict[str, Practitioner]
    consents: dict[str, int] = field(default_factory=dict)
    # A record each side's treating practitioner supplied, under the consent to request it (R16).
    documents: dict[str, int] = field(default_factory=dict)
    # Each user's web session, logged in once for the whole world (the session rows live in the
    # world's transaction; what a test does to one is rolled back with the test).
    sessions: dict[str, str] = field(default_factory=dict)

    def case(self, side: str, state: str) -> SecondOpinionCase:
        return self.cases[(side, "submitted" if side == "revoked" else state)]

    def side_of(self, row: Row, whose: str) -> str:
        return row.own if whose == "own" else row.others


def walk(
    case: SecondOpinionCase, target: str, *, coordinator: User, giver: Practitioner
) -> SecondOpinionCase:
    """Take the happy path's steps until `target`; the giver declares independence on assignment."""
    from secondopinion.directory.services import independence_declare

    actors = {"coordinator": coordinator, "giver_user": giver.user}
    path = ["submitted"] + [to for to, _actor, _values in HAPPY_PATH]
    for to, who, values in HAPPY_PATH[path.index(case.status) :]:
        if case.status == target:
            break
        data = StepInput(**{k: (giver.pk if k == "giver_id" else v) for k, v in values.items()})
        case = case_transition(actor=actors[who], case_id=case.pk, to=to, data=data, source="web")
        if to == "assigned":
            independence_declare(actor=giver.user, case_id=case.pk, statement_confirmed=True, source="web")
    return case


def others_input(cast: Cast, treating: Practitioner) -> SubmitInput:
    return submit_input(
        cast,
        patient_id=cast.other_patient_user.patient.pk,
        organisation_id=cast.other_practice.pk,
        treating_practitioner_id=treating.pk,
    )


def _record_supplied(case: SecondOpinionCase, treating: Practitioner) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from secondopinion.documents.services import document_store
    from tests.documents.files import pdf

    return document_store(
        case=case,
        upload=SimpleUploadedFile("verwijsbrief.pdf", pdf()),
        purpose="record",
        source="web",
        actor=treating.user,
        role="treating",
        basis="consent:request_records",
    ).pk


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def build_world() -> World:
    cast = conftest.cast._get_wrapped_function()(None)
    now = timezone.now()
    Representative.objects.create(
        user=cast.representative,
        patient=cast.patient,
        relation="partner",
        consent_given_at=now,
        consent_method="signed_upload",
    )
    former = UserFactory(username="oud-vertegenwoordiger")
    Representative.objects.create(
        user=former, patient=cast.patient, relation="child", consent_given_at=now, consent_method="in_app"
    )
    administrator = UserFactory(username="beheer", is_staff=True, is_superuser=True)
    gracht_dentist = PractitionerFactory(
        user=UserFactory(username="tandarts-gracht"), organisation=cast.other_practice, name="Tandarts Gracht"
    )
    west_giver = PractitionerFactory(
        user=UserFactory(username="gever-west"),
        organisation=OrganisationFactory(name="Mondzorg West", city="Den Haag"),
        name="Gever West",
    )
    cases: dict[tuple[str, str], SecondOpinionCase] = {}
    for state in STATES:
        own = case_submit(
            actor=cast.representative,
            data=submit_input(cast, requester_kind="representative", referrer_id=cast.gp.pk),
            source="web",
        )
        cases[("own", state)] = walk(own, state, coordinator=cast.coordinator, giver=cast.giver)
        if STATES.index(state) >= STATES.index("informed"):
            consent_record(
                actor=cast.patient_user,
                case_id=own.pk,
                purpose="inform_own_practitioner",
                method="in_app",
                source="web",
            )
        other = case_submit(
            actor=cast.other_patient_user, data=others_input(cast, gracht_dentist), source="web"
        )
        cases[("others", state)] = walk(other, state, coordinator=cast.other_coordinator, giver=west_giver)
    cases[("revoked", "submitted")] = case_submit(
        actor=former, data=submit_input(cast, requester_kind="representative"), source="web"
    )
    Representative.objects.filter(user=former).update(consent_revoked_at=timezone.now())

    users = {
        "patient": cast.patient_user,
        "representative": cast.representative,
        "former_representative": former,
        "gp": cast.gp_user,
        "treating": cast.treating_user,
        "giver": cast.giver_user,
        "coordinator": cast.coordinator,
        "other_coordinator": cast.other_coordinator,
        "complaints_officer": cast.complaints_officer,
        "administrator": administrator,
        "stranger": cast.stranger,
    }
    world = World(
        cast=cast,
        users=users,
        tokens={name: ApiToken.issue(user=user, name="matrix")[1] for name, user in users.items()},
        cases=cases,
        givers={"own": cast.giver, "others": west_giver, "revoked": cast.giver},
    )
    patients = {"own": cast.patient_user, "others": cast.other_patient_user, "revoked": cast.patient_user}
    for side, patient_user in patients.items():
        case = world.case(side, "report_final")
        world.consents[side] = consent_record(
            actor=patient_user, case_id=case.pk, purpose="request_records", method="in_app", source="web"
        ).pk
        world.documents[side] = _record_supplied(case, gracht_dentist if side == "others" else cast.treating)
        if side != "revoked":
            collegial_notice_send(
                actor=world.givers[side].user,
                case_id=case.pk,
                text="Collegiale melding: let op de vulling van 35.",
                source="web",
            )
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        world.sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world
