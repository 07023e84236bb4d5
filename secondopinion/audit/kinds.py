"""Which data an access-log event is about (NEN 7513), as a closed list, each kind with its words.

The log stores short machine names ("case", "report:addendum", "consent:request_records:revoked").
Every name the product writes is a `DataKind`: either a member exactly ("case", "report:addendum"),
or a member with one detail from a known list, written in the member's pattern:

    DataKind.CASE_STEP        "case:<step>"                 a lifecycle step (protocols/lifecycle.py)
    DataKind.DOCUMENT         "document:<kind>"             a document kind (Document.Kind)
    DataKind.CONSENT          "consent:<purpose>"           a consent purpose (Consent.Purpose)
    DataKind.CONSENT_REVOKED  "consent:<purpose>:revoked"

`DataKind.CONSENT.of("request_records")` writes "consent:request_records"; `parse()` reads any stored
name back into (kind, detail) and refuses what is not on the list, so `access_record` can refuse an
unknown name before it is written. `label()` gives the words a patient reads ("uw aanvraag", "het
rapport"); it never shows a machine name. `basis_label()` does the same for the event's basis (the
role or consent that allowed the access), including the distribution's "R23 consent:<purpose>#<id>".
"""

import re
from enum import StrEnum

from secondopinion.consent.models import Consent
from secondopinion.core.text import Text
from secondopinion.documents.models import Document
from secondopinion.protocols.lifecycle import TRANSITIONS

_PLACEHOLDER = re.compile(r"<(\w+)>")


class UnknownDataKind(ValueError):
    """A name for logged data that is no DataKind (or a known kind with an unknown detail)."""


class DataKind(StrEnum):
    # The case itself and what is done to it.
    CASE = "case"
    CASE_STEP = "case:<step>"
    CASE_TRANSITIONS = "case:transitions"
    CASE_INDEPENDENCE = "case:independence"
    CASE_PROSTHESIS_ADJUSTED = "case:prosthesis-adjusted"
    CASE_LIST = "case-list"
    CONFORMANCE = "conformance"
    # The report and who receives it.
    REPORT = "report"
    REPORT_ADDENDUM = "report:addendum"
    REPORT_INBOX = "report-inbox"
    REPORT_ACKNOWLEDGED = "report:acknowledged"
    REPORT_OUTSIDE_COPY = "report:outside-copy"
    REPORT_IN_WRITING = "agreements:written_report"
    COLLEGIAL_NOTICE = "collegial-notice"
    COLLEGIAL_NOTICES = "collegial-notices"
    # Records, documents and the giver's own work.
    RECORDS_REQUEST = "records_request"
    RECORDS_REQUEST_DECLINED = "records_request:declined"
    RECORDS_REQUESTS = "records_requests"
    DOCUMENT = "document:<kind>"
    DOCUMENTS = "documents"
    COLLEAGUE_CONSULTATION = "colleague-consultation"
    TREATMENT_PLAN = "treatment-plan"
    # Consent and representation.
    CONSENT = "consent:<purpose>"
    CONSENT_REVOKED = "consent:<purpose>:revoked"
    CONSENTS = "consents"
    REPRESENTATION = "representation"
    REPRESENTATION_INVITATION = "representation:invitation"
    # Who the patient is: identified by BSN and date of birth, identity verified (desk or DigiD).
    IDENTITY = "identity"
    # Billing.
    BILLING = "billing"
    BILLING_LINE = "billing-line"
    # After the report: messages, evaluation, complaints.
    MESSAGE = "message"
    MESSAGES = "messages"
    EVALUATION = "evaluation"
    COMPLAINT = "complaint"
    COMPLAINT_LIST = "complaint-list"
    COMPLAINT_LETTER = "complaint:letter"
    OUTCOME = "outcome"
    OUTCOMES = "outcomes"
    # Consult appointments (secondopinion/appointments).
    APPOINTMENT_SLOT = "appointment:slot"
    APPOINTMENT = "appointment"
    APPOINTMENTS = "appointments"
    APPOINTMENT_AGENDA = "appointment-agenda"
    # The patient's letters to the own practitioner (secondopinion/letters); an organisation's turnaround.
    PATIENT_LETTER = "patient-letter"
    PATIENT_LETTERS = "patient-letters"
    TURNAROUND = "turnaround"
    # What is new: the user's notification list (secondopinion/notifications).
    NOTIFICATION_LIST = "notification-list"
    # The access log itself.
    ACCESS_LOG = "access_log"

    @property
    def detail_name(self) -> str:
        """The name of the detail this kind carries ("step", "kind", "purpose"), or "" for none."""
        found = _PLACEHOLDER.search(self.value)
        return found.group(1) if found else ""

    @property
    def label(self) -> Text:
        """The kind in words, without its detail."""
        return KIND_LABELS[self]

    def of(self, detail: str = "") -> str:
        """The name the log stores: `DataKind.CONSENT.of("consult_colleague")` → "consent:consult_colleague".
        Refuses a detail this kind does not take, or one that is not on its list."""
        if not self.detail_name:
            if detail:
                raise UnknownDataKind(f"{self.name} takes no detail, got {detail!r}")
            return self.value
        if detail not in DETAILS[self.detail_name]:
            raise UnknownDataKind(f"{self.name}: unknown {self.detail_name} {detail!r}")
        return _PLACEHOLDER.sub(detail, self.value)


