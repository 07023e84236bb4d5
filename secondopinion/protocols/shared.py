"""Rules of the domain contract that more than one protocol shares, beyond common.py's core (the
consent rules R16 to R19: consent_rules.py).

Each check returns None when the case follows the rule, else a Text saying what is missing.
Advisory rules (blocking=False) follow the seeds' "preferably" and "advised": they warn.
"""

from dataclasses import replace

from secondopinion.core.text import Text
from secondopinion.protocols.common import ACCEPTED, CLOSED, REPORT_FINAL
from secondopinion.protocols.engine import COLLEGIAL_NOTICE, DRAFT_PLANS, SUBMIT, Rule
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.snapshot import CaseSnapshot

REPORT_DRAFT = Status.REPORT_DRAFT.value
ADVICE_SUBJECTS = frozenset({"diagnosis", "care_goal", "care_plan", "treatment_plan"})


def _advice_not_treatment(s: CaseSnapshot, action: str) -> Text | None:
    """R1: advice, never treatment; the giver does not take the treatment over."""
    if s.wants_transfer:
        return Text(
            "De patiënt wil dat de gever de behandeling overneemt; een second opinion is een advies, nooit een behandeling.",
            "The patient wants the giver to take over treatment; a second opinion is advice, never treatment.",
        )
    return None


R1 = Rule(
    id="R1",
    seeds=("000", "002", "004"),
    text=Text(
        "Een second opinion is een advies over (een deel van) een diagnose, zorgdoel, zorgplan of behandelplan; "
        "nooit een behandeling, en de gever neemt de behandeling nooit over.",
        "A second opinion is advice on (part of) a diagnosis, care goal, care plan or treatment plan; never a "
        "treatment, and the giver never takes the treatment over.",
    ),
    guards=frozenset({ACCEPTED}),
    check=_advice_not_treatment,
)


def _still_under_treatment(s: CaseSnapshot, action: str) -> Text | None:
    """R4: the patient is still under treatment of the treating practitioner."""
    if s.under_treatment == "yes":
        return None
    if s.under_treatment == "unclear":
        return Text(
            "Het is onduidelijk of de patiënt nog onder behandeling is: neem contact op met de polikliniek, of "
            "laat huisarts en specialist overleggen.",
            "It is unclear whether the patient is still under treatment: contact the clinic, or let GP and "
            "specialist consult.",
        )
    return Text(
        "De behandeling is afgerond (ontslagbrief of dossier): dit vraagt een nieuwe verwijzing, geen second opinion.",
        "The treatment has ended (discharge letter or record): this needs a new referral, not a second opinion.",
    )


R4 = Rule(
    id="R4",
    seeds=("003", "004"),
    text=Text(
        "Een second opinion kan vóór, tijdens of na onderzoek, diagnose of behandeling. De patiënt is nog onder "
        "behandeling van de eigen behandelaar, die de regie houdt en bij wie de patiënt terugkeert.",
        "A second opinion may be asked before, during or after examination, diagnosis or treatment. The patient is "
        "still under treatment of the treating practitioner, who keeps control and to whom the patient returns.",
    ),
    guards=frozenset({ACCEPTED}),
    check=_still_under_treatment,
)


def _notice_outside_report(s: CaseSnapshot, action: str) -> Text | None:
    """R6: a collegial notice goes to the colleague directly, never into the report."""
    if action == COLLEGIAL_NOTICE and not s.giver_assigned:
        return Text(
            "Alleen de toegewezen gever stuurt een collegiale melding.",
            "Only the assigned giver sends a collegial notice.",
        )
    if s.collegial_notice_in_report:
        return Text(
            "Het rapport citeert de collegiale melding; die hoort rechtstreeks bij de collega, buiten het rapport.",
            "The report quotes the collegial notice; it belongs with the colleague directly, outside the report.",
        )
    return None


R6 = Rule(
    id="R6",
    seeds=("000", "004"),
    text=Text(
        "Het gaat om de zorg, niet om de persoon. De gever onthoudt zich van openbare kritiek op een collega; is hij "
        "overtuigd dat een collega in strijd met de beroepscode handelt, dan zegt hij dat die collega rechtstreeks, "
        "buiten het rapport.",
        "It is about the care, not the person. The giver refrains from public criticism of a colleague; if convinced "
        "a colleague acts against the professional code, the giver tells that colleague directly, outside the report.",
    ),
    guards=frozenset({COLLEGIAL_NOTICE, REPORT_FINAL}),
    check=_notice_outside_report,
    ongoing=True,
)


