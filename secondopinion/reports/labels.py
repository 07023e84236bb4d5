"""The written report's headings and fixed phrases, in Dutch and English (R22-R25).

The report is a letter to the patient (or the representative who asked), so its headings are the
questions a patient asks, in the order the sources give: the question, what was used, what was
found, where that differs from the diagnosis or plan, what it means (teeth or health, money,
risks), the advice and other options, the costs, and the giver's independence (seeds 000, 001 for
dentists and denturists; 003, 004 for doctors). Rule ids stay out of the text: the reader is a patient.
"""

from secondopinion.core.text import Text

# The body's sections, in the order of the dental association's guideline and leaflet (000, 001).
DENTAL_HEADINGS: dict[str, Text] = {
    "care_question": Text("Uw vraag", "Your question"),
    "information_used": Text("Welke gegevens ik heb gebruikt", "The information I used"),
    "findings": Text("Wat ik heb gevonden", "What I found"),
    "deviations": Text(
        "Verschillen met de diagnose, het plan of het werk",
        "Differences from the diagnosis, the plan or the work",
    ),
    "consequences_and_risks": Text(
        "Wat dit betekent voor uw gebit, de kosten en uw gezondheid",
        "What this means for your teeth, the costs and your health",
    ),
    "advice_and_alternatives": Text("Mijn advies en andere mogelijkheden", "My advice and other options"),
    "costs": Text("Kosten van deze second opinion", "Costs of this second opinion"),
    "independence": Text("Onafhankelijkheid", "Independence"),
}

# A doctor's second opinion judges a diagnosis or a proposed treatment (003); the same order.
MEDICAL_HEADINGS: dict[str, Text] = {
    **DENTAL_HEADINGS,
    "deviations": Text(
        "Mijn oordeel over de diagnose en de voorgestelde behandeling",
        "My view of the diagnosis and the proposed treatment",
    ),
    "consequences_and_risks": Text(
        "Wat dit betekent voor uw gezondheid en de kosten",
        "What this means for your health and the costs",
    ),
    "costs": Text("Kosten en vergoeding", "Costs and reimbursement"),
}

# By the protocol's discipline: the headings, and what the reader calls the own practitioner.
HEADINGS_BY_DISCIPLINE: dict[str, dict[str, Text]] = {
    "dentist": DENTAL_HEADINGS,
    "denturist": DENTAL_HEADINGS,
    "medical_specialist": MEDICAL_HEADINGS,
    "gp": MEDICAL_HEADINGS,
}
OWN_PRACTITIONER: dict[str, Text] = {
    "dentist": Text("uw eigen tandarts", "your own dentist"),
    "denturist": Text("uw eigen tandprotheticus", "your own denturist"),
    "medical_specialist": Text("uw eigen specialist", "your own specialist"),
    "gp": Text("uw eigen huisarts", "your own GP"),
}

