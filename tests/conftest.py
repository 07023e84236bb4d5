"""The fixed cast every test shares, and a helper that walks a case along the happy path."""

import gc
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from secondopinion.accounts.models import User
from secondopinion.cases.inputs import StepInput, SubmitInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.directory.models import Organisation, Patient, Practitioner, Representative
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
from tests.factories import (
    OrganisationFactory,
    PatientFactory,
    PractitionerFactory,
    StaffFactory,
    UserFactory,
)

PASSWORD = "correct horse battery staple"

# The test client, the live server and schemathesis' WSGI calls (made while collecting) speak plain
# http. Production redirects to https (SECURE_SSL_REDIRECT is on unless DJANGO_DEBUG is true), which
# tests/test_settings.py proves with `check --deploy` in a process of its own.
django_settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that log in hundreds of users need not be.
    tests/test_settings.py proves production settings hash with Argon2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Counters in the cache (failed patient identifications, security-burst alerts) are keyed by user
    id, and ids are reused once a test's transaction rolls back: each test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_reference_data():
    """Tariffs and planned days are kept in the process (core/refcache.py); a rolled-back test's rows
    must not be served to the next one."""
    from secondopinion.core.refcache import clear_all

    clear_all()
    yield
    clear_all()


@pytest.fixture(autouse=True)
def _second_factor_only_where_marked(request, settings):
    """Most tests log in with force_login and test what comes after it; the TOTP step is proven by
    the tests marked `second_factor` (tests/accounts/), for which it stays on as in production."""
    if request.node.get_closest_marker("second_factor") is None:
        settings.TM_REQUIRE_SECOND_FACTOR = False


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """The test client's requests run in the test's thread, and the locale middleware leaves the
    language of the last request active: a test after one that asked in English would otherwise
    store and compare English text. Each test starts (and ends) in Dutch, the product's default."""
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _tariff_codes_survive_flushes(request):
    """A transactional test empties every table afterwards, migration data included; the next one
    on the same worker would find no C011. Seed the codes again for those tests."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        from secondopinion.billing.tariffs import seed_tariff_codes

        request.getfixturevalue("transactional_db")
        seed_tariff_codes()


@pytest.fixture(autouse=True, scope="session")
def _documents_in_a_folder_of_the_run(tmp_path_factory):
    """Uploaded documents go to a temporary folder, never under var/media of the working tree."""
    from django.test import override_settings

    location = str(tmp_path_factory.mktemp("documents"))
    storages = {
        **django_settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(autouse=True, scope="session")
def _audit_log_survives_flushes():
    """The access log refuses DELETE and TRUNCATE, so a transactional test's flush would fail; in
    the test process only, the flush lifts the triggers and restores them in its own transaction."""
    from tests.audit.tampering import flushes_lift_the_triggers

    with flushes_lift_the_triggers():
        yield


@dataclass
class Cast:
    patient_user: User
    patient: Patient
    other_patient_user: User
    representative: User
    gp_user: User
    gp: Practitioner
    treating_user: User
    treating: Practitioner
    giver_user: User
    giver: Practitioner
    colleague_user: User
    colleague: Practitioner
    coordinator: User
    complaints_officer: User
    other_coordinator: User
    stranger: User
    treating_practice: Organisation
    giving_practice: Organisation
    other_practice: Organisation


class _NewUserFactory(UserFactory):
    """The cast's users, made without UserFactory's look-up by username first: the cast is built in a
    fresh test transaction (or a module's world), where none of its usernames exists; a clash would
    fail on the unique username instead of reusing someone."""

    class Meta:
        django_get_or_create = ()


@pytest.fixture
def cast(db) -> Cast:
    treating_practice = OrganisationFactory(name="Tandartspraktijk De Molen", city="Utrecht")
    giving_practice = OrganisationFactory(name="Mondzorg Centrum Oost", city="Amersfoort")
    other_practice = OrganisationFactory(name="Tandartsen aan de Gracht", city="Leiden")
    gp_practice = OrganisationFactory(name="Huisartsenpraktijk Lombok", city="Utrecht")

    def practitioner(
        username: str, org: Organisation, discipline: str = "dentist"
    ) -> tuple[User, Practitioner]:
        user = _NewUserFactory(username=username)
        return user, PractitionerFactory(
            user=user, organisation=org, discipline=discipline, name=username.title()
        )

    patient_user = _NewUserFactory(username="petra")
    other_patient_user = _NewUserFactory(username="otto")
    PatientFactory(user=other_patient_user, name="Otto Overbeek")
    gp_user, gp = practitioner("huisarts", gp_practice, "gp")
    treating_user, treating = practitioner("tandarts", treating_practice)
    giver_user, giver = practitioner("gever", giving_practice)
    colleague_user, colleague = practitioner("collega", treating_practice)
    coordinator = StaffFactory(
        organisation=giving_practice, user=_NewUserFactory(username="coordinator")
    ).user
    officer = StaffFactory(
        organisation=giving_practice,
        function="complaints_officer",
        user=_NewUserFactory(username="klachten"),
    ).user
    other_coordinator = StaffFactory(
        organisation=other_practice, user=_NewUserFactory(username="anderepraktijk")
    ).user
    return Cast(
        patient_user=patient_user,
        patient=PatientFactory(user=patient_user, name="Petra de Vries"),
        other_patient_user=other_patient_user,
        representative=_NewUserFactory(username="vertegenwoordiger"),
        gp_user=gp_user,
        gp=gp,
        treating_user=treating_user,
        treating=treating,
        giver_user=giver_user,
        giver=giver,
        colleague_user=colleague_user,
        colleague=colleague,
        coordinator=coordinator,
        complaints_officer=officer,
        other_coordinator=other_coordinator,
        stranger=_NewUserFactory(username="vreemde"),
        treating_practice=treating_practice,
        giving_practice=giving_practice,
        other_practice=other_practice,
    )


def representation_in_force(cast: Cast):
    """The cast's representative (a partner) for the cast's patient, with the patient's signed consent
    in force (R8)."""
    return Representative.objects.create(
        user=cast.representative,
        patient=cast.patient,
        relation="partner",
        consent_given_at=timezone.now(),
        consent_method="signed_upload",
    )


def submit_input(cast: Cast, **overrides) -> SubmitInput:
    values = {
        "protocol": "dental-knmt",
        "patient_id": cast.patient.pk,
        "organisation_id": cast.giving_practice.pk,
        "treating_practitioner_id": cast.treating.pk,
        "care_question": "Moet kies 36 echt getrokken worden, of is een wortelkanaalbehandeling mogelijk?",
        "subject": "treatment_plan",
        "treatment_started": False,
    }
    if overrides.get("patient_bsn") and "patient_birth_date" not in overrides:
        values["patient_birth_date"] = cast.patient.date_of_birth  # a BSN names nobody alone
    values.update(overrides)
    return SubmitInput(**values)


# The input and the actor of each happy-path step, in order.
HAPPY_PATH: list[tuple[str, str, dict]] = [
    ("accepted", "coordinator", {"classification": "second_opinion"}),
    ("assigned", "coordinator", {"giver_id": "giver"}),
    (
        "informed",
        "giver_user",
        {
            "explanation_items": list(EXPLANATION_ITEMS),
            "written_report": True,
            "inform_own_practitioner": True,
            "records_alternative_explained": True,
            "care_question": "Is extractie van 36 nodig, of kan de kies behouden blijven?",
        },
    ),
    ("in_examination", "giver_user", {}),
    (
        "report_draft",
        "giver_user",
        {
            "findings": "Diepe cariës 36 distaal, geen periapicale afwijking op de röntgenfoto.",
            "anamnesis_dental": "Pijn bij kauwen sinds maart.",
        },
    ),
    (
        "report_final",
        "giver_user",
        {
            "report": {
                "deviations": "Extractie is niet de enige optie; endodontische behandeling is haalbaar.",
                "consequences": "Endo met kroon kost meer dan extractie, maar behoudt de kies.",
                "advice": "Bespreek met uw tandarts een wortelkanaalbehandeling met kroon.",
            }
        },
    ),
    ("closed", "coordinator", {"closure_decision": "accept_opinion"}),
]


def step_input(cast: Cast, values: dict) -> StepInput:
    resolved = {k: (getattr(cast, v).pk if k == "giver_id" else v) for k, v in values.items()}
    return StepInput(**resolved)


def declare_independence(cast: Cast, case: SecondOpinionCase) -> None:
    """R10: the assigned giver declares independence, right after assignment."""
    from secondopinion.directory.services import independence_declare

    independence_declare(actor=cast.giver_user, case_id=case.pk, statement_confirmed=True, source="web")


def give_records_consent(cast: Cast, case: SecondOpinionCase) -> None:
    """R16: the patient consents in the app to requesting records from the treating practitioner."""
    from secondopinion.consent.services import consent_record

    consent_record(
        actor=cast.patient_user, case_id=case.pk, purpose="request_records", method="in_app", source="web"
    )


def give_inform_consent(cast: Cast, case: SecondOpinionCase) -> None:
    """R18, R23: the patient consents in the app that the own practitioner is informed; the
    agreement of the informed step alone discloses nothing."""
    from secondopinion.consent.services import consent_record

    consent_record(
        actor=cast.patient_user,
        case_id=case.pk,
        purpose="inform_own_practitioner",
        method="in_app",
        source="web",
    )


@pytest.fixture
def submit(cast):
    def _submit(**overrides) -> SecondOpinionCase:
        return case_submit(actor=cast.patient_user, data=submit_input(cast, **overrides), source="web")

    return _submit


def walk(cast, case: SecondOpinionCase, target: str, informed: dict | None = None) -> SecondOpinionCase:
    """Walk a case along the happy path until it reaches `target`; the giver declares independence
    (R10) right after assignment, and where the informed step agrees that the own practitioner is
    informed the patient gives that consent in the ledger (R18, R23). `informed`: values of the
    informed step that differ from the happy path's."""
    path = ["submitted"] + [to for to, _actor, _values in HAPPY_PATH]
    for to, actor_name, values in HAPPY_PATH[path.index(case.status) :]:
        if case.status == target:
            break
        if to == "informed" and informed:
            values = {**values, **informed}
        case = case_transition(
            actor=getattr(cast, actor_name),
            case_id=case.pk,
            to=to,
            data=step_input(cast, values),
            source="web",
        )
        if to == "assigned":
            declare_independence(cast, case)
        if to == "informed" and values.get("inform_own_practitioner"):
            give_inform_consent(cast, case)
    assert case.status == target
    return case


@pytest.fixture
def advance(cast):
    """`walk` for the fixed cast: advance(case, target)."""

    def _advance(case: SecondOpinionCase, target: str) -> SecondOpinionCase:
        return walk(cast, case, target)

    return _advance


@pytest.fixture
def a_case(submit) -> SecondOpinionCase:
    return submit()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last of a run of browser tests, once its fixtures are torn down, the worker's shared
    Chromium stops (tests/browser/chromium.py): the tests after it must not run beside Playwright's
    event loop."""
    result = yield
    if "browser" in getattr(item, "fixturenames", ()) and "browser" not in getattr(
        nextitem, "fixturenames", ()
    ):
        from tests.browser.chromium import stop_shared_chromium

        stop_shared_chromium()
    return result


def pytest_collection_finish(session):
    """What collection loaded (Django, the product, the test modules) lives as long as the run: out of
    the cyclic collector's walk (gc.freeze), as config/wsgi.py does for a served process, so a full
    collection walks only what the tests made."""
    gc.collect()
    gc.freeze()
