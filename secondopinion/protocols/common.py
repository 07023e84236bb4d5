"""Rules that hold for every protocol. Each check returns None when followed, else what is missing."""

from secondopinion.core.text import Text
from secondopinion.core.textcheck import is_blank, visible_length
from secondopinion.protocols.engine import Rule
from secondopinion.protocols.lifecycle import WITHDRAWS_OWN, Status
from secondopinion.protocols.snapshot import CaseSnapshot
from secondopinion.protocols.vocabulary import CLOSURE_DECISIONS, EXPLANATION_ITEMS, REFUSAL_REASONS

ACCEPTED = Status.ACCEPTED.value
REDIRECTED = Status.REDIRECTED.value
REFUSED = Status.REFUSED.value
ASSIGNED = Status.ASSIGNED.value
INFORMED = Status.INFORMED.value
IN_EXAMINATION = Status.IN_EXAMINATION.value
REPORT_FINAL = Status.REPORT_FINAL.value
CLOSED = Status.CLOSED.value
WITHDRAWN = Status.WITHDRAWN.value
# R9: the weighty reason that needs an earlier request on the same question (seed 004 "keer op keer").
REPEATED_REQUEST = "repeated_request"


def _classification(s: CaseSnapshot, action: str) -> Text | None:
    """R5: only a second opinion continues; every other classification ends with guidance."""
    if not s.classification:
        return Text("Er is nog geen classificatie vastgelegd.", "No classification has been recorded.")
    if action == ACCEPTED:
        if s.classification == "second_opinion":
            return None
        return Text(
            "Alleen een verzoek dat als second opinion is geclassificeerd gaat verder.",
            "Only a request classified as a second opinion continues.",
        )
    if s.classification != "second_opinion":
        return None
    return Text(
        "Doorgeleiden kan alleen met een classificatie die geen second opinion is "
        "(overname, nieuwe verwijzing, niet ontvankelijk of onduidelijk).",
        "A redirect needs a classification other than second opinion "
        "(transfer of care, new referral, not admissible or unclear).",
    )


R5 = Rule(
    id="R5",
    seeds=("003", "004"),
    text=Text(
        "Bij intake wordt vastgesteld of het een second opinion, overname van behandeling, "
        "nieuwe verwijzing is, of onduidelijk is of de patiënt nog onder behandeling is. "
        "Alleen een second opinion gaat verder; de rest eindigt met vastgelegd advies.",
        "At intake the request is classified as second opinion, transfer of care, new referral, "
        "or unclear whether the patient is still under treatment. Only a second opinion "
        "continues; the others end with recorded guidance.",
    ),
    guards=frozenset({ACCEPTED, REDIRECTED}),
    check=_classification,
)


def _weighty_reason(s: CaseSnapshot, action: str) -> Text | None:
    """R9: refusal only for a weighty reason from the list, explained in free text; a repeated request
    only when the patient asked before on the same question, naming the earlier request(s) it repeats
    (the candidates of cases/earlier.py are possible repeats, not proof). A withdrawal is the patient's: the
    practice records one only with a note saying how and when the patient withdrew."""
    if action == WITHDRAWN:
        return _withdrawn_by_patient(s)
    if s.refusal_reason not in REFUSAL_REASONS or visible_length(s.refusal_note) < 10:
        return Text(
            "Weigeren mag alleen om een zwaarwegende reden uit de lijst, met een toelichting "
            "van minstens 10 tekens.",
            "Refusal needs a weighty reason from the list and an explanation of at least 10 characters.",
        )
    if s.refusal_reason == REPEATED_REQUEST and not s.earlier_requests:
        return Text(
            "Deze patiënt heeft geen eerder verzoek over dezelfde vraag gedaan (zelfde vakgebied, zelfde "
            "eigen behandelaar of zelfde onderwerp). 'Herhaald verzoek over dezelfde vraag' kan dus geen "
            "reden zijn om te weigeren. Kies een andere zwaarwegende reden, of neem het verzoek in behandeling.",
            "This patient has made no earlier request on the same question (same discipline, same own "
            "practitioner or same subject). 'Repeated request on the same question' cannot be the reason "
            "to refuse. Choose another weighty reason, or take the request on.",
        )
    if s.refusal_reason == REPEATED_REQUEST and not s.repeats_named:
        return Text(
            "Noem welke eerdere aanvraag of aanvragen van deze patiënt dit verzoek herhaalt: vink ze aan in "
            "de lijst van eerdere aanvragen die over dezelfde vraag kunnen gaan. Die lijst is een lijst van "
            "mogelijke herhalingen; alleen de aanvragen die u noemt, leest de patiënt als reden.",
            "Name the earlier request or requests of this patient that this request repeats: tick them in "
            "the list of earlier requests that may be on the same question. That list only holds possible "
            "repeats; the patient reads only the requests you name as the reason.",
        )
    return None