LABELS: dict[str, Text] = {
    "title": Text("Schriftelijk oordeel second opinion", "Written second opinion"),
    "subject": Text("Second opinion voor {patient}", "Second opinion for {patient}"),
    # The reference block under the addressee.
    "regarding": Text("Betreft", "Regarding"),
    "patient": Text("Patiënt", "Patient"),
    "dob": Text("Geboortedatum", "Date of birth"),
    "requester": Text("Aanvrager", "Requester"),
    "referral": Text("Verwijzing", "Referral"),
    "referral_yes": Text("ja (verwijzer niet vastgelegd)", "yes (referrer not recorded)"),
    "referral_none": Text("geen verwijzing", "no referral"),
    "treating": Text("Eigen behandelaar", "Treating practitioner"),
    "examined_on": Text("Datum onderzoek", "Date of examination"),
    "report_date": Text("Datum rapport", "Date of report"),
    "our_reference": Text("Ons kenmerk", "Our reference"),
    "on_behalf_of": Text("namens {patient}", "on behalf of {patient}"),
    # The letterhead.
    "phone": Text("Telefoon", "Telephone"),
    "email": Text("E-mail", "E-mail"),
    "agb": Text("AGB-code", "AGB code"),
    "big": Text("BIG-nummer", "BIG number"),
    # The letter around the sections.
    "salutation": Text("Geachte {name},", "Dear {name},"),
    "opening_examined": Text(
        "Op {date} heb ik {whom} onderzocht voor een second opinion. In deze brief leest u mijn "
        "oordeel, in de volgorde van uw vraag.",
        "On {date} I examined {whom} for a second opinion. In this letter you find my opinion, in "
        "the order of your question.",
    ),
    "opening": Text(
        "In deze brief leest u mijn oordeel over uw vraag voor een second opinion.",
        "In this letter you find my opinion on your question for a second opinion.",
    ),
    "you": Text("u", "you"),
    "decision": Text(
        "Dit oordeel helpt u en {own} om samen een besluit te nemen; ik neem dat besluit niet. "
        "Bespreek deze brief met {own}, die de regie over uw behandeling houdt.",
        "This opinion helps you and {own} to decide together; I do not take that decision. Discuss "
        "this letter with {own}, who stays in charge of your treatment.",
    ),
    "complaints": Text(
        "Heeft u een klacht over hoe deze second opinion is verlopen? Dan kunt u terecht bij de "
        "klachtenregeling van {organisation}: {scheme}.",
        "If you have a complaint about how this second opinion went, you can turn to the complaint "
        "scheme of {organisation}: {scheme}.",
    ),
    "greeting": Text("Met vriendelijke groet,", "Kind regards,"),
    "signed": Text(
        "Elektronisch ondertekend: definitief gemaakt op {at} door {by}.",
        "Signed electronically: finalised on {at} by {by}.",
    ),
    "unsigned": Text("Concept: nog niet ondertekend.", "Draft: not signed yet."),
    # Inside the sections.
    "subject_of_question": Text("Onderwerp", "Subject"),
    # R15: the patient's own words, and beside them the question as the giver established it with her.
    "question_as_asked": Text("Uw vraag zoals u die stelde", "Your question as you asked it"),
    "question_as_established": Text("Uw vraag zoals ik die formuleer", "Your question as I put it"),
    "anamnesis_medical": Text("Medische voorgeschiedenis", "Medical history"),
    "anamnesis_dental": Text("Tandheelkundige voorgeschiedenis", "Dental history"),
    "anamnesis_psychosocial": Text("Psychosociale situatie", "Psychosocial situation"),
    "documents": Text("Gebruikte stukken", "Documents used"),
    "document": Text("{number}. {title} (ontvangen {at})", "{number}. {title} (received {at})"),
    "colleague": Text("Advies van een collega", "A colleague's advice"),
    "consulted": Text(
        "Ik heb {colleague} om advies gevraagd op {at}.", "I asked {colleague} for advice on {at}."
    ),
    "advice": Text("Advies", "Advice"),
    "alternatives": Text("Andere behandelmogelijkheden", "Other treatment options"),
    "plan": Text("Behandelplan {number}", "Treatment plan {number}"),
    "rough_cost": Text("Grove kostenindicatie: {amount}", "Rough cost estimate: {amount}"),
    "no_cost_estimate": Text("Geen kostenindicatie gegeven.", "No cost estimate given."),
    "no_alternatives": Text(
        "Niet nodig: er waren al een zorgdoel en een zorgplan.",
        "Not needed: a care goal and a care plan existed already.",
    ),
    "code": Text("Code", "Code"),
    "description": Text("Omschrijving", "Description"),
    "date": Text("Datum", "Date"),
    "quantity": Text("Aantal", "Quantity"),
    "amount_note": Text(
        "De bedragen volgen uit het tarief van de praktijk volgens de tariefbeschikking van de NZa; "
        "hier staan alleen de prestatiecodes. Vraag uw zorgverzekeraar of u de kosten vergoed krijgt.",
        "The amounts follow from the practice's tariff under the NZa tariff decision; only the "
        "procedure codes are listed here. Ask your insurer whether the costs are reimbursed.",
    ),
    "billed_elsewhere": Text(
        "De kosten lopen via de declaratie van het ziekenhuis of de praktijk, niet via deze brief. "
        "Een second opinion wordt meestal vergoed uit de basisverzekering als u een verwijzing "
        "heeft; vraag het uw zorgverzekeraar.",
        "The costs are billed by the hospital or the practice, not through this letter. A second "
        "opinion is usually reimbursed by the basic insurance if you have a referral; ask your insurer.",
    ),
    "independence": Text(
        "{giver} heeft op {at} verklaard onafhankelijk te zijn van de eigen behandelaar en geen "
        "direct belang te hebben bij het probleem of de oplossing ervan.",
        "On {at} {giver} declared to be independent of the treating practitioner and to have no "
        "direct interest in the problem or its solution.",
    ),
    "no_independence": Text(
        "De second opinion-gever heeft nog geen verklaring van onafhankelijkheid afgelegd.",
        "The second-opinion giver has not yet declared independence.",
    ),
    "not_applicable": Text("Niet van toepassing.", "Not applicable."),
    "not_yet_written": Text("Nog niet ingevuld (concept).", "Not yet written (draft)."),
    "draft": Text("CONCEPT — nog niet definitief", "DRAFT — not yet final"),
    "draft_mark": Text("CONCEPT", "DRAFT"),
    # Addenda: dated additions after the signed letter (R24).
    "addendum_heading": Text("Aanvulling van {date}", "Addition of {date}"),
    "addendum_byline": Text(
        "Toegevoegd op {at} door {author}. Deze aanvulling hoort bij het rapport van {report_date}; "
        "het rapport zelf is niet veranderd.",
        "Added on {at} by {author}. This addition belongs to the report of {report_date}; the "
        "report itself has not changed.",
    ),
    # The footer of every page. The patient reads this letter: the seal is "a code" the practice can
    # check, in plain words; the technical name of the seal (SHA-256) stays on the staff's case page.
    "fingerprint": Text("Controlecode", "Check code"),
    "page": Text("Pagina {page} van {total}", "Page {page} of {total}"),
    "verify": Text(
        "Met de controlecode hierboven kan de praktijk nagaan of dit het echte rapport is en of er niets in "
        "is veranderd. Wilt u dat zeker weten? Vraag de praktijk om het te controleren.",
        "With the check code above, the practice can check that this is the real report and that nothing "
        "in it has been changed. Want to be sure? Ask the practice to check it.",
    ),
}