# -- the words ------------------------------------------------------------------------------------
# Written for the patient (B1 Dutch, plain English): what of theirs was looked at or changed.

KIND_LABELS: dict[DataKind, Text] = {
    DataKind.CASE: Text("uw aanvraag", "your request"),
    DataKind.CASE_STEP: Text("een stap in uw aanvraag", "a step in your request"),
    DataKind.CASE_TRANSITIONS: Text("de volgende stappen van uw aanvraag", "the next steps of your request"),
    DataKind.CASE_INDEPENDENCE: Text(
        "de verklaring van de second opinion-gever dat hij of zij onafhankelijk is",
        "the second-opinion giver's statement of being independent",
    ),
    DataKind.CASE_PROSTHESIS_ADJUSTED: Text(
        "de datum waarop uw prothese is aangepast", "the date your prosthesis was adjusted"
    ),
    DataKind.CASE_LIST: Text("de lijst met aanvragen", "the list of requests"),
    DataKind.CONFORMANCE: Text(
        "de controle of alle regels zijn gevolgd", "the check that all rules were followed"
    ),
    DataKind.REPORT: Text("het rapport", "the report"),
    DataKind.REPORT_ADDENDUM: Text(
        "een aanvulling of correctie op het rapport", "an addition or correction to the report"
    ),
    DataKind.REPORT_INBOX: Text("de lijst met ontvangen rapporten", "the list of reports received"),
    DataKind.REPORT_ACKNOWLEDGED: Text(
        "de bevestiging dat het rapport is ontvangen", "the confirmation that the report was received"
    ),
    DataKind.REPORT_OUTSIDE_COPY: Text(
        "een kopie van het rapport die buiten het portaal is verstuurd",
        "a copy of the report sent outside the portal",
    ),
    DataKind.REPORT_IN_WRITING: Text(
        "de afspraak over het schriftelijke rapport: toch schriftelijk gevraagd",
        "the agreement on the written report: asked for in writing after all",
    ),
    DataKind.COLLEGIAL_NOTICE: Text(
        "een bericht van de second opinion-gever aan uw eigen behandelaar",
        "a message from the second-opinion giver to your own practitioner",
    ),
    DataKind.COLLEGIAL_NOTICES: Text(
        "de berichten van de second opinion-gever aan uw eigen behandelaar",
        "the messages from the second-opinion giver to your own practitioner",
    ),
    DataKind.RECORDS_REQUEST: Text(
        "het opvragen van uw gegevens bij uw eigen behandelaar",
        "the request for your records from your own practitioner",
    ),
    DataKind.RECORDS_REQUEST_DECLINED: Text(
        "uw eigen behandelaar stuurt de gevraagde gegevens niet",
        "your own practitioner does not send the records asked for",
    ),
    DataKind.RECORDS_REQUESTS: Text(
        "de lijst met gegevens die zijn opgevraagd", "the list of records that were asked for"
    ),
    DataKind.DOCUMENT: Text("een bestand in uw dossier", "a file in your record"),
    DataKind.DOCUMENTS: Text("de lijst met bestanden in uw dossier", "the list of files in your record"),
    DataKind.COLLEAGUE_CONSULTATION: Text("het advies van een collega", "a colleague's advice"),
    DataKind.TREATMENT_PLAN: Text("het behandelplan", "the treatment plan"),
    DataKind.CONSENT: Text("uw toestemming", "your consent"),
    DataKind.CONSENT_REVOKED: Text("het intrekken van uw toestemming", "withdrawing your consent"),
    DataKind.CONSENTS: Text("uw toestemmingen", "your consents"),
    DataKind.REPRESENTATION: Text(
        "uw vertegenwoordigers en hun toestemming", "your representatives and their consent"
    ),
    DataKind.REPRESENTATION_INVITATION: Text(
        "een uitnodiging aan iemand om u te vertegenwoordigen", "an invitation to someone to represent you"
    ),
    DataKind.IDENTITY: Text(
        "uw identiteit (BSN en geboortedatum)", "your identity (citizen service number and date of birth)"
    ),
    DataKind.BILLING: Text("de rekening", "the bill"),
    DataKind.BILLING_LINE: Text("een regel op de rekening", "a line on the bill"),
    DataKind.MESSAGE: Text("een bericht", "a message"),
    DataKind.MESSAGES: Text("uw berichten", "your messages"),
    DataKind.EVALUATION: Text(
        "uw beoordeling van de second opinion", "your evaluation of the second opinion"
    ),
    DataKind.COMPLAINT: Text("uw klacht", "your complaint"),
    DataKind.COMPLAINT_LIST: Text("de lijst met klachten", "the list of complaints"),
    DataKind.COMPLAINT_LETTER: Text(
        "de brief met de beslissing op uw klacht", "the letter deciding your complaint"
    ),
    DataKind.OUTCOME: Text(
        "wat de second opinion betekende voor diagnose en behandeling",
        "what the second opinion meant for diagnosis and treatment",
    ),
    DataKind.OUTCOMES: Text(
        "de uitkomsten van second opinions, in aantallen", "the outcomes of second opinions, in numbers"
    ),
    DataKind.APPOINTMENT_SLOT: Text(
        "een tijd die u kunt kiezen voor een afspraak", "a time you can choose for an appointment"
    ),
    DataKind.APPOINTMENT: Text("uw afspraak", "your appointment"),
    DataKind.APPOINTMENTS: Text(
        "uw afspraken en de tijden die u kunt kiezen", "your appointments and the times you can choose"
    ),
    DataKind.APPOINTMENT_AGENDA: Text(
        "de agenda van de second opinion-gever", "the second-opinion giver's agenda"
    ),
    DataKind.PATIENT_LETTER: Text(
        "een brief van u aan uw eigen behandelaar", "a letter from you to your own practitioner"
    ),
    DataKind.PATIENT_LETTERS: Text(
        "de lijst met uw brieven aan uw eigen behandelaar",
        "the list of your letters to your own practitioner",
    ),
    DataKind.TURNAROUND: Text(
        "de doorlooptijden van second opinions, in aantallen",
        "the turnaround times of second opinions, in numbers",
    ),
    DataKind.NOTIFICATION_LIST: Text("de lijst met meldingen", "the list of notifications"),
    DataKind.ACCESS_LOG: Text("wie uw dossier heeft ingezien", "who looked at your file"),
}

