"""One assembly for every rendering of the written report (R22-R24): case → `ReportDocument`.

The report is a letter to the patient (or the representative who asked): the practice's
letterhead, the addressee and a reference block (reports/letter.py), then the patient's question
answered in the order the sources give — the question, the information used, the findings, the
deviations from the diagnosis, plan or work, the consequences and risks, the advice with other
options, the costs and the giver's independence (000, 001; 003 and 004 for doctors, with headings
of their own) — then the closing, the giver's signature block and any addenda as dated additions.
Some sections are written by the giver (the report's text fields), the others are assembled from
the case. A final report is assembled from the content sealed at sign-off (`Report.sealed_content`),
so what is printed is what the seal covers; a draft from the case as it stands. Every section is
always present: an empty one says so in words. The PDF (reports/pdf.py) and the DOCX
(reports/docx.py) only lay this document out.
"""

from typing import TYPE_CHECKING, Any

from secondopinion.core.text import Text
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.protocols.vocabulary import SUBJECTS
from secondopinion.reports.content import ANAMNESES, report_content
from secondopinion.reports.document import Block, ReportDocument, Section, Table
from secondopinion.reports.labels import (
    DOCUMENT_KINDS,
    DOCUMENT_PURPOSES,
    HEADINGS_BY_DISCIPLINE,
    LABELS,
    MODALITIES,
)
from secondopinion.reports.letter import (
    LetterFrame,
    format_date,
    format_moment,
    short_fingerprint,
)

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase
    from secondopinion.reports.models import Report


# Hospital and GP care is billed through their own systems (DBC), not as lines on the case (R25, R26).
BILLED_ELSEWHERE = ("medical_specialist", "gp")


def format_cents(cents: int, language: str) -> str:
    """Money from integer cents: € 1.250,00 in Dutch, €1,250.00 in English."""
    whole, rest = divmod(cents, 100)
    grouped = f"{whole:,}"
    if language.startswith("en"):
        return f"€{grouped}.{rest:02d}"
    return f"€ {grouped.replace(',', '.')},{rest:02d}"


