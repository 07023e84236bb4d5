"""The rules behind a guidance outcome, in plain words for the reader of the request wizard (B1).

The rule catalogue speaks of "de patiënt" in the third person, for professionals. Where the wizard ends
with guidance (views.request_guidance) the reader is the patient, addressed as "u", or a representative,
who asks for someone else and reads about "de patiënt", as the wizard's other words to a representative
do (the consent step, the summary). A rule without words here is not shown to them: the outcome above
it already says what it means, and the rule's professional text stays in the rule catalogue."""

from secondopinion.core.text import Text

# R2 speaks of no person: one text for both readers.
_DENTAL_BEFORE = Text(
    "Bij de tandarts kan een second opinion alleen vóór de behandeling. Over werk dat al gedaan is, geeft "
    "een second opinion geen oordeel.",
    "With a dentist, a second opinion is only possible before the treatment. A second opinion does not "
    "judge work that has already been done.",
)

TO_THE_PATIENT: dict[str, Text] = {
    "R2": _DENTAL_BEFORE,
    "R4": Text(
        "U kunt een second opinion vragen vóór, tijdens of na een onderzoek, diagnose of behandeling. U bent "
        "dan nog onder behandeling bij uw eigen behandelaar. Die blijft uw behandelaar: met het advies gaat "
        "u naar hem of haar terug.",
        "You can ask for a second opinion before, during or after an examination, diagnosis or treatment. "
        "You are then still under treatment with your own practitioner. They stay your practitioner: you go "
        "back to them with the advice.",
    ),
    "R5": Text(
        "Eerst kijken we wat u zoekt: een second opinion, een andere behandelaar of een nieuwe verwijzing. "
        "Of het is nog niet duidelijk of u onder behandeling bent. Alleen een second opinion gaat hier "
        "verder. Anders leest u hier wat u kunt doen.",
        "First we look at what you are looking for: a second opinion, another practitioner or a new "
        "referral. Or it is not yet clear whether you are under treatment. Only a second opinion goes on "
        "here. Otherwise you read here what you can do.",
    ),
    "R6": Text(
        "Een second opinion gaat over de zorg, niet over de persoon. Gaat het om hoe uw behandelaar met u "
        "omgaat? Daarvoor is de klachtenregeling.",
        "A second opinion is about the care, not the person. Is it about how your practitioner treats you? "
        "The complaint scheme is there for that.",
    ),
    "R7": Text(
        "Een second opinion is een advies dat u één keer krijgt. Wie het advies geeft, wordt normaal niet "
        "uw behandelaar.",
        "A second opinion is advice you get once. Whoever gives the advice normally does not become your "
        "practitioner.",
    ),
}

TO_A_REPRESENTATIVE: dict[str, Text] = {
    "R2": _DENTAL_BEFORE,
    "R4": Text(
        "U kunt een second opinion vragen vóór, tijdens of na een onderzoek, diagnose of behandeling. De "
        "patiënt is dan nog onder behandeling bij de eigen behandelaar. Die blijft de behandelaar: met het "
        "advies gaat de patiënt naar hem of haar terug.",
        "You can ask for a second opinion before, during or after an examination, diagnosis or treatment. "
        "The patient is then still under treatment with their own practitioner. That practitioner stays in "
        "charge: the patient goes back to them with the advice.",
    ),
    "R5": Text(
        "Eerst kijken we wat u zoekt: een second opinion, een andere behandelaar of een nieuwe verwijzing. "
        "Of het is nog niet duidelijk of de patiënt onder behandeling is. Alleen een second opinion gaat "
        "hier verder. Anders leest u hier wat u kunt doen.",
        "First we look at what you are looking for: a second opinion, another practitioner or a new "
        "referral. Or it is not yet clear whether the patient is under treatment. Only a second opinion "
        "goes on here. Otherwise you read here what you can do.",
    ),
    "R6": Text(
        "Een second opinion gaat over de zorg, niet over de persoon. Gaat het om hoe de behandelaar met de "
        "patiënt omgaat? Daarvoor is de klachtenregeling.",
        "A second opinion is about the care, not the person. Is it about how the practitioner treats the "
        "patient? The complaint scheme is there for that.",
    ),
    "R7": Text(
        "Een second opinion is een advies dat de patiënt één keer krijgt. Wie het advies geeft, wordt "
        "normaal niet de behandelaar van de patiënt.",
        "A second opinion is advice the patient gets once. Whoever gives the advice normally does not "
        "become the patient's practitioner.",
    ),
}


def rules_for_reader(rule_ids: list[str] | tuple[str, ...], requester_kind: str) -> list[tuple[str, Text]]:
    """Each rule id the reader has words for, once, with those words, in the order given."""
    words = TO_A_REPRESENTATIVE if requester_kind == "representative" else TO_THE_PATIENT
    seen: list[str] = []
    for rule_id in rule_ids:
        if rule_id in words and rule_id not in seen:
            seen.append(rule_id)
    return [(rule_id, words[rule_id]) for rule_id in seen]
