"""The two letters a patient sends to the own practitioner, composed in plain words (B1 Dutch, plain
English), in the patient's voice or the representative's on the patient's behalf (R8).

- *inform*: a second opinion is being sought (R12; seed 004: informing the own practitioner is expected
  where reasonably possible; it is about the care, not the person, R6; the patient comes back, R27).
- *records*: a copy of the record, or of the parts named (R16, R17; seed 004: the practitioner is
  legally obliged to provide the patient's data). WGBO art. 7:456 BW: as soon as possible; AVG art. 12(3):
  within one month of the request; AVG art. 15(3): the first copy is free of charge.

The composed letter is plain data (LetterContent): stored as it was made, hashed, and laid out as PDF
and DOCX by letters/pdf.py and letters/docx.py.
"""

import calendar
import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass

from secondopinion.core.dates import long_date
from secondopinion.core.text import Text

OWN_SENTENCE_MAX = 500
WHOLE_RECORD = "whole_record"
WHOLE_RECORD_LABEL = Text("mijn hele dossier", "my whole record")
WHOLE_RECORD_LABEL_FOR = Text("het hele dossier", "the whole record")


@dataclass(frozen=True)
class Party:
    """Who the letter is about and who sends it."""

    patient_name: str
    patient_birth: dt.date
    sender_name: str  # the patient, or the representative
    on_behalf: bool  # sent by a representative on the patient's behalf
    contact: str  # e-mail or phone the practitioner may answer to; may be empty


@dataclass(frozen=True)
class Addressee:
    name: str
    practice: str
    street: str  # the practice's address, as far as the directory has it
    place: str  # "3511 AB Utrecht", or the place alone


@dataclass(frozen=True)
class LetterContent:
    kind: str
    language: str
    title: str
    sender: list[str]
    addressee: list[str]
    dated: str  # "Amersfoort, 3 december 2026" or "3 December 2026"
    subject: str
    salutation: str
    paragraphs: list[str]
    items: list[str]  # the parts of the record asked for (records letter); empty otherwise
    after: list[str]  # what follows the list: the law's term, the patient's own sentence, how to answer
    closing: str
    signature_label: str
    signer: str
    patient_name: str

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "LetterContent":
        return cls(**data)


