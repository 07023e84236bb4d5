"""The patient's side before a case exists (seeds 001, 003, 004): what each outcome of the decision
aid means and what to do next, the reimbursement guide and care mediation. Bilingual `Text`, so the
long passages live beside the rules they explain rather than in the message catalogue."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from secondopinion.core.text import Text

SECOND_OPINION, TRANSFER, NEW_REFERRAL, UNCLEAR, COMPLAIN = (
    "second_opinion",
    "transfer_of_care",
    "new_referral",
    "unclear",
    "complain",
)


@dataclass(frozen=True, slots=True)
class Outcome:
    title: Text
    why: Text
    next_steps: tuple[Text, ...]


# R26 outside oral care: a referral is what the basic insurance asks.
REFERRAL_STEP = Text(
    "Vraag een verwijzing aan uw behandelaar of huisarts: dan vergoedt de basisverzekering meestal.",
    "Ask your practitioner or GP for a referral: then basic insurance usually pays.",
)

OUTCOMES: dict[str, Outcome] = {
    SECOND_OPINION: Outcome(
        Text("Een second opinion past bij uw vraag", "A second opinion fits your question"),
        Text(
            "U twijfelt aan (of wilt zekerheid over) een diagnose of behandelplan en u blijft bij uw eigen "
            "behandelaar. Een onafhankelijke collega in hetzelfde vakgebied beoordeelt dat eenmalig; daarna "
            "gaat u met het advies terug naar uw eigen behandelaar.",
            "You doubt (or want certainty about) a diagnosis or treatment plan and you stay with your own "
            "practitioner. An independent colleague in the same discipline assesses it once; then you go back "
            "to your own practitioner with the advice.",
        ),
        (
            Text(
                "Bespreek uw twijfel eerst met uw eigen behandelaar (niet verplicht, wel verstandig).",
                "Discuss your doubt with your own practitioner first (not required, but sensible).",
            ),
            REFERRAL_STEP,
            Text(
                "Zoek een onafhankelijke gever, of vraag uw verzekeraar om zorgbemiddeling.",
                "Find an independent giver, or ask your insurer for care mediation.",
            ),
            Text(
                "Dien uw aanvraag in; u kunt elke stap terug.",
                "Submit your request; you can go back at every step.",
            ),
        ),
    ),
    TRANSFER: Outcome(
        Text("U zoekt een andere behandelaar", "You are looking for another practitioner"),
        Text(
            "Een second opinion is een eenmalige beoordeling; de gever wordt normaal niet uw behandelaar. Wilt "
            "u dat een ander de behandeling overneemt, dan is dat overname van behandeling, geen second opinion. "
            "Eerst een second opinion aanvragen kost u dan alleen tijd.",
            "A second opinion is a one-time assessment; the giver normally does not become your practitioner. If "
            "you want someone else to take over your treatment, that is a transfer of care, not a second "
            "opinion. Asking for a second opinion first would only cost you time.",
        ),
        (
            Text(
                "Bespreek met uw behandelaar dat u wilt overstappen.",
                "Tell your practitioner that you want to switch.",
            ),
            Text(
                "Vraag uw huisarts om een verwijzing naar een andere behandelaar.",
                "Ask your GP for a referral to another practitioner.",
            ),
            Text(
                "Vraag uw dossier op: uw behandelaar moet uw gegevens verstrekken.",
                "Ask for your records: your practitioner must hand over your data.",
            ),
        ),
    ),
    NEW_REFERRAL: Outcome(
        Text("U heeft een nieuwe verwijzing nodig", "You need a new referral"),
        Text(
            "Uw behandeling is afgerond (zie de ontslagbrief of uw dossier). Een second opinion is voor wie "
            "nog onder behandeling is en daarna terugkeert naar de eigen behandelaar. Voor een nieuwe "
            "beoordeling gaat u opnieuw naar uw huisarts.",
            "Your treatment has ended (see the discharge letter or your record). A second opinion is for "
            "someone still under treatment who then returns to the own practitioner. For a new assessment you "
            "go back to your GP.",
        ),
        (
            Text(
                "Maak een afspraak met uw huisarts en vraag om een nieuwe verwijzing.",
                "Make an appointment with your GP and ask for a new referral.",
            ),
            Text(
                "Neem de ontslagbrief of uw dossier mee.",
                "Bring the discharge letter or your record.",
            ),
        ),
    ),
    UNCLEAR: Outcome(
        Text(
            "Zoek eerst uit of u nog onder behandeling bent",
            "First find out whether you are still under treatment",
        ),
        Text(
            "Een second opinion kan alleen zolang u onder behandeling bent van uw eigen behandelaar; anders "
            "is een nieuwe verwijzing nodig.",
            "A second opinion is only possible while you are under treatment of your own practitioner; "
            "otherwise a new referral is needed.",
        ),
        (
            Text(
                "Bel de polikliniek of praktijk van uw behandelaar en vraag of uw behandeling nog loopt.",
                "Call your practitioner's clinic or practice and ask whether your treatment is still running.",
            ),
            Text(
                "Of vraag uw huisarts dit met de specialist te overleggen.",
                "Or ask your GP to consult the specialist about it.",
            ),
        ),
    ),
    COMPLAIN: Outcome(
        Text("Een klacht past beter bij uw vraag", "A complaint fits your question better"),
        Text(
            "Bij tandheelkundig werk dat al is uitgevoerd is een second opinion niet mogelijk: een second opinion "
            "bij de tandarts gaat over een plan, vóór de behandeling. Voor werk dat al is gedaan is er de "
            "klachtenregeling, of een nieuw onderzoek.",
            "For dental work already carried out a second opinion is not possible: with a dentist, a second "
            "opinion is about a plan, before the treatment. For work already done there is the complaint scheme, "
            "or a new examination.",
        ),
        (
            Text(
                "Bespreek het eerst met uw behandelaar of de praktijk; vaak lost dat veel op.",
                "Talk to your practitioner or the practice first; that often solves a lot.",
            ),
            Text(
                "Dien een klacht in bij de klachtenregeling van de praktijk of het ziekenhuis.",
                "File a complaint with the complaint scheme of the practice or hospital.",
            ),
            Text(
                "Wilt u weten hoe het nu met uw gebit of gezondheid staat? Vraag een nieuw onderzoek aan.",
                "Want to know how your teeth or health are now? Ask for a new examination.",
            ),
        ),
    ),
}

# R26 for the dentist and the denturist: a referral is not what the insurance asks (billing/reimbursement.py).
ORAL_REIMBURSEMENT_STEP = Text(
    "Vraag uw zorgverzekeraar wat uw aanvullende tandartsverzekering betaalt; voor volwassenen betaalt de "
    "basisverzekering bijna niets, ook niet met een verwijzing.",
    "Ask your insurer what your supplementary dental insurance pays; for adults the basic insurance pays almost "
    "nothing, not even with a referral.",
)
SECOND_OPINION_ORAL = Outcome(
    OUTCOMES[SECOND_OPINION].title,
    OUTCOMES[SECOND_OPINION].why,
    tuple(
        ORAL_REIMBURSEMENT_STEP if step is REFERRAL_STEP else step
        for step in OUTCOMES[SECOND_OPINION].next_steps
    ),
)


# R5, R7: a transfer of care at the dentist or the denturist. No GP refers to them: the patient registers
# with another practice and asks the own practice to send the file (protocols/guidance.py says the same).
def _oral_transfer(dutch: str, english: str) -> Outcome:
    return Outcome(
        OUTCOMES[TRANSFER].title,
        OUTCOMES[TRANSFER].why,
        (
            OUTCOMES[TRANSFER].next_steps[0],
            Text(
                f"Schrijf u in bij een andere {dutch}. Daarvoor heeft u geen verwijzing nodig.",
                f"Register with another {english}. You do not need a referral for that.",
            ),
            Text(
                f"Vraag uw eigen praktijk om uw dossier naar de nieuwe {dutch} te sturen. Uw praktijk moet uw "
                "gegevens geven.",
                f"Ask your own practice to send your file (dossier) to the new {english}. Your practice must "
                "hand over your data.",
            ),
        ),
    )


TRANSFER_ORAL = {
    "dentist": _oral_transfer("tandarts", "dentist"),
    "denturist": _oral_transfer("tandprotheticus", "denturist"),
}

# R6: only the person is in question (friendliness, reachability), not the care.
PERSON_COMPLAINT = Outcome(
    OUTCOMES[COMPLAIN].title,
    Text(
        "Een second opinion gaat over de zorg, niet over de persoon: of uw behandelaar vriendelijk of goed "
        "bereikbaar is, beoordeelt een second opinion niet. Daarvoor is de klachtenregeling van de praktijk of "
        "het ziekenhuis.",
        "A second opinion is about the care, not the person: whether your practitioner is friendly or easy to "
        "reach is not something a second opinion judges. The complaint scheme of the practice or hospital is.",
    ),
    OUTCOMES[COMPLAIN].next_steps[:2],
)

# What a classification of the engine's intake (intake.py) means for the decision aid.
INTAKE_OUTCOME = {
    "second_opinion": SECOND_OPINION,
    "transfer_of_care": TRANSFER,
    "new_referral": NEW_REFERRAL,
    "unclear": UNCLEAR,
    "not_admissible": COMPLAIN,
}

PERSON_NOT_CARE = Text(
    "Gaat uw onvrede (ook) over vriendelijkheid of bereikbaarheid? Dat beoordeelt een second opinion niet; "
    "daarvoor is de klachtenregeling van de praktijk of het ziekenhuis.",
    "Is your dissatisfaction (also) about friendliness or reachability? A second opinion does not judge that; "
    "the complaint scheme of the practice or hospital does.",
)

# R26 (seeds 001, 003, 004).
BASIC = Text(
    "Basisverzekering, bij de huisarts of een medisch specialist: een second opinion wordt meestal vergoed, maar "
    "normaal alleen met een verwijzing. Bij een medisch specialist geldt uw eigen risico; zorg van de huisarts "
    "valt daar niet onder.",
    "Basic insurance, with a GP or a medical specialist: a second opinion is usually reimbursed, but normally "
    "only with a referral. With a medical specialist your deductible (eigen risico) applies; care by a GP does "
    "not count towards it.",
)
# The dental exception, as billing/reimbursement.py tells it on the case page (Zorgverzekeringswet).
BASIC_ORAL = Text(
    "Bij de tandarts en de tandprotheticus: voor kinderen en jongeren onder 18 jaar betaalt de basisverzekering "
    "de zorg van de tandarts, ook een second opinion, zonder verwijzing en zonder eigen risico. Voor volwassenen "
    "betaalt de basisverzekering bijna geen zorg van de tandarts of tandprotheticus, ook niet met een verwijzing; "
    "een aanvullende tandartsverzekering betaalt de second opinion vaak voor een deel.",
    "With the dentist and the denturist: for children and young people under 18 the basic insurance pays for "
    "care by the dentist, a second opinion too, without a referral and without a deductible. For adults the "
    "basic insurance pays for almost no care by the dentist or denturist, not even with a referral; a "
    "supplementary dental insurance often pays part of the second opinion.",
)
SUPPLEMENTARY = Text(
    "Aanvullende verzekering: die kan een second opinion (deels) vergoeden, ook zonder verwijzing. De precieze "
    "voorwaarden verschillen per verzekeraar: vraag het uw verzekeraar.",
    "Supplementary insurance: it may cover (part of) a second opinion, even without a referral. The exact "
    "conditions differ per insurer: ask your insurer.",
)
WHO_REFERS = Text(
    "Een verwijzing vraagt u aan de behandelaar over wie u een second opinion wilt, of aan uw huisarts. De "
    "huisarts kan verwijzen voor iedere behandelaar, ook als uw behandelaar niet wil meewerken.",
    "You ask for a referral from the practitioner you want a second opinion about, or from your GP. The GP can "
    "refer for any practitioner, also when your practitioner does not want to cooperate.",
)
GP_HIMSELF = Text(
    "Gaat de second opinion over uw huisarts zelf, dan is er meestal geen andere verwijzer. Werkt uw huisarts "
    "niet mee, kijk dan naar uw aanvullende verzekering of overweeg een andere huisarts.",
    "If the second opinion is about your GP himself, there is usually no other referrer. If your GP does not "
    "cooperate, check your supplementary insurance or consider another GP.",
)
NO_PRICES = Text(
    "De tarieven stelt de NZa elk jaar vast; een praktijk mag ook een eigen prijs vragen. Vraag de praktijk "
    "vooraf wat de second opinion kost. In uw aanvraag ziet u wat de gekozen praktijk rekent, voordat u die "
    "verstuurt. Vraag uw verzekeraar wat u vergoed krijgt.",
    "The NZa sets the tariffs each year; a practice may also ask its own price. Ask the practice beforehand what "
    "the second opinion costs. In your request you see what the chosen practice charges, before you send it. "
    "Ask your insurer what you will be reimbursed.",
)
NO_CODE = Text(
    "Geen aparte prestatiecode in deze dienst: de praktijk of het ziekenhuis declareert volgens de eigen "
    "tariefafspraken.",
    "No separate tariff code in this service: the practice or hospital bills under its own tariff agreements.",
)
CARE_MEDIATION = Text(
    "De meeste zorgverzekeraars bieden zorgbemiddeling: een medewerker van uw verzekeraar zoekt met u een "
    "onafhankelijke behandelaar voor de second opinion, vertelt wat wordt vergoed en kan soms een snellere "
    "afspraak regelen. Bel het nummer op uw zorgpas of kijk op de website van uw verzekeraar.",
    "Most health insurers offer care mediation (zorgbemiddeling): someone at your insurer looks with you for an "
    "independent practitioner for the second opinion, tells you what is reimbursed and can sometimes arrange a "
    "sooner appointment. Call the number on your insurance card or look at your insurer's website.",
)
INDEPENDENT = Text(
    "Een second opinion geeft een vergelijkbare, onafhankelijke behandelaar: in hetzelfde vakgebied en op "
    "hetzelfde niveau, en op geen enkele manier verbonden aan uw behandelaar (niet in dezelfde praktijk of "
    "organisatie, geen belang).",
    "A second opinion is given by a comparable, independent practitioner: in the same discipline and at the "
    "same level, and in no way connected to your practitioner (not in the same practice or organisation, no "
    "interest).",
)
REPRESENTATIVE_CONSENT = Text(
    "U vraagt namens iemand anders. Dat kan alleen met medeweten en toestemming van de patiënt. De "
    "patiënt geeft die toestemming zelf: ingelogd, op de pagina {page}. Of de patiënt ondertekent het "
    "toestemmingsformulier en de coördinator van de praktijk legt het vast. Daarna kunt u de aanvraag "
    "indienen.",
    "You are asking on someone else's behalf. That is only possible with the patient's knowledge and consent. "
    "The patient gives that consent themself: logged in, on the page {page}. Or the patient signs the "
    "consent form and the practice's coordinator records it. Then you can submit the request.",
)
# The page of REPRESENTATIVE_CONSENT, named as its heading and menu name it; a link, never its path.
REPRESENTATIVES_PAGE = Text("Mijn vertegenwoordigers", "My representatives")


def representative_consent() -> SafeString:
    """REPRESENTATIVE_CONSENT in the current language, the page a link with its name as the text."""
    link = format_html('<a href="{}">{}</a>', reverse("web:representatives"), str(REPRESENTATIVES_PAGE))
    return format_html(conditional_escape(str(REPRESENTATIVE_CONSENT)).replace("{page}", "{}"), link)
