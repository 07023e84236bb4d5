import datetime as dt

import pytest
from django.utils import timezone

from secondopinion.cases.snapshot import snapshot_of
from secondopinion.consent.models import Consent
from secondopinion.reports.models import CollegialNotice

pytestmark = pytest.mark.django_db


def consent(case, user, purpose, *, revoked=False):
    now = timezone.now()
    return Consent.objects.create(
        case=case,
        purpose=purpose,
        given_by_name=case.patient.name,
        method="in_app",
        given_at=now - dt.timedelta(hours=1),
        recorded_by=user,
        revoked_at=now if revoked else None,
    )


def test_a_consent_in_force_shows_in_the_snapshot_and_a_revoked_one_does_not(a_case, cast):
    consent(a_case, cast.patient_user, "request_records")
    consent(a_case, cast.patient_user, "consult_colleague", revoked=True)

    snapshot = snapshot_of(a_case)

    assert snapshot.records_consent
    assert not snapshot.colleague_consent
    assert snapshot.revoked_consents == frozenset({"consult_colleague"})


def test_a_later_consent_for_the_same_purpose_restores_it(a_case, cast):
    consent(a_case, cast.patient_user, "request_records", revoked=True)
    consent(a_case, cast.patient_user, "request_records")

    snapshot = snapshot_of(a_case)

    assert snapshot.records_consent
    assert snapshot.revoked_consents == frozenset()


def test_a_collegial_notice_quoted_in_the_report_is_detected(a_case, cast, advance):
    case = advance(a_case, "report_draft")
    notice = "De indicatie voor extractie is onvoldoende onderbouwd in het dossier."
    CollegialNotice.objects.create(case=case, author=cast.giver_user, text=notice)
    assert not snapshot_of(case).collegial_notice_in_report

    case.report.advice = "Advies: " + notice
    case.report.save()

    assert snapshot_of(case).collegial_notice_in_report