# Where a document used for the opinion came from (documents.models.Document.Purpose).
DOCUMENT_PURPOSES: dict[str, Text] = {
    "record": Text("van de eigen behandelaar", "from the treating practitioner"),
    "examination": Text("uit mijn eigen onderzoek", "from my own examination"),
    "patient_brought": Text("meegebracht door de patiënt", "brought by the patient"),
}

# What a document is, from its detected kind and, for an X-ray, its DICOM modality.
DOCUMENT_KINDS: dict[str, Text] = {
    "dicom": Text("Röntgenopname", "X-ray image"),
    "jpeg": Text("Foto", "Photograph"),
    "png": Text("Foto", "Photograph"),
    "pdf": Text("Document", "Document"),
    "docx": Text("Document", "Document"),
    "stl": Text("Scan van het gebit (3D)", "Scan of the teeth (3D)"),
    "ply": Text("Scan van het gebit (3D)", "Scan of the teeth (3D)"),
}
MODALITIES: dict[str, Text] = {
    "IO": Text("Intra-orale röntgenfoto", "Intra-oral X-ray"),
    "PX": Text("Panoramische röntgenfoto (OPT)", "Panoramic X-ray (OPG)"),
    "DX": Text("Röntgenfoto", "X-ray"),
    "CR": Text("Röntgenfoto", "X-ray"),
    "CT": Text("CT-scan", "CT scan"),
    "MR": Text("MRI-scan", "MRI scan"),
    "US": Text("Echografie", "Ultrasound"),
}
