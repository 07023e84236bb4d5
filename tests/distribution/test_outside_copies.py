"""R14: the copies agreed beforehand. The coordinator records that a copy of the final report went to
an agreed recipient outside the portal; the giver and coordinator see the agreement and the copies,
the patient and her representative read them in plain words; nobody else records one."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.services import case_submit
from secondopinion.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from secondopinion.distribution.copies import outside_copy_record
from secondopinion.distribution.models import OutsideCopy
from tests.conftest import representation_in_force, submit_input, walk
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

AGREED = "Huisarts dr. Bakker in Leiden, per post"
DOCTOR = "Dr. M. Bakker, huisarts"


@pytest.fixture
def final(cast, submit):
    return walk(cast, submit(), "report_final", informed={"copy_recipients": AGREED})


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(user, case, **overrides):
    body = {"recipient_name": DOCTOR, "channel": "post", "sent_on": timezone.localdate().isoformat()}
    body |= overrides
    url = reverse("web:outside-copy-add", kwargs={"case_id": case.pk})
    return _web(user).post(url, body, HTTP_ACCEPT_LANGUAGE="nl")


def _page(user, case, language="nl") -> str:
    response = _web(user).get(reverse("web:case", kwargs={"case_id": case.pk}), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return visible_text(response.content.decode())


def _dutch_day(day: dt.date) -> str:
    months = "januari februari maart april mei juni juli augustus september oktober november december"
    return f"{day.day} {months.split()[day.month - 1]} {day.year}"


def test_the_coordinator_records_a_copy_and_the_patient_reads_where_it_went(cast, final):
    response = _post(cast.coordinator, final)

    assert response.status_code == 302
    copy = OutsideCopy.objects.get(case=final)
    assert (copy.recipient_name, copy.channel, copy.sent_on, copy.recorded_by) == (
        DOCTOR,
        "post",
        timezone.localdate(),
        cast.coordinator,
    )
    assert copy.report == final.report
    event = AccessEvent.objects.filter(case=final, data="report:outside-copy").get()
    assert (event.action, event.actor_id, event.role) == ("create", cast.coordinator.pk, "coordinator")

    page = _page(cast.patient_user, final)
    assert f"Een kopie ging per post naar {DOCTOR}, op {_dutch_day(timezone.localdate())}." in page
    assert not says(page, "R14")
    english = _page(cast.patient_user, final, "en")
    assert f"A copy went by post to {DOCTOR}, on" in english


def test_the_representative_reads_that_a_copy_was_handed_to_the_patient(cast):
    representation_in_force(cast)
    data = submit_input(cast, requester_kind="representative")
    asked = case_submit(actor=cast.representative, data=data, source="web")
    final = walk(cast, asked, "report_final", informed={"copy_recipients": AGREED})
    _post(cast.coordinator, final, channel="handed_to_patient")

    page = _page(cast.representative, final)

    assert f"Een kopie voor {DOCTOR} is meegegeven aan {cast.patient.name}, op" in page
    assert not says(page, "R14")


def test_the_staff_see_the_agreement_as_recorded_and_the_copies(cast, final):
    _post(cast.coordinator, final, channel="secure_email")

    for user in (cast.coordinator, cast.giver_user):
        page = _page(user, final)
        assert "Afgesproken kopieën (R14)" in page
        assert AGREED in page
        assert f"Vastgelegd door {cast.giver_user}" in page
        assert DOCTOR in page
        assert "per beveiligde e-mail" in page
    assert "Een kopie buiten het portaal vastleggen" in _page(cast.coordinator, final)
    assert "Een kopie buiten het portaal vastleggen" not in _page(cast.giver_user, final)


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_coordinator", 404), ("stranger", 404), ("treating_user", 403), ("patient_user", 403)],
)
def test_nobody_but_the_cases_coordinator_records_a_copy(cast, final, who, status):
    if who == "treating_user":  # the treating practitioner reads the case (R23, the patient's consent)
        assert (
            _web(cast.treating_user).get(reverse("web:case", kwargs={"case_id": final.pk})).status_code == 200
        )

    response = _post(getattr(cast, who), final)

    assert response.status_code == status
    assert not OutsideCopy.objects.filter(case=final).exists()
    assert not AccessEvent.objects.filter(case=final, data="report:outside-copy").exists()


def test_the_giver_may_not_record_a_copy(cast, final):
    with pytest.raises(NotPermitted):
        outside_copy_record(
            actor=cast.giver_user,
            case_id=final.pk,
            recipient_name=DOCTOR,
            channel="post",
            sent_on=timezone.localdate(),
            source="web",
        )
    assert not OutsideCopy.objects.exists()


def test_the_treating_practitioner_does_not_see_the_copies(cast, final):
    _post(cast.coordinator, final)

    page = _page(cast.treating_user, final)

    assert not says(page, DOCTOR)
    assert "Afgesproken kopieën" not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("recipient_name", "   ", "Ontvanger"),
        ("channel", "fax", "Hoe"),
        ("sent_on", "31-02-2026", "Verzenddatum"),
        ("sent_on", 2, "in de toekomst"),
        ("sent_on", -2, "vóór de dag waarop het rapport"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_stored(cast, final, field, value, message):
    if isinstance(value, int):  # days from today: after it, or before the report became final today
        value = (timezone.localdate() + dt.timedelta(days=value)).isoformat()
    response = _post(cast.coordinator, final, **{field: value})

    assert response.status_code == 422
    page = response.content.decode()
    assert f'href="#copy-{field}' in page
    assert message in visible_text(page)
    assert not OutsideCopy.objects.filter(case=final).exists()
    assert not AccessEvent.objects.filter(case=final, data="report:outside-copy").exists()


def test_no_copy_is_recorded_before_the_report_is_final(cast, submit):
    case = walk(cast, submit(), "report_draft", informed={"copy_recipients": AGREED})

    with pytest.raises(TransitionNotAllowed):
        outside_copy_record(
            actor=cast.coordinator,
            case_id=case.pk,
            recipient_name=DOCTOR,
            channel="post",
            sent_on=timezone.localdate(),
            source="web",
        )
    assert not OutsideCopy.objects.exists()


def test_the_service_names_the_field_it_refuses(cast, final):
    with pytest.raises(InvalidInput) as refused:
        outside_copy_record(
            actor=cast.coordinator,
            case_id=final.pk,
            recipient_name=DOCTOR,
            channel="carrier_pigeon",
            sent_on=timezone.localdate(),
            source="api",
        )
    assert refused.value.field == "channel"
    assert not OutsideCopy.objects.exists()
