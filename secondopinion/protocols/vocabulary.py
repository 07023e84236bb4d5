"""The closed vocabularies that rules and forms share, each with its Dutch and English label."""

from secondopinion.core.text import Text

EXPLANATION_ITEMS: dict[str, Text] = {
    "content": Text("de inhoud van een second opinion", "what a second opinion contains"),
    "purpose": Text("het doel", "its purpose"),
    "costs": Text("de kosten", "the costs"),
    "diagnostics": Text(
        "eventuele noodzakelijke verrichtingen voor de diagnostiek",
        "any procedures needed for diagnosis",
    ),
    "recording": Text("de wijze van registratie en rapportage", "how it is recorded and reported"),
    "position": Text(
        "de positie van de second opinion-gever (onafhankelijk)",
        "the giver's position (independent)",
    ),
}

CLASSIFICATIONS: dict[str, Text] = {
    "second_opinion": Text("second opinion", "second opinion"),
    "transfer_of_care": Text("overname van behandeling", "transfer of care"),
    "new_referral": Text("nieuwe verwijzing", "new referral"),
    "not_admissible": Text("niet ontvankelijk als second opinion", "not admissible as a second opinion"),
    "unclear": Text(
        "onduidelijk of de patiënt nog onder behandeling is",
        "unclear whether still under treatment",
    ),
}

SUBJECTS: dict[str, Text] = {
    "diagnosis": Text("diagnose", "diagnosis"),
    "care_goal": Text("zorgdoel", "care goal"),
    "care_plan": Text("zorgplan", "care plan"),
    "treatment_plan": Text("behandelplan", "treatment plan"),
    "finished_work": Text("uitgevoerde behandeling", "treatment already carried out"),
}

REQUESTER_KINDS: dict[str, Text] = {
    "patient": Text("de patiënt", "the patient"),
    "representative": Text("een vertegenwoordiger", "a representative"),
    "referrer": Text("een verwijzer of collega", "a referrer or colleague"),
    "practitioner": Text(
        "een behandelaar op eigen initiatief (na overleg met de patiënt)",
        "a practitioner on their own initiative (after consulting the patient)",
    ),
}

REFUSAL_REASONS: dict[str, Text] = {
    "repeated_request": Text("herhaald verzoek over dezelfde vraag", "repeated request on the same question"),
    "no_same_discipline": Text(
        "geen beoordelaar in hetzelfde vakgebied beschikbaar",
        "no giver in the same discipline available",
    ),
    "threat_or_violence": Text("agressie of bedreiging", "aggression or threats"),
    "other_weighty": Text("andere zwaarwegende reden", "another weighty reason"),
}
# R9: each weighty reason as the patient reads it on her own page (plain B1 words, no rule ids).
REFUSAL_REASONS_FOR_PATIENT: dict[str, Text] = {
    # Said only of a refusal recorded before the earlier requests it repeats were named (R9): the
    # practice's view, claiming no earlier request (web/presenters.py names them when there are).
    "repeated_request": Text(
        "De praktijk ziet uw verzoek als een herhaling van een eerder verzoek over dezelfde vraag. De "
        "praktijk vindt het niet zinvol om dezelfde vraag nog een keer te laten beoordelen.",
        "The practice sees your request as a repeat of an earlier request on the same question. The "
        "practice does not think it is useful to have the same question looked at again.",
    ),
    "no_same_discipline": Text(
        "Bij deze praktijk werkt niemand die uw vraag kan beoordelen in hetzelfde vakgebied als uw eigen "
        "zorgverlener, en die geen band heeft met uw eigen zorgverlener.",
        "Nobody at this practice can look at your question in the same field as your own practitioner "
        "without being connected to your own practitioner.",
    ),
    "threat_or_violence": Text(
        "Er was sprake van agressie of bedreiging.",
        "There was aggression or a threat.",
    ),
    "other_weighty": Text(
        "De praktijk heeft een andere zwaarwegende reden. U leest die hieronder.",
        "The practice has another weighty reason. You can read it below.",
    ),
}

REPORT_SECTIONS: dict[str, Text] = {
    "information_used": Text("gebruikte informatie", "information used"),
    "findings": Text("bevindingen", "findings"),
    "deviations": Text("afwijkingen van diagnose, plan of werk", "deviations from diagnosis, plan or work"),
    "consequences": Text(
        "tandheelkundige en financiële gevolgen en gezondheidsrisico's",
        "dental and financial consequences and health risks",
    ),
    "advice": Text("advies", "advice"),
    "alternatives": Text("alternatieve behandelplannen", "alternative treatment plans"),
    "costs": Text("kosten", "costs"),
}
REQUIRED_REPORT_SECTIONS = ("findings", "deviations", "consequences", "advice")

CLOSURE_DECISIONS: dict[str, Text] = {
    "accept_opinion": Text("neemt het advies over", "accepts the opinion"),
    "continue_treatment": Text("zet de behandeling voort", "continues the treatment"),
    "stop_treatment": Text("stopt de behandeling", "stops the treatment"),
    "other_practitioner": Text("zoekt een andere behandelaar", "looks for another practitioner"),
    "undecided": Text("heeft nog geen besluit genomen", "has not decided yet"),
}

OUTCOMES: dict[str, Text] = {
    "confirmed": Text("bevestigd", "confirmed"),
    "refined": Text("aangevuld", "refined"),
    "changed": Text("gewijzigd", "changed"),
}

UNDER_TREATMENT: dict[str, Text] = {
    "yes": Text("ja", "yes"),
    "no": Text("nee, de behandeling is afgerond", "no, the treatment has ended"),
    "unclear": Text("onduidelijk", "unclear"),
}
