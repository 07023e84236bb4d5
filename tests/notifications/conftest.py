"""The cast's case as the notification tests need it: asked by the representative on the GP's referral."""

import pytest
from django.utils import timezone

from secondopinion.cases.services import case_submit
from secondopinion.directory.models import Representative
from tests.conftest import submit_input
from tests.web.conftest import login  # noqa: F401  (the web tests' fixture, for the pages here)


@pytest.fixture
def represented(cast):
    """A request the representative made with the patient's consent in force (R8), the GP referring."""
    Representative.objects.create(
        user=cast.representative,
        patient=cast.patient,
        relation="partner",
        consent_given_at=timezone.now(),
        consent_method="signed_upload",
    )
    data = submit_input(cast, requester_kind="representative", referrer_id=cast.gp.pk, has_referral=True)
    return case_submit(actor=cast.representative, data=data, source="web")