def _withdrawn_by_patient(s: CaseSnapshot) -> Text | None:
    """R9: the patient or the representative withdraws by their own act; anyone else only records the
    patient's withdrawal, saying how and when it was made (the patient reads it)."""
    if s.acting_role in WITHDRAWS_OWN or visible_length(s.step_note) >= 10:
        return None
    return Text(
        "Alleen de patiënt trekt een verzoek in. Legt u een intrekking vast die de patiënt op een andere "
        "manier doorgaf, schrijf dan in de notitie hoe en wanneer (bijvoorbeeld: telefonisch op 3 maart "
        "2026), in minstens 10 tekens; de patiënt leest deze notitie. Wil de praktijk het verzoek zelf "
        "beëindigen, dan is dat een weigering om een zwaarwegende reden.",
        "Only the patient withdraws a request. When you record a withdrawal the patient made another way, "
        "say in the note how and when (for example: by telephone on 3 March 2026), in at least 10 "
        "characters; the patient reads this note. If the practice itself wants to end the request, that is "
        "a refusal for a weighty reason.",
    )


R9 = Rule(
    id="R9",
    seeds=("003", "004"),
    text=Text(
        "Een second opinion is een recht van de patiënt; weigeren kan alleen om zwaarwegende "
        "redenen, die worden vastgelegd. Intrekken doet alleen de patiënt.",
        "A second opinion is the patient's right; it may be refused only for weighty reasons, "
        "which are recorded. Only the patient withdraws a request.",
    ),
    guards=frozenset({REFUSED, WITHDRAWN}),
    check=_weighty_reason,
)


# After assignment the case waits for the giver's own declaration of independence (R10).
AFTER_ASSIGNMENT = frozenset({INFORMED, IN_EXAMINATION, REPORT_FINAL})


def undeclared(s: CaseSnapshot, action: str) -> Text | None:
    """R10: from the explanation on, the assigned giver must have declared independence."""
    if action in AFTER_ASSIGNMENT and not s.independence_declared:
        return Text(
            "De gever heeft nog niet verklaard onafhankelijk te zijn en geen direct belang te hebben.",
            "The giver has not yet declared to be independent and to have no direct interest.",
        )
    return None


def _independent_giver(s: CaseSnapshot, action: str) -> Text | None:
    """R10: same discipline, not the treating practitioner, not in the same organisation; declared."""
    if s.treating_specialism_missing:
        # Without it "the same level" cannot be checked: nobody passes until it is recorded.
        return Text(
            "Niet te controleren of de gever hetzelfde specialisme heeft: het specialisme van de eigen "
            "behandelaar is niet vastgelegd in de registratie. Leg het vast voordat u een gever toewijst.",
            "Cannot check that the giver has the same specialism: the treating practitioner's specialism "
            "is not recorded in the directory. Record it before assigning a giver.",
        )
    if not s.giver_assigned:
        return Text("Er is geen second opinion-gever gekozen.", "No second-opinion giver has been chosen.")
    if s.giver_is_treating:
        return Text(
            "De eigen behandelaar kan geen second opinion over zichzelf geven.",
            "The treating practitioner cannot give a second opinion on their own work.",
        )
    if not s.giver_same_discipline:
        return Text(
            "De gever moet in hetzelfde vakgebied en op hetzelfde niveau werken als de eigen behandelaar.",
            "The giver must work in the same discipline and at the same level as the treating practitioner.",
        )
    if s.giver_same_organisation:
        return Text(
            "De gever werkt in dezelfde praktijk of organisatie als de eigen behandelaar.",
            "The giver works in the same practice or organisation as the treating practitioner.",
        )
    return connected(s) or undeclared(s, action)


