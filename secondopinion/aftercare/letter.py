"""The decision letter on a complaint (Wkkgz art. 17), as a PDF drawn with ReportLab: the judgment,
its reasons, what R28 adds for a denturist's second opinion, and the route to the disputes body when
the complainant is not satisfied. Written in the complainant's language, in plain words."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from secondopinion.access.permissions import PATIENT_SIDE
from secondopinion.aftercare import deadlines
from secondopinion.aftercare.complaints import JUDGMENT_LABELS, received_on
from secondopinion.aftercare.models import Complaint
from secondopinion.aftercare.writing import long_date
from secondopinion.core.text import Text
from secondopinion.core.textcheck import printable_copy

MARGIN = 20 * mm
INK = colors.HexColor("#1f2933")
RULE = colors.HexColor("#cbd2d9")

TITLE = Text("Beslissing op uw klacht", "Decision on your complaint")
FACTS = (
    Text("Uw second opinion", "Your second opinion"),
    Text("Klacht ontvangen op", "Complaint received on"),
    Text("Klachtenregeling", "Complaint scheme"),
    Text("Beslist op", "Decided on"),
    Text("Ons oordeel", "Our judgment"),
)
# The practitioner who asked for the second opinion complains about one that was not his own (R8, R28).
ASKED_FOR = Text("De second opinion die u aanvroeg", "The second opinion you asked for")
REASONS = Text("Waarom wij zo oordelen", "Why we judge this way")
INADMISSIBLE = Text(
    "Wij verklaren de second opinion niet-ontvankelijk: hij is niet gegeven volgens de regels voor een "
    "second opinion door een tandprotheticus.",
    "We declare the second opinion inadmissible: it was not given according to the rules for a second "
    "opinion by a denturist.",
)
MEDIATION = Text(
    "Wij stellen voor dat een tandprotheticus die lid is van de ONT, via bemiddeling, een nieuwe second "
    "opinion geeft.",
    "We propose that a denturist who is a member of the ONT gives a new second opinion, through mediation.",
)
NOT_SATISFIED = Text("Niet tevreden?", "Not satisfied?")


def _route(complaint: Complaint) -> Text:
    body = complaint.disputes_body
    until = long_date(deadlines.disputes_until(received_on(complaint)))
    return Text(
        f"Bent u het niet eens met deze beslissing? Dan kunt u uw klacht voorleggen aan de "
        f"geschilleninstantie: {body}. Dat kan tot en met {until.nl} (een jaar na uw klacht). De "
        f"geschilleninstantie is onafhankelijk en neemt een bindende beslissing.",
        f"Do you disagree with this decision? Then you can take your complaint to the disputes body: "
        f"{body}. You can do so until {until.en} (a year after your complaint). The disputes body is "
        f"independent and its decision is binding.",
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(printable_copy(text)).replace("\n", "<br/>"), style)


def decision_letter_pdf(complaint: Complaint, language: str) -> bytes:
    """The letter for a decided complaint, in `language` ("nl" or "en")."""
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontSize=10.5, leading=15, textColor=INK)
    heading = ParagraphStyle("heading", parent=base["Heading2"], fontSize=13, leading=17, textColor=INK)
    title = ParagraphStyle("title", parent=base["Title"], fontSize=17, leading=21, alignment=0)
    case = complaint.case

    def say(text: Text) -> str:
        return text.in_language(language)

    decided = long_date(timezone.localdate(complaint.decided_at)) if complaint.decided_at else None
    # R28: the complaint went to the scheme of the giver's organisation, which decided it.
    organisation = complaint.organisation
    values = (
        case.reference,
        say(long_date(received_on(complaint))),
        complaint.scheme or organisation.name,
        say(decided) if decided else "—",
        say(JUDGMENT_LABELS[complaint.judgment]) if complaint.judgment else "—",
    )
    labels = FACTS if complaint.filed_role in PATIENT_SIDE else (ASKED_FOR, *FACTS[1:])
    facts = Table(
        [[_p(say(label), body), _p(value, body)] for label, value in zip(labels, values, strict=True)],
        colWidths=[55 * mm, None],
        style=TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")]),
    )
    story = [
        _p(organisation.name, body),
        _p(say(TITLE), title),
        facts,
        Spacer(1, 6 * mm),
        _p(say(REASONS), heading),
        _p(complaint.decision, body),
    ]
    if complaint.inadmissible:
        story += [Spacer(1, 3 * mm), _p(say(INADMISSIBLE), body), _p(complaint.inadmissible_reason, body)]
    if complaint.ont_mediation_proposed:
        story += [Spacer(1, 3 * mm), _p(say(MEDIATION), body)]
    story += [_p(say(NOT_SATISFIED), heading), _p(say(_route(complaint)), body)]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{say(TITLE)} {case.reference}",
    )
    document.build(story)
    return buffer.getvalue()