def content_hash(content: LetterContent) -> str:
    """The SHA-256 of the letter's text, as stored: one canonical JSON form."""
    canonical = json.dumps(content.as_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def one_month_after(day: dt.date) -> dt.date:
    """The same day of the next month, or that month's last day when it has no such day (a term of one
    month as EU regulation 1182/71 counts it: 31 January → 28 or 29 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _t(nl: str, en: str, language: str) -> str:
    return Text(nl, en).in_language(language)


def _of(party: Party, language: str) -> str:
    """Whose care a representative writes about: "van <name>"; empty in the patient's own letter."""
    return _t(f"van {party.patient_name}", f"of {party.patient_name}", language) if party.on_behalf else ""


def _opening(party: Party, language: str) -> list[str]:
    lines = [
        _t(
            f"Dit gaat over: {party.patient_name}, geboren op {long_date(party.patient_birth, 'nl')}.",
            f"This is about: {party.patient_name}, born on {long_date(party.patient_birth, 'en')}.",
            language,
        )
    ]
    if party.on_behalf:
        lines.append(
            _t(
                f"Ik schrijf deze brief namens {party.patient_name}. Ik ben de vertegenwoordiger, "
                f"met toestemming van {party.patient_name}.",
                f"I am writing this letter on behalf of {party.patient_name}. I am the representative, "
                f"with the consent of {party.patient_name}.",
                language,
            )
        )
    return lines


def _inform_paragraphs(party: Party, giver_practice: str, subject: Text, language: str) -> list[str]:
    of = _of(party, language)
    if party.on_behalf:
        ask = _t(
            f"{party.patient_name} vraagt een second opinion aan. Dat is een tweede mening van een andere, "
            f"onafhankelijke zorgverlener over het {subject.nl} {of}.",
            f"{party.patient_name} is asking for a second opinion. That is the view of another, independent "
            f"practitioner on the {subject.en} {of}.",
            language,
        )
        back = _t(
            f"Dit is geen klacht over u. Het gaat om de zorg, niet om u als persoon. Na de second opinion "
            f"komt {party.patient_name} bij u terug om de uitkomst te bespreken.",
            f"This is not a complaint about you. It is about the care, not about you as a person. After "
            f"the second opinion, {party.patient_name} will come back to you to talk about the outcome.",
            language,
        )
    else:
        ask = _t(
            "Ik laat u weten dat ik een second opinion aanvraag. Dat is een tweede mening van een andere, "
            f"onafhankelijke zorgverlener over mijn {subject.nl}.",
            "I am letting you know that I am asking for a second opinion. That is the view of another, "
            f"independent practitioner on my {subject.en}.",
            language,
        )
        back = _t(
            "Dit is geen klacht over u. Het gaat om mijn zorg, niet om u als persoon. Ik wil zeker weten dat "
            "ik een goede keuze maak. Na de second opinion kom ik bij u terug om de uitkomst te bespreken.",
            "This is not a complaint about you. It is about my care, not about you as a person. I want to be "
            "sure that I make a good choice. After the second opinion, I will come back to you to talk "
            "about the outcome.",
            language,
        )
    where = _t(
        f"De second opinion wordt gegeven door {giver_practice}.",
        f"The second opinion is given by {giver_practice}.",
        language,
    )
    return [ask, where, back]


def _records_paragraphs(
    party: Party, giver_practice: str, today: dt.date, language: str
) -> tuple[str, list[str]]:
    """What is asked (before the list of parts), and the law's term and the form of the copy (after)."""
    of = _of(party, language)
    term = long_date(one_month_after(today), language)
    if party.on_behalf:
        need = _t(
            f"{party.patient_name} vraagt een second opinion aan bij {giver_practice}. Daarvoor zijn de "
            f"gegevens uit het dossier {of} nodig. Ik vraag u daarom om een kopie van:",
            f"{party.patient_name} is asking for a second opinion at {giver_practice}. For that, the "
            f"information in the record {of} is needed. So I ask you for a copy of:",
            language,
        )
    else:
        need = _t(
            f"Ik vraag een second opinion aan bij {giver_practice}. Daarvoor heb ik de gegevens uit mijn "
            "dossier nodig. Ik vraag u daarom om een kopie van:",
            f"I am asking for a second opinion at {giver_practice}. For that, I need the information in my "
            "record. So I ask you for a copy of:",
            language,
        )
    law = _t(
        "Volgens de wet (de WGBO en de AVG) moet u deze kopie geven. Doe dat zo snel mogelijk en binnen een "
        f"maand, dus uiterlijk op {term}. De eerste kopie is gratis.",
        "The law (the Dutch WGBO and the GDPR) says you must give this copy. Please do so as soon as "
        f"possible and within one month, so by {term} at the latest. The first copy is free of charge.",
        language,
    )
    how = _t(
        "U mag de kopie op papier geven of digitaal, op een veilige manier.",
        "You may give the copy on paper or digitally, in a secure way.",
        language,
    )
    return need, [law, how]


def compose(
    *,
    kind: str,
    language: str,
    party: Party,
    addressee: Addressee,
    giver_practice: str,
    subject: Text,
    parts: list[Text],
    own_sentence: str,
    today: dt.date,
) -> LetterContent:
    """One letter, ready to print: who it is from and to, the date, what is asked, and a signature line."""
    inform = kind == "inform"
    title = (
        _t("Ik vraag een second opinion aan", "I am asking for a second opinion", language)
        if inform
        else _t("Verzoek om een kopie van mijn dossier", "Request for a copy of my record", language)
    )
    if party.on_behalf and not inform:
        title = _t(
            f"Verzoek om een kopie van het dossier van {party.patient_name}",
            f"Request for a copy of the record of {party.patient_name}",
            language,
        )
    body = _opening(party, language)
    after: list[str] = []
    if inform:
        body += _inform_paragraphs(party, giver_practice, subject, language)
    else:
        need, after = _records_paragraphs(party, giver_practice, today, language)
        body.append(need)
    if own_sentence:
        after.append(own_sentence)
    if party.contact:
        after.append(
            _t(
                f"Hebt u een vraag? U kunt mij bereiken via {party.contact}.",
                f"Do you have a question? You can reach me at {party.contact}.",
                language,
            )
        )
    sender = [party.sender_name]
    if party.on_behalf:
        sender.append(_t(f"namens {party.patient_name}", f"on behalf of {party.patient_name}", language))
    place = [line for line in (addressee.street, addressee.place) if line]
    return LetterContent(
        kind=kind,
        language=language,
        title=title,
        sender=sender,
        addressee=[addressee.name, addressee.practice, *place],
        dated=long_date(today, language),
        subject=_t("Onderwerp: ", "Subject: ", language) + title,
        salutation=_t(f"Beste {addressee.name},", f"Dear {addressee.name},", language),
        paragraphs=body,
        items=[] if inform else [part.in_language(language) for part in parts],
        after=after,
        closing=_t("Met vriendelijke groet,", "Kind regards,", language),
        signature_label=_t("Handtekening", "Signature", language),
        signer=party.sender_name,
        patient_name=party.patient_name,
    )