# A lifecycle step, as what happened to the request (after "uw aanvraag: ").
STEP_LABELS: dict[str, Text] = {
    "accept": Text("accepteren als second opinion", "accept as a second opinion"),
    "redirect": Text("doorverwijzen met advies", "refer elsewhere with advice"),
    "refuse": Text("weigeren", "decline"),
    "assign": Text("een second opinion-gever kiezen", "choose a second-opinion giver"),
    "inform": Text("uitleg en afspraken vastleggen", "record explanation and agreements"),
    "gather": Text("gegevens opvragen", "ask for records"),
    "examine": Text("onderzoek starten", "start the examination"),
    "findings": Text("bevindingen vastleggen", "record the findings"),
    "finalise": Text("het rapport definitief maken", "make the report final"),
    "close": Text("afsluiten", "close"),
    "withdraw": Text("intrekken", "withdraw"),
}

# A document kind, as a patient knows it.
DOCUMENT_LABELS: dict[str, Text] = {
    Document.Kind.JPEG: Text("een foto (JPEG)", "a photo (JPEG)"),
    Document.Kind.PNG: Text("een afbeelding (PNG)", "an image (PNG)"),
    Document.Kind.DICOM: Text("een röntgenfoto of scan (DICOM)", "an X-ray or scan (DICOM)"),
    Document.Kind.PDF: Text("een document (PDF)", "a document (PDF)"),
    Document.Kind.DOCX: Text("een document (Word)", "a document (Word)"),
    Document.Kind.STL: Text("een 3D-scan (STL)", "a 3D scan (STL)"),
    Document.Kind.PLY: Text("een 3D-scan (PLY)", "a 3D scan (PLY)"),
}

# A consent purpose, as what the patient allowed (after "uw toestemming om ...").
PURPOSE_LABELS: dict[str, Text] = {
    Consent.Purpose.REQUEST_RECORDS: Text(
        "gegevens op te vragen bij uw eigen behandelaar", "ask your own practitioner for your records"
    ),
    Consent.Purpose.INFORM_OWN_PRACTITIONER: Text(
        "uw eigen behandelaar te informeren over de uitkomst", "inform your own practitioner of the outcome"
    ),
    Consent.Purpose.CONSULT_COLLEAGUE: Text("een collega om advies te vragen", "ask a colleague for advice"),
    Consent.Purpose.REPRESENTATIVE: Text(
        "een vertegenwoordiger namens u te laten handelen", "let a representative act for you"
    ),
}

