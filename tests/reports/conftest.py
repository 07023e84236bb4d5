"""A report with every section filled, long enough to run to four pages, for the rendering tests;
the giving practice has its letterhead details and the giver a BIG number."""

import pytest
from django.utils import timezone

from secondopinion.billing.services import billing_add_line
from secondopinion.cases.editing import case_save_report_draft
from secondopinion.cases.services import case_transition
from secondopinion.directory.models import Organisation, Practitioner
from secondopinion.records.models import TreatmentPlan
from tests.conftest import HAPPY_PATH, step_input

FINALISE = HAPPY_PATH[-2]

# One paragraph of findings; repeated with its tooth number it makes a long, realistic record.
FINDING = (
    "Element {tooth}: occlusaal en distaal een diepe cariëslaesie tot in het dentine, pulpa niet "
    "zichtbaar geopend op de bitewing. Percussie licht positief, sensibiliteit (koude) vertraagd "
    "positief. Parodontaal: pocketdiepte 3 tot 4 mm, geen mobiliteit, geen furcatieproblematiek. "
    "Röntgenologisch geen periapicale radiolucentie; de wortelvorm laat een endodontische "
    "behandeling toe."
)
TEETH = (11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 27, 31, 32, 33, 34, 35, 36, 37)
SECTIONS = {
    "information_used": "Verwijsbrief en behandelplan van de eigen tandarts; bitewings van maart.",
    "deviations": "Extractie is niet de enige optie; endodontische behandeling is haalbaar.",
    "consequences": "Endo met kroon kost meer dan extractie, maar behoudt de kies. Risico: "
    "een wortelfractuur op termijn.",
    "advice": "Bespreek met uw tandarts een wortelkanaalbehandeling met kroon.",
    "alternatives": "Extractie met een implantaat of een brug, of extractie zonder vervanging.",
    "costs": "C011 en twee bitewings (X10).",
}


# The giving practice's letterhead and the giver's BIG number, as the letter prints them.
LETTERHEAD = {
    "street_address": "Stationsplein 12",
    "postcode": "3811 AB",
    "phone": "033 460 12 00",
    "email": "secondopinion@mondzorgoost.example",
    "complaint_scheme": "Klachtenregeling KNMT",
}
BIG_NUMBER = "19012345601"


def long_findings(paragraphs: int) -> str:
    return "\n\n".join(FINDING.format(tooth=TEETH[i % len(TEETH)]) for i in range(paragraphs))


@pytest.fixture
def full_report(cast, a_case, advance):
    """Walk to the draft, fill every section, add a plan and X-rays, then finalise. `paragraphs` of
    findings: 21 run the report to four A4 pages."""

    def _build(paragraphs: int = 21, *, finalise: bool = True):
        Organisation.objects.filter(pk=cast.giving_practice.pk).update(**LETTERHEAD)
        Practitioner.objects.filter(pk=cast.giver.pk).update(big_number=BIG_NUMBER)
        case = advance(a_case, "report_draft")
        sections = {**SECTIONS, "findings": long_findings(paragraphs)}
        case_save_report_draft(actor=cast.giver_user, case_id=case.pk, sections=sections, source="web")
        TreatmentPlan.objects.create(
            case=case,
            description="Wortelkanaalbehandeling 36 met een volkeramische kroon.",
            cost_estimate_cents=125_000,
            drafted_by=cast.giver_user,
        )
        billing_add_line(
            actor=cast.giver_user,
            case_id=case.pk,
            code="X10",
            quantity=2,
            date=timezone.localdate(),
            source="web",
        )
        if finalise:
            # The sections are in the draft already; the sign-off step adds none of its own.
            to, actor, _values = FINALISE
            case = case_transition(
                actor=getattr(cast, actor), case_id=case.pk, to=to, data=step_input(cast, {}), source="web"
            )
        case.refresh_from_db()
        return case

    return _build
