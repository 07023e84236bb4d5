"""Why a representative may act, or what is needed now, in plain words (B1) for the representative
and the patient, and in short for the practice (R8 and the WGBO's age rules, decided in
access/representation.py). No rule ids: patients and representatives read these."""

from secondopinion.access import representation as rule
from secondopinion.core.text import Text
from secondopinion.directory.models import Representative


def for_representative(row: Representative) -> Text:
    """The sentence on the representative's own page, for one person he is registered for."""
    facts = rule.describe(row)
    name = row.patient.name
    guardian = row.relation == rule.GUARDIAN
    authority_nl = (
        "heeft gecontroleerd dat u de voogd bent" if guardian else "uw ouderlijk gezag heeft gecontroleerd"
    )
    authority_en = (
        "has checked that you are the guardian" if guardian else "has checked your parental authority"
    )
    if facts["basis"] == rule.PARENTAL_AUTHORITY:
        return Text(
            f"U mag handelen voor uw kind {name} omdat de praktijk {authority_nl}.",
            f"You may act for your child {name} because the practice {authority_en}.",
        )
    if facts["basis"] == rule.BOTH:
        return Text(
            f"U mag handelen voor uw kind {name} omdat {name} toestemming heeft gegeven en de praktijk "
            f"{authority_nl}.",
            f"You may act for your child {name} because {name} has given consent and the practice {authority_en}.",
        )
    if facts["basis"] == rule.PATIENT_CONSENT:
        return Text(
            f"U mag handelen voor {name} omdat {name} toestemming heeft gegeven.",
            f"You may act for {name} because {name} has given consent.",
        )
    if facts["band"] == rule.CHILD:
        check_nl = "controleren dat u de voogd bent" if guardian else "uw ouderlijk gezag controleren"
        return Text(
            f"U kunt nog niet handelen voor uw kind {name}. De praktijk moet eerst {check_nl}. Neem daarvoor "
            "contact op met de praktijk.",
            f"You cannot act for your child {name} yet. The practice first needs to check your authority. "
            "Please contact the practice.",
        )
    if facts["band"] == rule.YOUNG:
        nl = [
            part
            for part, need in (
                (f"{name} moet zelf toestemming geven in de app", "consent"),
                ("de praktijk moet uw gezag controleren", "authority"),
            )
            if need in facts["needs"]
        ]
        en = [
            part
            for part, need in (
                (f"{name} has to give consent in the app", "consent"),
                ("the practice has to check your authority", "authority"),
            )
            if need in facts["needs"]
        ]
        return Text(
            f"{name} is 12 jaar of ouder. Dan mag u alleen voor uw kind handelen als uw kind dat ook wil en de "
            f"praktijk uw gezag heeft gecontroleerd. Nu nog nodig: {' en '.join(nl)}.",
            f"{name} is 12 or older. Then you may act for your child only if your child agrees and the practice "
            f"has checked your authority. Still needed: {' and '.join(en)}.",
        )
    if facts["band"] == rule.ADULT:
        return Text(
            f"{name} is 16 jaar of ouder en beslist nu zelf. U mag alleen voor {name} handelen als {name} daar "
            "zelf toestemming voor geeft.",
            f"{name} is 16 or older and now decides alone. You may act for {name} only if {name} gives consent.",
        )
    return Text(
        f"U kunt nu niet voor {name} handelen: {name} heeft geen toestemming gegeven of heeft die ingetrokken.",
        f"You cannot act for {name} now: {name} has not given consent or has withdrawn it.",
    )


def for_patient(row: Representative) -> Text | None:
    """The sentence on the patient's own page for a parent or guardian; None for anyone else (the
    consent the patient gives says it all)."""
    if row.relation not in rule.PARENTAL:
        return None
    facts = rule.describe(row)
    if facts["band"] == rule.CHILD:
        if facts["in_force"]:
            return Text(
                "Omdat u jonger bent dan 12 jaar, mag uw ouder of voogd voor u handelen. De praktijk heeft "
                "gecontroleerd dat hij of zij het gezag over u heeft.",
                "Because you are under 12, your parent or guardian may act for you. The practice has checked that "
                "he or she has authority over you.",
            )
        return Text(
            "Omdat u jonger bent dan 12 jaar, mag uw ouder of voogd voor u handelen zodra de praktijk het gezag "
            "heeft gecontroleerd.",
            "Because you are under 12, your parent or guardian may act for you once the practice has checked the "
            "authority.",
        )
    if facts["band"] == rule.YOUNG:
        if facts["in_force"]:
            return Text(
                "Uw ouder of voogd mag voor u handelen, omdat u toestemming heeft gegeven en de praktijk het gezag "
                "heeft gecontroleerd.",
                "Your parent or guardian may act for you, because you have given consent and the practice has "
                "checked the authority.",
            )
        return Text(
            "U bent 12 jaar of ouder. Uw ouder of voogd mag alleen voor u handelen als u daar zelf toestemming "
            "voor geeft en de praktijk het gezag heeft gecontroleerd.",
            "You are 12 or older. Your parent or guardian may act for you only if you give consent yourself and "
            "the practice has checked the authority.",
        )
    return Text(
        "U bent 16 jaar of ouder en beslist zelf. Uw ouder of voogd mag alleen voor u handelen als u daar "
        "toestemming voor geeft.",
        "You are 16 or older and decide for yourself. Your parent or guardian may act for you only if you give "
        "consent.",
    )


AGE_FOR_STAFF = {
    rule.CHILD: Text(
        "Patiënt jonger dan 12: de ouder of voogd handelt op het gecontroleerde gezag, zonder toestemming van het "
        "kind.",
        "Patient under 12: the parent or guardian acts on the checked authority, without the child's consent.",
    ),
    rule.YOUNG: Text(
        "Patiënt van 12 tot 16: nodig zijn de toestemming van het kind én het gecontroleerde gezag.",
        "Patient aged 12 to 15: the child's consent and the checked authority are both needed.",
    ),
    rule.ADULT: Text(
        "Patiënt van 16 of ouder: beslist zelf; alleen de toestemming van de patiënt telt.",
        "Patient aged 16 or older: decides alone; only the patient's consent counts.",
    ),
}


ON_THE_CASE = {
    rule.PARENTAL_AUTHORITY: Text(
        "U mag handelen voor uw kind omdat de praktijk uw ouderlijk gezag heeft gecontroleerd.",
        "You may act for your child because the practice has checked your parental authority.",
    ),
    rule.BOTH: Text(
        "U mag handelen voor uw kind omdat uw kind toestemming heeft gegeven en de praktijk uw ouderlijk gezag "
        "heeft gecontroleerd.",
        "You may act for your child because your child has given consent and the practice has checked your "
        "parental authority.",
    ),
}


def on_the_case(user: object, patient_id: int) -> Text | None:
    """The sentence on the case page of a parent acting for a child on the checked authority; None for
    anyone else. Read with the user's identity: no query of its own."""
    return ON_THE_CASE.get(rule.basis_for(user, patient_id) or "")  # type: ignore[arg-type]