# The details each kind with a pattern may carry: the lists the product itself defines.
DETAILS: dict[str, frozenset[str]] = {
    "step": frozenset(step.name for step in TRANSITIONS.values()),
    "kind": frozenset(Document.Kind.values),
    "purpose": frozenset(Consent.Purpose.values),
}
DETAIL_LABELS: dict[str, dict[str, Text]] = {
    "step": STEP_LABELS,
    "kind": DOCUMENT_LABELS,
    "purpose": PURPOSE_LABELS,
}

# When a name cannot be read (only events written before names were checked): still no machine name.
UNKNOWN_DATA = Text("gegevens uit uw dossier", "data in your record")


def _exact() -> dict[str, DataKind]:
    return {kind.value: kind for kind in DataKind if not kind.detail_name}


def _patterns() -> list[tuple[DataKind, str, str]]:
    out = []
    for kind in DataKind:
        if kind.detail_name:
            prefix, _, suffix = _PLACEHOLDER.sub("\0", kind.value).partition("\0")
            out.append((kind, prefix, suffix))
    return out


_EXACT = _exact()
_PATTERNS = _patterns()


def parse(data: str) -> tuple[DataKind, str]:
    """ "case:inform" → (DataKind.CASE_STEP, "inform"); "report" → (DataKind.REPORT, "").
    Raises UnknownDataKind for a name that is no kind, or a kind with a detail not on its list."""
    data = str(data)
    if data in _EXACT:
        return _EXACT[data], ""
    for kind, prefix, suffix in _PATTERNS:
        if len(data) > len(prefix) + len(suffix) and data.startswith(prefix) and data.endswith(suffix):
            detail = data[len(prefix) : len(data) - len(suffix)]
            if detail in DETAILS[kind.detail_name]:
                return kind, detail
    raise UnknownDataKind(f"unknown access-log data {data!r}")


def known_names() -> list[str]:
    """Every name the log accepts: each plain kind, and each kind with a pattern for each detail."""
    names = [kind.value for kind in DataKind if not kind.detail_name]
    for kind in DataKind:
        if kind.detail_name:
            names += [kind.of(detail) for detail in sorted(DETAILS[kind.detail_name])]
    return names


def is_known(data: str) -> bool:
    try:
        parse(data)
    except UnknownDataKind:
        return False
    return True


def _detail_label(kind: DataKind, detail: str) -> Text:
    found = DETAIL_LABELS[kind.detail_name].get(detail)
    if found is not None:
        return found
    if kind.detail_name == "step":  # a step added to the lifecycle before it got words of its own
        step = next(s for s in TRANSITIONS.values() if s.name == detail)
        return Text(step.label.nl.lower(), step.label.en.lower())
    return Text("", "")


# R6: what the giver tells the own practitioner about his conduct stays between the colleagues. The
# patient's own view of her log still shows each such access (who, when, from which organisation), as
# data of her second opinion, not as a message to her practitioner; staff reviewing the log read the
# exact kind. `for_patient()` is the one place that decides it.
BETWEEN_COLLEAGUES = frozenset({DataKind.COLLEGIAL_NOTICE, DataKind.COLLEGIAL_NOTICES})
SECOND_OPINION_NAME = "second-opinion"
SECOND_OPINION_DATA = Text("gegevens over uw second opinion", "information about your second opinion")


def between_colleagues(data: str) -> bool:
    """Whether an event's data passes only between the giver and the own practitioner (R6)."""
    return _EXACT.get(str(data)) in BETWEEN_COLLEAGUES


def for_patient(data: str) -> tuple[str, Text]:
    """The name and words the patient (or her representative) reads for an event's data: the stored
    name and `label()`, except for what stays between colleagues (R6), which reads neutrally."""
    if between_colleagues(data):
        return SECOND_OPINION_NAME, SECOND_OPINION_DATA
    return str(data), label(data)


def label(data: str) -> Text:
    """The data of an event in words; never the stored machine name. The patient reads
    `for_patient()`, which hides what stays between colleagues (R6)."""
    try:
        kind, detail = parse(data)
    except UnknownDataKind:
        return UNKNOWN_DATA
    if not detail:
        return kind.label
    what = _detail_label(kind, detail)
    if not what.nl:
        return kind.label
    if kind is DataKind.CASE_STEP:
        return Text(f"uw aanvraag: {what.nl}", f"your request: {what.en}")
    if kind is DataKind.CONSENT:
        return Text(f"uw toestemming om {what.nl}", f"your consent to {what.en}")
    if kind is DataKind.CONSENT_REVOKED:
        return Text(
            f"het intrekken van uw toestemming om {what.nl}", f"withdrawing your consent to {what.en}"
        )
    return Text(f"{kind.label.nl}: {what.nl}", f"{kind.label.en}: {what.en}")
