"""R24: a final report is sealed with a hash of its content and never changes."""

import pytest
from django.db import IntegrityError, transaction

from secondopinion.reports.models import Report
from secondopinion.reports.services import report_content_hash

pytestmark = pytest.mark.django_db


def test_a_final_report_is_sealed_with_the_hash_of_its_content(a_case, advance):
    case = advance(a_case, "report_final")
    report = Report.objects.get(case=case)

    assert report.state == "final"
    assert report.finalised_at is not None
    assert report.content_hash == report_content_hash(report)


def test_the_seal_changes_with_any_section(a_case, advance):
    report = Report.objects.get(case=advance(a_case, "report_final"))
    sealed = report.content_hash

    report.advice = report.advice + " Neem contact op met uw tandarts."

    assert report_content_hash(report) != sealed


def test_the_database_refuses_a_final_report_without_a_seal(a_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(case=a_case, state="final", advice="Geen zegel.")


def test_a_draft_report_needs_no_seal(a_case):
    report = Report.objects.create(case=a_case, advice="Nog in concept.")

    assert (report.state, report.content_hash) == ("draft", "")
