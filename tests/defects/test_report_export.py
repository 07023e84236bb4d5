"""A refused report download is not logged as an export (web and API share one selector that checks,
then logs: reports/selectors.py)."""

import pytest
from django.test import Client

from secondopinion.audit.models import AccessEvent
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def _exports(case) -> int:
    return AccessEvent.objects.filter(case_id=case.pk, action="export").count()


@pytest.fixture
def draft(a_case, advance):
    """A case whose report is still a draft: only the giver and the practice staff read it."""
    return advance(a_case, "report_draft")


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_the_patient_cannot_download_a_draft_and_no_export_is_logged(cast, draft, kind):
    web = Client()
    web.force_login(cast.patient_user)
    before = _exports(draft)

    assert web.get(f"/cases/{draft.pk}/report.{kind}").status_code == 404
    assert ApiClient(cast.patient_user).get(f"/cases/{draft.pk}/report.{kind}").status_code == 404

    assert _exports(draft) == before


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_a_stranger_learns_nothing_and_no_export_is_logged(cast, draft, kind):
    before = _exports(draft)
    response = ApiClient(cast.other_coordinator).get(f"/cases/{draft.pk}/report.{kind}")
    assert response.status_code == 404
    assert _exports(draft) == before


def test_the_giver_downloads_the_draft_and_one_export_is_logged(cast, draft):
    before = _exports(draft)
    response = ApiClient(cast.giver_user).get(f"/cases/{draft.pk}/report.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert _exports(draft) == before + 1
    event = AccessEvent.objects.filter(case_id=draft.pk, action="export").latest("pk")
    assert event.data == "report"
    assert event.role == "giver"


def test_an_addendum_of_only_invisible_characters_is_refused_and_nothing_is_stored(cast, a_case, advance):
    from secondopinion.cases.editing import case_add_addendum
    from secondopinion.core.errors import InvalidInput
    from secondopinion.reports.models import Addendum

    final = advance(a_case, "report_final")
    with pytest.raises(InvalidInput) as refused:
        case_add_addendum(actor=cast.giver_user, case_id=final.pk, text="\u200b\u2060\ufeff", source="web")
    assert refused.value.field == "text"
    assert not Addendum.objects.filter(report__case=final).exists()
