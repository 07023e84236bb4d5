"""The written report's headings and fixed phrases, in Dutch and English (R22-R24)."""

from secondopinion.core.text import Text

# In the order of the dental association's sample report.
SECTION_HEADINGS: dict[str, Text] = {
    "patient_requester": Text("Patiënt en aanvrager", "Patient and requester"),
    "care_question": Text("Zorgvraag", "Care question"),
    "information_used": Text("Gebruikte informatie", "Information used"),
    "findings": Text("Bevindingen", "Findings"),
    "deviations": Text("Afwijkingen van diagnose, plan of werk", "Deviations from diagnosis, plan or work"),
    "consequences_and_risks": Text(
        "Gevolgen en risico's (tandheelkundig of medisch, financieel, gezondheidsrisico's)",
        "Consequences and risks (dental or medical, financial, health risks)",
    ),
    "advice_and_alternatives": Text(
        "Advies en alternatieve behandelplannen", "Advice and alternative treatment plans"
    ),
    "costs": Text("Kosten", "Costs"),
    "giver_and_independence": Text(
        "Second opinion-gever en onafhankelijkheid", "Second-opinion giver and independence"
    ),
}

LABELS: dict[str, Text] = {
    "title": Text("Schriftelijk oordeel second opinion", "Written second opinion"),
    "patient": Text("Patiënt", "Patient"),
    "dob": Text("Geboortedatum", "Date of birth"),
    "requester": Text("Aanvrager", "Requester"),
    "referral": Text("Verwijzing", "Referral"),
    "referral_yes": Text("ja (verwijzer niet vastgelegd)", "yes (referrer not recorded)"),
    "referral_none": Text("geen verwijzing", "no referral"),
    "treating": Text("Eigen behandelaar", "Treating practitioner"),
    "handled_by": Text("Behandeld door", "Handled by"),
    "subject": Text("Onderwerp", "Subject"),
    "anamnesis_medical": Text("Medische anamnese", "Medical history"),
    "anamnesis_dental": Text("Tandheelkundige anamnese", "Dental history"),
    "anamnesis_psychosocial": Text("Psychosociale anamnese", "Psychosocial history"),
    "documents": Text("Documenten", "Documents"),
    "document": Text(
        "{name} ({kind}): {purpose}, ontvangen {at}", "{name} ({kind}): {purpose}, received {at}"
    ),
    "colleague": Text("Advies van een collega (R19)", "A colleague's advice (R19)"),
    "consulted": Text("Advies gevraagd aan {colleague} op {at}.", "Advice asked of {colleague} on {at}."),
    "advice": Text("Advies", "Advice"),
    "alternatives": Text("Alternatieve behandelplannen", "Alternative treatment plans"),
    "plan": Text("Behandelplan {number} (R21)", "Treatment plan {number} (R21)"),
    "rough_cost": Text("Grove kostenindicatie: {amount}", "Rough cost estimate: {amount}"),
    "no_cost_estimate": Text("Geen kostenindicatie gegeven.", "No cost estimate given."),
    "no_alternatives": Text(
        "Niet van toepassing: er waren een zorgdoel en zorgplan.",
        "Not applicable: a care goal and care plan existed.",
    ),
    "code": Text("Code", "Code"),
    "description": Text("Omschrijving", "Description"),
    "date": Text("Datum", "Date"),
    "quantity": Text("Aantal", "Quantity"),
    "amount_note": Text(
        "De bedragen volgen uit het tarief van de praktijk volgens de tariefbeschikking van de NZa; "
        "dit rapport noemt alleen de prestatiecodes (R25).",
        "The amounts follow from the practice's tariff under the NZa tariff decision; this report "
        "names the procedure codes only (R25).",
    ),
    "giver": Text("Second opinion-gever", "Second-opinion giver"),
    "statement": Text("Verklaring", "Statement"),
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
    "signed": Text("Definitief gemaakt op {at} door {by}.", "Finalised on {at} by {by}."),
    "not_applicable": Text("— niet van toepassing", "— not applicable"),
    "not_yet_written": Text("— nog niet ingevuld (concept)", "— not yet written (draft)"),
    "final": Text("definitief", "final"),
    "draft": Text("CONCEPT — nog niet definitief", "DRAFT — not yet final"),
    "decision": Text(
        "Dit oordeel ondersteunt uw eigen besluit en dat van uw behandelaar; de gever neemt het "
        "besluit niet (R22).",
        "This opinion supports your own decision and that of your practitioner; the giver does "
        "not decide (R22).",
    ),
    "addenda": Text("Addenda", "Addenda"),
    "seal": Text("Kenmerk (SHA-256)", "Seal (SHA-256)"),
    "seal_note": Text(
        "Het kenmerk dekt alle onderdelen van dit rapport zoals ze bij het definitief maken zijn "
        "vastgelegd; addenda vallen erbuiten (R24).",
        "The seal covers every part of this report as recorded at sign-off; addenda are outside it (R24).",
    ),
    "printed": Text("Afgedrukt", "Printed"),
}

# Where a document used for the opinion came from (documents.models.Document.Purpose).
DOCUMENT_PURPOSES: dict[str, Text] = {
    "record": Text("gegevens van de eigen behandelaar", "records from the treating practitioner"),
    "examination": Text("eigen onderzoek van de gever", "the giver's own examination"),
    "patient_brought": Text("door de patiënt meegebracht", "brought by the patient"),
}
