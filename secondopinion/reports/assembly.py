"""One assembly for every rendering of the written report (R22-R24): case → `ReportDocument`.

The sections follow the dental association's sample report: patient and requester, care question,
information used, findings, deviations, consequences and risks, advice and alternative plans,
costs, and the giver with the independence statement. Some are written by the giver (the report's
text fields), the others are assembled from the case. A final report is assembled from the content
sealed at sign-off (`Report.sealed_content`), so what is printed is what the seal covers; a draft
from the case as it stands. Every section is always present: an empty one says so in words.
The PDF (reports/pdf.py) and the DOCX (reports/docx.py) only lay this document out.
"""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone, translation

from secondopinion.core.text import Text
from secondopinion.directory.models import Discipline
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.protocols.vocabulary import REQUESTER_KINDS, SUBJECTS
from secondopinion.reports.content import ANAMNESES, report_content
from secondopinion.reports.labels import DOCUMENT_PURPOSES, LABELS, SECTION_HEADINGS

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase
    from secondopinion.reports.models import Report


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, with an optional label in front of it (e.g. "Medische anamnese")."""

    text: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    heading: str
    blocks: tuple[Block, ...] = ()
    table: Table | None = None
    note: str = ""
    empty: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.blocks and self.table is None


@dataclass(frozen=True, slots=True)
class AddendumLine:
    stamp: str
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class ReportDocument:
    """The report in one language, ready to be laid out."""

    language: str
    reference: str
    title: str
    subtitle: str
    final: bool
    state_line: str
    sections: tuple[Section, ...]
    decision_note: str
    addenda_heading: str
    addenda: tuple[AddendumLine, ...]
    seal_label: str
    seal: str
    seal_note: str
    printed: str

    @property
    def footer(self) -> str:
        """What every page carries at its foot: the reference, and the seal once final."""
        if self.final:
            return f"{self.reference} · {self.seal_label}: {self.seal}"
        return f"{self.reference} · {self.state_line}"


def _date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d-%m-%Y") if iso else ""


def _moment(iso: str) -> str:
    return dt.datetime.fromisoformat(iso).strftime("%d-%m-%Y %H:%M") if iso else ""


def format_cents(cents: int, language: str) -> str:
    """Money from integer cents: € 1.250,00 in Dutch, €1,250.00 in English."""
    whole, rest = divmod(cents, 100)
    grouped = f"{whole:,}"
    if language.startswith("en"):
        return f"€{grouped}.{rest:02d}"
    return f"€ {grouped.replace(',', '.')},{rest:02d}"


class _Assembler:
    def __init__(self, content: dict[str, Any], language: str, final: bool) -> None:
        self.c = content
        self.language = language
        self.final = final
        self.label = {key: text.in_language(language) for key, text in LABELS.items()}

    def t(self, text: Text) -> str:
        return text.in_language(self.language)

    def section(self, key: str, blocks: list[Block], **extra: Any) -> Section:
        empty = self.label["not_applicable" if self.final else "not_yet_written"]
        return Section(
            key=key, heading=self.t(SECTION_HEADINGS[key]), blocks=tuple(blocks), empty=empty, **extra
        )

    def giver_text(self, key: str) -> list[Block]:
        text = self.c["sections"].get(key, "")
        return [Block(text)] if text else []

    def patient_and_requester(self) -> Section:
        c, lb = self.c, self.label
        kind = REQUESTER_KINDS.get(c["requester"]["kind"])
        requester = self.t(kind).capitalize() if kind else c["requester"]["kind"]
        if c["requester"]["name"]:
            requester = f"{requester}: {c['requester']['name']}"
        rows = [
            (lb["patient"], c["patient"]["name"]),
            (lb["dob"], _date(c["patient"]["date_of_birth"])),
            (lb["requester"], requester),
            (lb["referral"], self._referral()),
            (lb["treating"], f"{c['treating']['name']} ({c['treating']['organisation']})"),
            (lb["handled_by"], c["organisation"]),
        ]
        return self.section("patient_requester", [], table=Table((), tuple(rows)))

    def _referral(self) -> str:
        referrer = self.c["referrer"]
        if referrer:
            return f"{referrer['name']} ({referrer['organisation']})"
        return self.label["referral_yes" if self.c["has_referral"] else "referral_none"]

    def care_question(self) -> Section:
        subject = SUBJECTS.get(self.c["subject"])
        blocks = [Block(self.c["care_question"])] if self.c["care_question"] else []
        if blocks and subject:
            blocks.append(Block(self.t(subject).capitalize(), self.label["subject"]))
        return self.section("care_question", blocks)

    def information_used(self) -> Section:
        info = self.c["information"]
        blocks = self.giver_text("information_used")
        if info.get("documents"):
            lines = [
                self.label["document"].format(
                    name=d["name"],
                    kind=d["kind"].upper(),
                    purpose=self.t(DOCUMENT_PURPOSES[d["purpose"]])
                    if d["purpose"] in DOCUMENT_PURPOSES
                    else d["purpose"],
                    at=_moment(d["received_at"]),
                )
                for d in info["documents"]
            ]
            blocks.append(Block("\n".join(lines), self.label["documents"]))
        for kind in ANAMNESES:
            if info["anamneses"].get(kind):
                blocks.append(Block(info["anamneses"][kind], self.label[f"anamnesis_{kind}"]))
        for consultation in info["consultations"]:
            text = self.label["consulted"].format(
                colleague=consultation["colleague"], at=_moment(consultation["asked_at"])
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
                (line["code"], line[description], _date(line["date"]), str(line["quantity"]))
                for line in lines
            )
            lb = self.label
            table = Table((lb["code"], lb["description"], lb["date"], lb["quantity"]), rows)
        note = self.label["amount_note"] if lines else ""
        return self.section("costs", self.giver_text("costs"), table=table, note=note)

    def giver_and_independence(self) -> Section:
        giver, declared = self.c["giver"], self.c["independence"]
        blocks: list[Block] = []
        if giver:
            with translation.override(self.language):
                discipline = str(Discipline(giver["discipline"]).label) if giver["discipline"] else ""
            ids = ", ".join(
                f"{name} {value}"
                for name, value in (("AGB", giver["agb_code"]), ("BIG", giver["big_number"]))
                if value
            )
            who = f"{giver['name']}, {discipline} ({giver['organisation']})" + (f" — {ids}" if ids else "")
            blocks.append(Block(who, self.label["giver"]))
        if declared:
            text = self.label["independence"].format(
                giver=declared["giver"], at=_moment(declared["declared_at"])
            )
            blocks.append(Block(text))
            if declared["statement"]:
                blocks.append(Block(declared["statement"], self.label["statement"]))
        elif giver:
            blocks.append(Block(self.label["no_independence"]))
        if self.c["finalised_at"]:
            signed = self.label["signed"].format(
                at=_moment(self.c["finalised_at"]), by=self.c["finalised_by"]
            )
            blocks.append(Block(signed))
        return self.section("giver_and_independence", blocks)

    def sections(self) -> tuple[Section, ...]:
        return (
            self.patient_and_requester(),
            self.care_question(),
            self.information_used(),
            self.section("findings", self.giver_text("findings")),
            self.section("deviations", self.giver_text("deviations")),
            self.section("consequences_and_risks", self.giver_text("consequences")),
            self.advice_and_alternatives(),
            self.costs(),
            self.giver_and_independence(),
        )


def assemble_report(case: "SecondOpinionCase", language: str) -> ReportDocument:
    """The report of `case` in `language` ("nl" or "en"); a final one from its sealed content."""
    report: Report = case.report
    final = report.state == "final"
    content = report.sealed_content if final and report.sealed_content else report_content(case, report)
    assembler = _Assembler(content, language, final)
    lb = assembler.label
    protocol = PROTOCOLS.get(content["case"]["protocol"])
    addenda = tuple(
        AddendumLine(
            stamp=timezone.localtime(item.created_at).strftime("%d-%m-%Y %H:%M"),
            author=str(item.author),
            text=item.text,
        )
        for item in report.addenda.select_related("author")
    )
    return ReportDocument(
        language=language,
        reference=content["case"]["reference"],
        title=lb["title"],
        subtitle=assembler.t(protocol.name) if protocol else "",
        final=final,
        state_line=lb["final"] if final else lb["draft"],
        sections=assembler.sections(),
        decision_note=lb["decision"],
        addenda_heading=lb["addenda"],
        addenda=addenda,
        seal_label=lb["seal"],
        seal=report.content_hash if final else "",
        seal_note=lb["seal_note"] if final else "",
        printed=f"{lb['printed']}: {timezone.localtime().strftime('%d-%m-%Y %H:%M')}",
    )