class _Assembler:
    def __init__(self, content: dict[str, Any], language: str, final: bool, discipline: str) -> None:
        self.c = content
        self.language = language
        self.final = final
        self.discipline = discipline
        self.headings = HEADINGS_BY_DISCIPLINE.get(discipline, HEADINGS_BY_DISCIPLINE["dentist"])
        self.label = {key: text.in_language(language) for key, text in LABELS.items()}

    def t(self, text: Text) -> str:
        return text.in_language(self.language)

    def section(self, key: str, blocks: list[Block], **extra: Any) -> Section:
        empty = self.label["not_applicable" if self.final else "not_yet_written"]
        return Section(
            key=key, heading=self.t(self.headings[key]), blocks=tuple(blocks), empty=empty, **extra
        )

    def giver_text(self, key: str) -> list[Block]:
        text = self.c["sections"].get(key, "")
        return [Block(text)] if text else []

    def care_question(self) -> Section:
        """The patient's question and, where the giver established it in other words (R15, seal
        version 5), the established question beside it, each labelled; before, `care_question` held the
        established question alone."""
        subject = SUBJECTS.get(self.c["subject"])
        established = self.c.get("established_care_question", "")
        if established == self.c["care_question"]:
            established = ""  # taken over word for word: the letter says it once
        asked = self.label["question_as_asked"] if established else ""
        blocks = [Block(self.c["care_question"], asked)] if self.c["care_question"] else []
        if established:
            blocks.append(Block(established, self.label["question_as_established"]))
        if blocks and subject:
            blocks.append(Block(self.t(subject).capitalize(), self.label["subject_of_question"]))
        return self.section("care_question", blocks)

    def document_title(self, document: dict[str, Any]) -> str:
        """What a document is and where it came from, never its file name."""
        modality = MODALITIES.get(document.get("modality", ""))
        kind = modality or DOCUMENT_KINDS.get(document["kind"], DOCUMENT_KINDS["pdf"])
        purpose = DOCUMENT_PURPOSES.get(document["purpose"])
        return f"{self.t(kind)} {self.t(purpose)}" if purpose else self.t(kind)

    def information_used(self) -> Section:
        info = self.c["information"]
        blocks = self.giver_text("information_used")
        if info.get("documents"):
            lines = [
                self.label["document"].format(
                    number=number,
                    title=self.document_title(d),
                    at=format_date(d["received_at"], self.language),
                )
                for number, d in enumerate(info["documents"], start=1)
            ]
            blocks.append(Block("\n".join(lines), self.label["documents"]))
        for kind in ANAMNESES:
            if info["anamneses"].get(kind):
                blocks.append(Block(info["anamneses"][kind], self.label[f"anamnesis_{kind}"]))
        for consultation in info["consultations"]:
            text = self.label["consulted"].format(
                colleague=consultation["colleague"], at=format_moment(consultation["asked_at"], self.language)
            )
            blocks.append(Block(text, self.label["colleague"]))
        return self.section("information_used", blocks)

    def advice_and_alternatives(self) -> Section:
        blocks = [Block(b.text, self.label["advice"]) for b in self.giver_text("advice")]
        blocks += [Block(b.text, self.label["alternatives"]) for b in self.giver_text("alternatives")]
        for number, plan in enumerate(self.c["plans"], start=1):
            cents = plan["cost_estimate_cents"]
            cost = (
                self.label["rough_cost"].format(amount=format_cents(cents, self.language))
                if cents is not None
                else self.label["no_cost_estimate"]
            )
            blocks.append(Block(f"{plan['description']}\n{cost}", self.label["plan"].format(number=number)))
        if blocks and not (self.c["plans"] or self.c["sections"].get("alternatives")):
            blocks.append(Block(self.label["no_alternatives"], self.label["alternatives"]))
        return self.section("advice_and_alternatives", blocks)

    def costs(self) -> Section:
        lines = self.c["billing_lines"]
        table = None
        if lines:
            description = "description_en" if self.language.startswith("en") else "description_nl"
            rows = tuple(
                (
                    line["code"],
                    line[description],
                    format_date(line["date"], self.language),
                    str(line["quantity"]),
                )
                for line in lines
            )
            lb = self.label
            table = Table((lb["code"], lb["description"], lb["date"], lb["quantity"]), rows)
        note = self.label["amount_note"] if lines else ""
        blocks = self.giver_text("costs")
        if not lines and self.discipline in BILLED_ELSEWHERE:
            blocks.append(Block(self.label["billed_elsewhere"]))
        return self.section("costs", blocks, table=table, note=note)

    def independence(self) -> Section:
        declared = self.c["independence"]
        blocks: list[Block] = []
        if declared:
            text = self.label["independence"].format(
                giver=declared["giver"], at=format_moment(declared["declared_at"], self.language)
            )
            # The statement the giver confirmed stays in the sealed content; the letter says it in
            # plain words above, without the rule ids that statement cites.
            blocks.append(Block(text))
        elif self.c["giver"]:
            blocks.append(Block(self.label["no_independence"]))
        return self.section("independence", blocks)

    def sections(self) -> tuple[Section, ...]:
        return (
            self.care_question(),
            self.information_used(),
            self.section("findings", self.giver_text("findings")),
            self.section("deviations", self.giver_text("deviations")),
            self.section("consequences_and_risks", self.giver_text("consequences")),
            self.advice_and_alternatives(),
            self.costs(),
            self.independence(),
        )


def assemble_report(case: "SecondOpinionCase", language: str) -> ReportDocument:
    """The report of `case` in `language` ("nl" or "en"); a final one from its sealed content."""
    report: Report = case.report
    final = report.state == "final"
    content = report.sealed_content if final and report.sealed_content else report_content(case, report)
    protocol = PROTOCOLS.get(content["case"]["protocol"])
    discipline = protocol.discipline if protocol else "dentist"
    assembler = _Assembler(content, language, final, discipline)
    lb = assembler.label
    frame = LetterFrame(content, language, lb)
    return ReportDocument(
        language=language,
        reference=content["case"]["reference"],
        final=final,
        title=lb["title"],
        state_line="" if final else lb["draft"],
        draft_mark=lb["draft_mark"],
        letterhead=frame.letterhead(),
        place_date=frame.place_date(),
        addressee=frame.addressee(),
        regarding=lb["regarding"],
        particulars=frame.particulars(),
        salutation=frame.salutation(),
        opening=frame.opening(),
        sections=assembler.sections(),
        closing=frame.closing(discipline),
        signature=frame.signature(),
        additions=frame.additions(report.addenda.select_related("author")),
        fingerprint_label=lb["fingerprint"],
        fingerprint=short_fingerprint(report.content_hash) if final else "",
        verify_line=lb["verify"] if final else "",
        page_label=lb["page"],
        metadata=frame.metadata(lb["title"]),
    )
