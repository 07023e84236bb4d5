"""The assembled report as plain data: a letter in one language, ready to be laid out.

`reports/assembly.py` fills it from the sealed content; `reports/pdf.py` and `reports/docx.py` only
lay it out, so both files say the same thing.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, with an optional label in front of it (e.g. "Medische voorgeschiedenis")."""

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
class Addition:
    """An addendum (R24), laid out as a dated addition after the signed letter."""

    heading: str
    byline: str
    text: str


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The giving organisation: its name, then its address and contact lines."""

    name: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Signature:
    greeting: str
    lines: tuple[str, ...]  # the giver's name first, then discipline, BIG number, AGB, organisation
    note: str


@dataclass(frozen=True, slots=True)
class Metadata:
    """The file's own properties: title, author (the giver), subject and language (a BCP 47 tag)."""

    title: str
    author: str
    subject: str
    language: str


@dataclass(frozen=True, slots=True)
class ReportDocument:
    """The report in one language, as a letter."""

    language: str
    reference: str
    final: bool
    title: str
    state_line: str
    draft_mark: str
    letterhead: Letterhead
    place_date: str
    addressee: tuple[str, ...]
    regarding: str
    particulars: tuple[tuple[str, str], ...]
    salutation: str
    opening: str
    sections: tuple[Section, ...]
    closing: tuple[str, ...]
    signature: Signature
    additions: tuple[Addition, ...]
    fingerprint_label: str
    fingerprint: str
    verify_line: str
    page_label: str
    metadata: Metadata

    @property
    def subject_line(self) -> str:
        return f"{self.title} — {self.reference}"

    @property
    def footer(self) -> str:
        """What every page carries at its foot: who sent it, the reference and, once final, the
        short fingerprint of the seal; a draft says it is one instead."""
        mark = f"{self.fingerprint_label} {self.fingerprint}" if self.final else self.state_line
        return f"{self.letterhead.name} · {self.reference} · {mark}"
