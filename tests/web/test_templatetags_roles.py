"""How a role, or the basis a report was sent on, reads for the patient."""

from django.utils import translation

from secondopinion.web.templatetags.web import role_label


def test_the_requester_a_report_is_sent_to_reads_as_a_word_not_a_key():
    with translation.override("nl"):
        assert role_label("requester") == "aanvrager"
        assert role_label("patient") == "patiënt"
    with translation.override("en"):
        assert role_label("requester") == "requester"


def test_an_unknown_basis_is_shown_as_it_is():
    assert role_label("something-else") == "something-else"