def _one_time_assessment(s: CaseSnapshot, action: str) -> Text | None:
    """R7: a wish to switch practitioner is a transfer of care, not a second opinion."""
    if s.classification == "transfer_of_care" or s.wants_transfer:
        return Text(
            "De wens om van behandelaar te wisselen is overname van behandeling, geen second opinion.",
            "A wish to switch practitioner is a transfer of care, not a second opinion.",
        )
    return None


R7 = Rule(
    id="R7",
    seeds=("004",),
    text=Text(
        "Een second opinion is een eenmalige beoordeling; de gever wordt normaal niet de behandelaar van de patiënt.",
        "A second opinion is a one-time assessment; the giver normally does not become the patient's practitioner.",
    ),
    guards=frozenset({ACCEPTED}),
    check=_one_time_assessment,
)


def _representative_missing(s: CaseSnapshot) -> Text:
    """R8 with the WGBO's age rules (BW 7:450, 7:465): what a representative still needs, by the
    patient's age when a parent or guardian asks."""
    if s.representative_age == "child":
        return Text(
            "De patiënt is jonger dan 12 jaar: een ouder of voogd handelt voor het kind zodra de praktijk het "
            "ouderlijk gezag of de voogdij heeft gecontroleerd en vastgelegd. Dat is nog niet gebeurd.",
            "The patient is under 12: a parent or guardian acts for the child once the practice has checked and "
            "recorded the parental authority or guardianship. That has not been done yet.",
        )
    if s.representative_age == "young":
        missing_nl = [
            text
            for text, has in (
                ("de toestemming van het kind", s.representative_patient_consent),
                ("het door de praktijk gecontroleerde ouderlijk gezag", s.representative_authority),
            )
            if not has
        ]
        missing_en = [
            text
            for text, has in (
                ("the child's consent", s.representative_patient_consent),
                ("the parental authority checked by the practice", s.representative_authority),
            )
            if not has
        ]
        return Text(
            "De patiënt is 12 tot 16 jaar: een ouder of voogd handelt alleen met de toestemming van het kind én "
            f"het gecontroleerde ouderlijk gezag. Nog nodig: {' en '.join(missing_nl)}.",
            "The patient is 12 to 15: a parent or guardian acts only with the child's consent and the checked "
            f"parental authority. Still needed: {' and '.join(missing_en)}.",
        )
    if s.representative_age == "adult":
        return Text(
            "De patiënt is 16 jaar of ouder en beslist zelf: een ouder of voogd handelt alleen met de toestemming "
            "van de patiënt, zoals elke vertegenwoordiger. Het ouderlijk gezag telt niet meer.",
            "The patient is 16 or older and decides alone: a parent or guardian acts only with the patient's "
            "consent, like any representative. The parental authority no longer counts.",
        )
    return Text(
        "Een vertegenwoordiger kan pas aanvragen als de toestemming van de patiënt is vastgelegd.",
        "A representative can only ask once the patient's consent is recorded.",
    )


def _requester(s: CaseSnapshot, action: str) -> Text | None:
    """R8: a representative needs the patient's consent; a practitioner consults the patient and informs the GP."""
    if s.requester_kind == "representative" and not s.representative_consent:
        return _representative_missing(s)
    if s.requester_kind == "practitioner" and not (s.patient_consulted and s.gp_informed):
        return Text(
            "Vraagt de behandelaar zelf een second opinion aan, dan na overleg met de patiënt en met bericht aan "
            "huisarts of specialist.",
            "A practitioner who asks for one himself does so after consulting the patient and informing the GP "
            "or specialist.",
        )
    return None


R8 = Rule(
    id="R8",
    seeds=("000", "003", "004"),
    text=Text(
        "Aanvrager is de patiënt; een collega of verwijzer; een behandelaar zelf, na overleg met de patiënt en met "
        "bericht aan huisarts of specialist; of een vertegenwoordiger, alleen met medeweten en toestemming van de "
        "patiënt, die de gever verifieert.",
        "The requester is the patient; a colleague or referrer; a practitioner himself, after consulting the patient "
        "and informing the GP or specialist; or a representative, only with the patient's knowledge and consent, "
        "which the giver verifies.",
    ),
    guards=frozenset({SUBMIT, ACCEPTED}),
    check=_requester,
)


def _own_practitioner_informed(s: CaseSnapshot, action: str) -> Text | None:
    """R12: informing the own practitioner is expected and advised (advisory)."""
    if s.own_practitioner_informed or s.referred_by_treating or s.requester_kind == "practitioner":
        return None
    return Text(
        "Geadviseerd: bespreek de second opinion eerst met de eigen behandelaar, of informeer hem.",
        "Advised: discuss the second opinion with the own practitioner first, or inform him.",
    )