def connected(s: CaseSnapshot) -> Text | None:
    """R10, in every discipline: the giver is not the one who referred, and has declared no interest in
    the treating practitioner or his organisation (seed 000: "geen direct belang"; 004: "op geen enkele
    wijze verbonden")."""
    if s.giver_is_referrer:
        return Text(
            "De verwijzer kan niet zelf de second opinion geven.",
            "The referrer cannot give the second opinion.",
        )
    if s.giver_has_interest:
        return Text(
            "De gever heeft een belang verklaard bij de eigen behandelaar of diens organisatie.",
            "The giver declared an interest in the treating practitioner or his organisation.",
        )
    return None


R10 = Rule(
    id="R10",
    seeds=("000", "004"),
    text=Text(
        "De gever werkt in hetzelfde vakgebied en op hetzelfde niveau als de eigen behandelaar, "
        "is op geen enkele wijze met hem verbonden en heeft geen direct belang. De gever verklaart "
        "dit voordat de second opinion verdergaat.",
        "The giver works in the same discipline and at the same level as the treating "
        "practitioner, is in no way connected to them and has no direct interest. The giver "
        "declares this before the second opinion proceeds.",
    ),
    guards=frozenset({ASSIGNED}) | AFTER_ASSIGNMENT,
    check=_independent_giver,
)


def _explanation(s: CaseSnapshot, action: str) -> Text | None:
    """R13: all six explanation items are recorded before the examination."""
    missing = [EXPLANATION_ITEMS[item] for item in EXPLANATION_ITEMS if item not in s.explanation_items]
    if not missing:
        return None
    return Text(
        "Nog niet uitgelegd: " + "; ".join(m.nl for m in missing) + ".",
        "Not yet explained: " + "; ".join(m.en for m in missing) + ".",
    )


R13 = Rule(
    id="R13",
    seeds=("000",),
    text=Text(
        "Vooraf legt de gever uit en legt vast: de inhoud, het doel, de kosten, eventuele "
        "diagnostische verrichtingen, de wijze van registratie en rapportage, en zijn positie.",
        "Beforehand the giver explains and records: the content, the purpose, the costs, any "
        "diagnostics needed, how it is recorded and reported, and the giver's position.",
    ),
    guards=frozenset({INFORMED, IN_EXAMINATION, REPORT_FINAL}),
    check=_explanation,
)


def _care_question(s: CaseSnapshot, action: str) -> Text | None:
    """R15: the giver establishes and records the care question."""
    if not is_blank(s.care_question) and s.care_question_established:
        return None
    return Text(
        "De zorgvraag is nog niet door de gever vastgesteld en vastgelegd.",
        "The giver has not yet established and recorded the care question.",
    )


R15 = Rule(
    id="R15",
    seeds=("000",),
    text=Text(
        "De zorgvraag wordt duidelijk in kaart gebracht en vastgelegd.",
        "The care question is established and recorded.",
    ),
    guards=frozenset({INFORMED, IN_EXAMINATION, REPORT_FINAL}),
    check=_care_question,
)


def _closure_decision(s: CaseSnapshot, action: str) -> Text | None:
    """R27: closure records what the patient decides."""
    if s.closure_decision in CLOSURE_DECISIONS:
        return None
    return Text(
        "Leg bij afsluiten vast wat de patiënt besluit.",
        "Record the patient's decision when closing.",
    )


R27 = Rule(
    id="R27",
    seeds=("004",),
    text=Text(
        "De patiënt keert met het advies terug naar de eigen behandelaar en kan het advies "
        "overnemen, de behandeling voortzetten of stoppen, of een andere behandelaar zoeken.",
        "The patient returns to the own practitioner with the opinion and may accept it, "
        "continue or stop treatment, or look for another practitioner.",
    ),
    guards=frozenset({CLOSED}),
    check=_closure_decision,
)

COMMON_RULES = (R5, R9, R10, R13, R15, R27)
