"""Review at 360 px: the agreements card said "Wie verder een afschrift krijgt: Niemand anders." and
then, below it, that the own practitioner receives the report, which read as a contradiction. The
copies now come last, after the referrer and the own practitioner, so "nobody else" means nobody
besides them; in both languages."""

import pytest

from tests.reading import says
from tests.web.test_agreements_and_consent import card, page_of, without_consent

pytestmark = pytest.mark.django_db

WORDS = {
    "nl": ("Uw eigen behandelaar (", "Wie verder een afschrift krijgt", "Niemand anders."),
    "en": ("Your own practitioner (", "Who else receives a copy", "Nobody else."),
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_nobody_else_comes_after_the_own_practitioner(cast, a_case, advance, language):
    case = advance(a_case, "informed")  # agreed to inform the own practitioner, with her consent

    words = card(page_of(cast.patient_user, case, language))

    own, copies, nobody = WORDS[language]
    assert says(words, nobody)
    assert words.index(own) < words.index(copies) < words.index(nobody)
    assert words.rstrip().endswith(nobody)


def test_the_order_holds_when_her_consent_is_missing(cast, a_case):
    case = without_consent(cast, a_case, "report_final")

    words = card(page_of(cast.patient_user, case))

    assert words.index("Afgesproken is dat uw eigen behandelaar het rapport krijgt.") < words.index(
        "Wie verder een afschrift krijgt"
    )