R12 = Rule(
    id="R12",
    seeds=("002", "003", "004"),
    text=Text(
        "Voor een second opinion is geen toestemming nodig, maar de eigen behandelaar informeren wordt verwacht "
        "waar dat redelijkerwijs kan, en eerst met hem overleggen wordt aangeraden.",
        "No permission is needed to ask, but informing the own practitioner is expected where reasonably possible, "
        "and discussing it with him first is advised.",
    ),
    guards=frozenset({ACCEPTED}),
    check=_own_practitioner_informed,
    blocking=False,
    for_patient=Text(
        "U heeft geen toestemming nodig voor een second opinion. Het is wel goed om uw eigen behandelaar te "
        "laten weten dat u een second opinion vraagt, en er eerst met hem of haar over te praten.",
        "You do not need permission for a second opinion. It is good, though, to tell your own practitioner "
        "that you are asking for one, and to talk it over with them first.",
    ),
)


def _findings_recorded(s: CaseSnapshot, action: str) -> Text | None:
    """R20: the findings are in the patient record before the report is drafted."""
    if s.findings_recorded:
        return None
    return Text(
        "Leg de bevindingen vast in het patiëntendossier.", "Record the findings in the patient record."
    )


R20 = Rule(
    id="R20",
    seeds=("000",),
    text=Text(
        "De bevindingen gaan in het patiëntendossier, met ten minste de verplichte onderdelen; anamneses "
        "(medisch, tandheelkundig, psychosociaal) waar nodig.",
        "Findings go into the patient record, with at least its mandatory parts; anamneses (medical, dental, "
        "psychosocial) as needed.",
    ),
    guards=frozenset({REPORT_DRAFT}),
    check=_findings_recorded,
)


def _plans_when_no_care_plan(s: CaseSnapshot, action: str) -> Text | None:
    """R21: without a care goal and plan, the giver drafts treatment plans with the patient."""
    if action == DRAFT_PLANS and s.care_plan_available:
        return Text(
            "Er is al een zorgdoel en zorgplan; behandelplannen opstellen hoort daar niet bij.",
            "A care goal and care plan exist; drafting treatment plans does not apply.",
        )
    if action == REPORT_FINAL and not s.care_plan_available and s.alternative_plans < 1:
        return Text(
            "Zonder zorgdoel en zorgplan stelt de gever met de patiënt ten minste één behandelplan op.",
            "Without a care goal and care plan the giver drafts at least one treatment plan with the patient.",
        )
    return None


R21 = Rule(
    id="R21",
    seeds=("000",),
    text=Text(
        "Zonder zorgdoel en zorgplan stelt de gever die samen met de patiënt op: één of meer behandelplannen, "
        "desgewenst met een grove kostenindicatie.",
        "Without a care goal and care plan, the giver drafts them with the patient: one or more treatment plans, "
        "optionally with a rough cost indication.",
    ),
    guards=frozenset({DRAFT_PLANS, REPORT_FINAL}),
    check=_plans_when_no_care_plan,
)


def _reimbursement(s: CaseSnapshot, action: str) -> Text | None:
    """R26: without a referral, basic insurance usually does not pay (advisory)."""
    if s.has_referral or s.reimbursement_explained:
        return None
    return Text(
        "Zonder verwijzing vergoedt de basisverzekering meestal niet: wijs de patiënt op de aanvullende verzekering "
        "en laat hem dit bij zijn zorgverzekeraar nagaan.",
        "Without a referral basic insurance usually does not pay: point the patient to supplementary insurance and "
        "let him check with his insurer.",
    )


R26 = Rule(
    id="R26",
    seeds=("001", "003", "004"),
    text=Text(
        "Meestal vergoed; de basisverzekering normaal alleen met verwijzing (van de eigen behandelaar of de "
        "huisarts); een aanvullende verzekering kan zonder vergoeden; de patiënt gaat dit na bij de verzekeraar. "
        "De huisarts kan voor elke behandelaar verwijzen; voor een second opinion over de huisarts zelf is er "
        "meestal geen andere verwijzer.",
        "Usually reimbursed; basic insurance normally only with a referral (from the treating practitioner or the "
        "GP); supplementary insurance may cover it without; the patient checks with the insurer. A GP can refer for "
        "any practitioner; for a second opinion on the GP himself, usually no other referrer exists.",
    ),
    guards=frozenset({SUBMIT, ACCEPTED}),
    check=_reimbursement,
    blocking=False,
    for_patient=Text(
        "Vraag uw zorgverzekeraar of en hoeveel u terugkrijgt. De basisverzekering betaalt meestal alleen met "
        "een verwijzing van uw eigen behandelaar of huisarts; een aanvullende verzekering soms ook zonder.",
        "Ask your health insurer whether and how much you get back. Basic insurance usually pays only with a "
        "referral from your own practitioner or GP; supplementary insurance sometimes pays without one.",
    ),
)


