"""Render the written report (R22) to PDF with ReportLab, in the reader's language."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import IndependenceDeclaration
from secondopinion.protocols.registry import get_protocol
from secondopinion.protocols.text import Text
from secondopinion.protocols.vocabulary import REPORT_SECTIONS, REQUESTER_KINDS

HEADINGS = {
    "title": Text("Schriftelijk oordeel second opinion", "Written second opinion"),
    "patient": Text("Patiënt", "Patient"),
    "dob": Text("Geboortedatum", "Date of birth"),
    "requester": Text("Aanvrager", "Requester"),
    "treating": Text("Eigen behandelaar", "Treating practitioner"),
    "giver": Text("Second opinion-gever", "Second-opinion giver"),
    "question": Text("Zorgvraag", "Care question"),
    "status": Text("Status", "Status"),
    "final": Text("definitief", "final"),
    "draft": Text("CONCEPT", "DRAFT"),
    "independence": Text(
        "{giver} heeft op {at} verklaard onafhankelijk te zijn van de eigen behandelaar en geen "
        "direct belang te hebben bij het probleem of de oplossing ervan (R10).",
        "On {at} {giver} declared to be independent of the treating practitioner and to have no "
        "direct interest in the problem or its solution (R10).",
    ),
    "no_independence": Text(
        "De second opinion-gever heeft nog geen verklaring van onafhankelijkheid afgelegd (R10).",
        "The second-opinion giver has not yet declared independence (R10).",
    ),
    "decision": Text(
        "Dit oordeel ondersteunt uw eigen besluit en dat van uw behandelaar; de gever neemt het "
        "besluit niet (R22).",
        "This opinion supports your own decision and that of your practitioner; the giver does "
        "not decide (R22).",
    ),
    "addenda": Text("Addenda", "Addenda"),
    "hash": Text("Kenmerk (SHA-256)", "Seal (SHA-256)"),
    "printed": Text("Afgedrukt", "Printed"),
}


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _independence(case: SecondOpinionCase, h: dict[str, str]) -> str:
    """R10: who declared independence, and when; the report is never final without it."""
    declaration = IndependenceDeclaration.objects.filter(case=case).select_related("giver").first()
    if declaration is None:
        return h["no_independence"]
    at = timezone.localtime(declaration.declared_at).strftime("%d-%m-%Y %H:%M")
    return h["independence"].format(giver=declaration.giver.name, at=at)


def render_report_pdf(case: SecondOpinionCase, language: str) -> bytes:
    """The report as PDF bytes; a draft is marked as such on every page."""
    report = case.report
    styles = getSampleStyleSheet()
    h = {key: text.in_language(language) for key, text in HEADINGS.items()}
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{h['title']} {case.reference}",
        author=str(case.giver) if case.giver else "",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    protocol = get_protocol(case.protocol)
    state = h["final"] if report.state == "final" else h["draft"]
    facts = [
        [h["patient"], case.patient.name],
        [h["dob"], case.patient.date_of_birth.strftime("%d-%m-%Y")],
        [h["requester"], REQUESTER_KINDS[case.requester_kind].in_language(language)],
        [
            h["treating"],
            f"{case.treating_practitioner} ({case.treating_practitioner.organisation})",
        ],
        [h["giver"], f"{case.giver} ({case.giver.organisation})" if case.giver else "-"],
        [h["status"], state],
    ]
    table = Table(
        [[_p(a, styles["BodyText"]), _p(b, styles["BodyText"])] for a, b in facts],
        colWidths=[50 * mm, 120 * mm],
    )
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    story = [
        _p(f"{h['title']} — {case.reference}", styles["Title"]),
        _p(protocol.name.in_language(language), styles["Italic"]),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 4 * mm),
        _p(h["question"], styles["Heading2"]),
        _p(case.care_question, styles["BodyText"]),
    ]
    for key, label in REPORT_SECTIONS.items():
        value = getattr(report, key, "")
        if value:
            story += [
                _p(label.in_language(language).capitalize(), styles["Heading2"]),
                _p(value, styles["BodyText"]),
            ]
    story += [
        Spacer(1, 4 * mm),
        _p(_independence(case, h), styles["BodyText"]),
        _p(h["decision"], styles["BodyText"]),
    ]
    addenda = list(report.addenda.all()) if report.pk else []
    if addenda:
        story.append(_p(h["addenda"], styles["Heading2"]))
        for addendum in addenda:
            stamp = timezone.localtime(addendum.created_at).strftime("%d-%m-%Y %H:%M")
            story.append(_p(f"{stamp} — {addendum.author}: {addendum.text}", styles["BodyText"]))
    if report.content_hash:
        story += [Spacer(1, 4 * mm), _p(f"{h['hash']}: {report.content_hash}", styles["Code"])]
    printed = timezone.localtime().strftime("%d-%m-%Y %H:%M")
    story.append(_p(f"{h['printed']}: {printed}", styles["Italic"]))
    doc.build(story)
    return buffer.getvalue()
