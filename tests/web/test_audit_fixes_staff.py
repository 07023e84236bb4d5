"""Browser audit (360 px, staff pages): the billing table becomes stacked cards on a phone instead of
cutting off its last column or pushing the page sideways (finding 11), and the report's sending table
names the basis role in words for staff too, keeping the rule id (finding 12)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db


def case_page(user, case, language: str) -> str:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client.get(reverse("web:case", args=[case.pk])).content.decode()


def section(page: str, anchor: str) -> str:
    return page.split(f'id="{anchor}"')[1].split("</section>")[0]


@pytest.fixture
def final(a_case, advance):
    return advance(a_case, "report_final")


@pytest.mark.parametrize("who", ["patient_user", "coordinator", "giver_user"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_billing_table_stacks_on_a_phone_with_each_cell_labelled(cast, final, who, language):
    billing = section(case_page(getattr(cast, who), final, language), "billing")

    assert 'class="stack-table billing-lines"' in billing
    quantity = "Aantal" if language == "nl" else "Quantity"
    assert f'data-label="{quantity}"' in billing
    assert "<code>C011</code>" in billing
    # A table that stacks needs no sideways-scrolling box around it.
    assert "table-wrap" not in billing


@pytest.mark.parametrize(
    ("language", "role", "raw"),
    [("nl", "rol: aanvrager", "requester"), ("en", "role: requester", "requester:")],
)
def test_staff_read_the_sendings_basis_role_in_words_with_the_rule_id(cast, final, language, role, raw):
    text = visible_text(section(case_page(cast.coordinator, final, language), "distribution"))

    assert f"R23 · {role}" in text
    if language == "nl":
        assert not says(text, raw)


def test_the_other_recipients_roles_are_words_too():
    from django.utils import translation

    from secondopinion.web.templatetags.web import role_label

    with translation.override("nl"):
        assert role_label("gp_or_specialist") == "huisarts of specialist"
        assert role_label("practitioner_initiated") == "zorgverlener die de second opinion aanvroeg"
        assert role_label("requester") == "aanvrager"
        assert role_label("referrer") == "verwijzer"
    with translation.override("en"):
        assert role_label("gp_or_specialist") == "GP or specialist"
