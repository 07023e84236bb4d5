"""What the patient is told when a request does not continue as a second opinion (R5, R7)."""

from secondopinion.core.text import Text
from secondopinion.protocols.engine import Protocol

GUIDANCE: dict[str, Text] = {
    "transfer_of_care": Text(
        "U wilt dat een andere behandelaar de behandeling overneemt. Dat is geen second opinion "
        "maar overname van behandeling: bespreek dit met uw behandelaar of vraag uw huisarts om "
        "een verwijzing naar een andere behandelaar.",
        "You want another practitioner to take over the treatment. That is not a second opinion "
        "but a transfer of care: discuss it with your practitioner or ask your GP for a referral "
        "to another practitioner.",
    ),
    "new_referral": Text(
        "Uw behandeling is afgerond (zie de ontslagbrief of het dossier). Voor een nieuwe "
        "beoordeling heeft u een nieuwe verwijzing van uw huisarts nodig.",
        "Your treatment has ended (see the discharge letter or record). For a new assessment you "
        "need a new referral from your GP.",
    ),
    "unclear": Text(
        "Het is onduidelijk of u nog onder behandeling bent. Neem contact op met de polikliniek "
        "van uw behandelaar, of vraag uw huisarts dit met de specialist te overleggen.",
        "It is unclear whether you are still under treatment. Contact your practitioner's "
        "clinic, or ask your GP to consult the specialist.",
    ),
    "not_admissible": Text(
        "Dit verzoek kan niet als second opinion worden behandeld. U kunt zich wenden tot de "
        "klachtenregeling van de zorgverlener, of een nieuw onderzoek aanvragen.",
        "This request cannot be handled as a second opinion. You can turn to the practitioner's "
        "complaint scheme, or ask for a new examination.",
    ),
}


# A transfer of care at the dentist or the denturist: no GP refers to them. The patient registers with
# another practice and has the own practice send the file over (the practitioner must hand it over, 004).
ORAL_TRANSFER: dict[str, Text] = {
    "dentist": Text(
        "U wilt dat een andere tandarts de behandeling overneemt. Dat is geen second opinion maar overname van "
        "behandeling. Daarvoor heeft u geen verwijzing nodig: schrijf u in bij een andere tandarts en vraag uw "
        "eigen praktijk om uw dossier naar de nieuwe tandarts te sturen.",
        "You want another dentist to take over the treatment. That is not a second opinion but a transfer of "
        "care. You do not need a referral for it: register with another dentist and ask your own practice to "
        "send your file (dossier) to the new dentist.",
    ),
    "denturist": Text(
        "U wilt dat een andere tandprotheticus de behandeling overneemt. Dat is geen second opinion maar "
        "overname van behandeling. Daarvoor heeft u geen verwijzing nodig: schrijf u in bij een andere "
        "tandprotheticus en vraag uw eigen praktijk om uw dossier naar de nieuwe tandprotheticus te sturen.",
        "You want another denturist to take over the treatment. That is not a second opinion but a transfer of "
        "care. You do not need a referral for it: register with another denturist and ask your own practice to "
        "send your file (dossier) to the new denturist.",
    ),
}


# Treatment that has ended, or may have, at the dentist or the denturist: no GP, no discharge letter and no
# clinic (those are seed 003's hospital words). A new question is a new examination, for which nobody
# needs a referral; whether the treatment still runs is asked at the own practice.
ORAL_NEW_REFERRAL: dict[str, Text] = {
    "dentist": Text(
        "Uw behandeling bij uw tandarts is afgerond. Heeft u nu een nieuwe vraag over uw gebit, maak dan een "
        "afspraak voor een nieuw onderzoek bij uw eigen of een andere tandarts. Daarvoor heeft u geen "
        "verwijzing nodig.",
        "Your treatment by your dentist has ended. If you now have a new question about your teeth, make an "
        "appointment for a new examination with your own or another dentist. You do not need a referral for it.",
    ),
    "denturist": Text(
        "Uw behandeling bij uw tandprotheticus is afgerond. Heeft u nu een nieuwe vraag over uw prothese, maak "
        "dan een afspraak voor een nieuw onderzoek bij uw eigen of een andere tandprotheticus. Daarvoor heeft u "
        "geen verwijzing nodig.",
        "Your treatment by your denturist has ended. If you now have a new question about your denture, make an "
        "appointment for a new examination with your own or another denturist. You do not need a referral for "
        "it.",
    ),
}
ORAL_UNCLEAR: dict[str, Text] = {
    "dentist": Text(
        "Het is niet duidelijk of u nog onder behandeling bent bij uw tandarts. Vraag dat na bij uw eigen "
        "tandartspraktijk. Daarna kunt u bekijken of een second opinion bij uw vraag past.",
        "It is not clear whether you are still being treated by your dentist. Ask your own dental practice. "
        "Then you can see whether a second opinion fits your question.",
    ),
    "denturist": Text(
        "Het is niet duidelijk of u nog onder behandeling bent bij uw tandprotheticus. Vraag dat na bij uw eigen "
        "tandprotheticus. Daarna kunt u bekijken of een second opinion bij uw vraag past.",
        "It is not clear whether you are still being treated by your denturist. Ask your own denturist. Then you "
        "can see whether a second opinion fits your question.",
    ),
}
ORAL: dict[str, dict[str, Text]] = {
    "transfer_of_care": ORAL_TRANSFER,
    "new_referral": ORAL_NEW_REFERRAL,
    "unclear": ORAL_UNCLEAR,
}


def guidance_for(protocol: Protocol, classification: str) -> Text | None:
    found = protocol.guidance.get(classification)
    if found is None and classification in ORAL:
        found = ORAL[classification].get(protocol.discipline)
    return found or GUIDANCE.get(classification)