# R26 for the dentist and the denturist (seed 001 for both): the law pays dental care for the young (under 18)
# and almost none for adults, referral or not; a supplementary dental insurance may (billing/reimbursement.py).
ORAL_CAVEAT = Text(
    "Vraag uw zorgverzekeraar of en hoeveel u terugkrijgt. Voor volwassenen betaalt de basisverzekering bijna "
    "geen zorg van de tandarts of tandprotheticus, ook niet met een verwijzing; een aanvullende "
    "tandartsverzekering betaalt vaak een deel. Voor wie jonger is dan 18 betaalt de basisverzekering wel.",
    "Ask your health insurer whether and how much you get back. For adults basic insurance pays for almost no "
    "care by the dentist or denturist, not even with a referral; a supplementary dental insurance often pays "
    "part. For anyone younger than 18 the basic insurance does pay.",
)


def _oral_reimbursement(s: CaseSnapshot, action: str) -> Text | None:
    """R26: for oral care a referral is not what decides, so the advice stands until it was explained."""
    if s.reimbursement_explained:
        return None
    return Text(
        "Voor volwassenen betaalt de basisverzekering bijna geen tandheelkundige zorg, ook niet met een "
        "verwijzing (onder 18 jaar wel): wijs de patiënt op de aanvullende tandartsverzekering en laat hem dit "
        "bij zijn zorgverzekeraar nagaan.",
        "For adults basic insurance pays for almost no dental care, not even with a referral (under 18 it does): "
        "point the patient to a supplementary dental insurance and let him check with his insurer.",
    )


# R26 on the dental and denturist protocols. The contract's referral condition comes from seeds 003 and 004,
# both about doctors; the dentist's leaflet (001, the denturist's source for costs too) names no referral:
# "in most cases reimbursed; always ask your insurer". So the referral part does not apply here and a missing
# referral is never held against the case; the advice to check with the insurer (001) stays, advisory.
R26_ORAL = replace(
    R26,
    seeds=("001",),
    text=Text(
        "Meestal vergoed, maar een verwijzing maakt voor tandheelkundige zorg geen verschil; de patiënt gaat bij "
        "zijn zorgverzekeraar na wat hij terugkrijgt.",
        "Usually reimbursed, but for dental care a referral makes no difference; the patient checks with his "
        "insurer what he gets back.",
    ),
    check=_oral_reimbursement,
    for_patient=ORAL_CAVEAT,
)


def _complaint_scheme(s: CaseSnapshot, action: str) -> Text | None:
    """R28: the patient knows the giver's complaint scheme (advisory)."""
    if s.complaint_scheme_known:
        return None
    return Text(
        "De klachtenregeling van de gever is niet bekend; de patiënt moet weten waar hij terecht kan.",
        "The giver's complaint scheme is not known; the patient must know where to turn.",
    )


R28 = Rule(
    id="R28",
    seeds=("000", "002"),
    text=Text(
        "Klachten over hoe de second opinion verliep gaan naar de klachtenregeling van de gever. Bij de "
        "tandprotheticus kan de klachtenfunctionaris een second opinion die deze regels niet volgde niet-ontvankelijk "
        "verklaren en in bemiddeling een second opinion door een ONT-lid voorstellen.",
        "Complaints about how the second opinion went go to the giver's complaint scheme. For a denturist, the "
        "complaints officer may declare a second opinion that did not follow these rules inadmissible, and may "
        "propose a second opinion by an ONT member in mediation.",
    ),
    guards=frozenset({CLOSED}),
    check=_complaint_scheme,
    blocking=False,
    for_patient=Text(
        "Bent u niet tevreden over hoe de second opinion ging? Dan kunt u een klacht indienen bij de "
        "klachtenregeling van de praktijk die de second opinion geeft. De praktijk vertelt u waar u die vindt.",
        "Not satisfied with how the second opinion went? You can complain to the complaint scheme of the "
        "practice that gives the second opinion. The practice will tell you where to find it.",
    ),
)
