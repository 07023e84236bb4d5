"""Seed acceptance: complaints about how a second opinion went (R28), on the pages the complainant and
the complaints officer use.

Seed 000, "6. Klachten": "Als de aanvrager van de second opinion klachten heeft over de gang van zaken
bij het verkrijgen van de second opinion, dan kan die zich wenden tot de klachtenregeling van de second
opinion-gever." Seed 002: "In het traject van de ONT-klachtenregeling kan de klachtenfunctionaris een
second opinion die niet aan bovenstaande regels voldoet niet ontvankelijk verklaren." Seed 004: "Als je
arts weigert ... Je zou in dat geval natuurlijk ook een klacht kunnen indienen."
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from secondopinion.aftercare import deadlines
from secondopinion.aftercare.models import Complaint
from secondopinion.cases.models import SecondOpinionCase
from tests.reading import says, visible_text
from tests.scenarios.seed_web import client_for, done, page, step, to_report_final

pytestmark = pytest.mark.django_db

SCHEME = "Klachtenregeling Mondzorg Oost (aangesloten bij Geschillencommissie Zorg)"
RULE_IDS = [f"R{n}" for n in range(1, 29)]


def _complaint_scheme(cast) -> None:
    cast.giving_practice.complaint_scheme = SCHEME
    cast.giving_practice.save(update_fields=["complaint_scheme"])


def _file(user, case: SecondOpinionCase, text: str):
    return client_for(user).post(reverse("aftercare:complaint-file", args=[case.pk]), {"text": text})


def _officer(cast, name: str, complaint: Complaint, **values):
    return client_for(cast.complaints_officer).post(
        reverse(f"aftercare:complaint-{name}", args=[complaint.pk]), values
    )


def _no_rule_ids(text: str) -> None:
    assert not [rule for rule in RULE_IDS if says(text, rule)], text[:1500]


def test_the_patient_complains_about_the_explanation_and_follows_it_to_the_decision(cast, submit):
    """Seed 000 §6: the requester turns to the giver's complaint scheme about how it went; the officer
    acknowledges, handles, extends once with a reason and decides; the patient reads each step, the
    judgment's reasons and where to go next, in plain words."""
    _complaint_scheme(cast)
    case = submit()
    to_report_final(cast.coordinator, cast.giver_user, case)
    done(step(cast.coordinator, case, "close", closure_decision="accept_opinion", note=""))

    before = page(cast.patient_user, case)
    assert SCHEME in before
    done(_file(cast.patient_user, case, "Vooraf is mij niet uitgelegd wat de second opinion zou kosten."))
    complaint = Complaint.objects.get(case=case)
    assert complaint.organisation == cast.giving_practice
    assert complaint.scheme == SCHEME

    done(_officer(cast, "acknowledge", complaint))
    done(_officer(cast, "handle", complaint))
    received = timezone.localdate(complaint.filed_at)
    later = deadlines.decide_by(received) + dt.timedelta(days=14)
    done(_officer(cast, "extend", complaint, until=later.isoformat(), reason="We horen de gever nog."))
    done(
        _officer(
            cast,
            "decide",
            complaint,
            judgment="well_founded",
            decision="De kosten zijn vooraf niet besproken; de praktijk past haar uitleg aan.",
            confirm_final="on",
        )
    )

    complaint.refresh_from_db()
    assert (complaint.state, complaint.judgment, complaint.decide_by) == ("decided", "well_founded", later)
    mine = page(cast.patient_user, case)
    assert "De kosten zijn vooraf niet besproken; de praktijk past haar uitleg aan." in mine
    assert complaint.disputes_body in mine
    assert "We horen de gever nog." in mine
    _no_rule_ids(mine)


def test_a_second_extension_is_refused_and_the_term_stays(cast, submit):
    """Seed 000 §6 under the Wkkgz: the decision may be put off once; a second notice changes nothing."""
    case = submit()
    to_report_final(cast.coordinator, cast.giver_user, case)
    done(_file(cast.patient_user, case, "Ik heb drie weken niets gehoord."))
    complaint = Complaint.objects.get(case=case)
    done(_officer(cast, "acknowledge", complaint))
    first = deadlines.decide_by(timezone.localdate(complaint.filed_at)) + dt.timedelta(days=7)
    done(_officer(cast, "extend", complaint, until=first.isoformat(), reason="De gever is met verlof."))

    again = _officer(
        cast, "extend", complaint, until=(first + dt.timedelta(days=7)).isoformat(), reason="Nog even."
    )

    assert again.status_code in (409, 422)
    complaint.refresh_from_db()
    assert complaint.decide_by == first
    assert complaint.extension_reason == "De gever is met verlof."


def test_a_refused_patient_is_told_she_may_complain_and_her_complaint_reaches_the_practice(cast, submit):
    """Seed 004: when a practitioner will not cooperate, "Je zou in dat geval natuurlijk ook een klacht
    kunnen indienen"; without a giver, the arranging practice's scheme takes it (R28)."""
    _complaint_scheme(cast)
    case = submit()
    done(
        step(
            cast.coordinator,
            case,
            "refuse",
            refusal_reason="no_same_discipline",
            refusal_note="Wij hebben op dit moment geen tandarts die onafhankelijk van uw tandarts werkt.",
        )
    )

    refused = page(cast.patient_user, case)
    assert "Vindt u dat de weigering niet klopt? Dan kunt u een klacht indienen." in refused
    assert SCHEME in refused
    _no_rule_ids(refused)
    done(_file(cast.patient_user, case, "Ik vind de weigering niet terecht."))

    complaint = Complaint.objects.get(case=case)
    assert complaint.organisation == case.organisation
    officers_list = client_for(cast.complaints_officer).get(reverse("aftercare:complaints"))
    assert case.reference in visible_text(officers_list.content.decode())


def test_the_own_dentist_who_did_not_ask_cannot_complain_about_the_second_opinion(cast, submit):
    """Seed 000 §6 names the requester ("de aanvrager") as the one who complains; the own dentist who is
    only informed of the report files nothing, and his attempt changes nothing."""
    case = submit()
    to_report_final(cast.coordinator, cast.giver_user, case, inform_own_practitioner="yes")

    attempt = _file(cast.treating_user, case, "De collega was te kritisch over mijn plan.")

    assert attempt.status_code in (403, 404)
    assert not Complaint.objects.exists()


def test_only_a_denturists_second_opinion_may_be_declared_inadmissible(cast, submit):
    """Seed 002 gives the ONT complaints officer the power to declare a second opinion that broke the
    rules inadmissible, and to propose one by an ONT member; a dentist's complaint scheme has no such
    step: the officer is told so, naming the field, and the complaint stays in handling."""
    case = submit()
    to_report_final(cast.coordinator, cast.giver_user, case)
    done(
        _file(cast.patient_user, case, "De gever heeft mijn kroon al beoordeeld terwijl die er nog niet was.")
    )
    complaint = Complaint.objects.get(case=case)
    done(_officer(cast, "acknowledge", complaint))
    done(_officer(cast, "handle", complaint))

    refused = _officer(
        cast,
        "decide",
        complaint,
        judgment="well_founded",
        decision="De regels zijn niet gevolgd.",
        inadmissible="on",
        inadmissible_reason="Geen ONT-lid.",
        confirm_final="on",
        confirmed="yes",
    )

    assert refused.status_code == 422
    assert "Alleen een second opinion van een tandprotheticus kan niet-ontvankelijk worden verklaard" in (
        visible_text(refused.content.decode())
    )
    complaint.refresh_from_db()
    assert (complaint.state, complaint.inadmissible) == ("in_handling", False)


def test_the_officer_judges_with_the_rules_of_the_case_beside_the_complaint(cast, submit):
    """Seed 002 / R28: "de klachtenfunctionaris ... niet aan bovenstaande regels voldoet": the officer
    reads, per rule, whether it was followed; the patient's own page names no rule ids."""
    case = submit()
    to_report_final(cast.coordinator, cast.giver_user, case)
    done(_file(cast.patient_user, case, "Niemand vertelde mij wie het rapport zou krijgen."))
    complaint = Complaint.objects.get(case=case)

    officer = client_for(cast.complaints_officer).get(reverse("aftercare:complaint", args=[complaint.pk]))

    text = visible_text(officer.content.decode())
    assert officer.status_code == 200
    assert "Niemand vertelde mij wie het rapport zou krijgen." in text
    assert says(text, "R14")
    assert says(text, "R13")
    _no_rule_ids(page(cast.patient_user, case))


def test_after_withdrawing_the_patient_may_still_complain_about_how_it_went(cast, submit):
    """Seed 000 §6: a complaint is about "de gang van zaken bij het verkrijgen van de second opinion",
    which a withdrawal does not undo: filed on the withdrawn request, to the giver's scheme."""
    _complaint_scheme(cast)
    case = submit()
    done(step(cast.coordinator, case, "accept", note=""))
    done(step(cast.coordinator, case, "assign", giver_id=cast.giver.pk, note=""))
    done(step(cast.patient_user, case, "withdraw", note="", confirm="on"))

    done(_file(cast.patient_user, case, "Ik trok mijn verzoek in omdat niemand mij terugbelde."))

    complaint = Complaint.objects.get(case=case)
    assert (complaint.organisation, complaint.scheme) == (cast.giving_practice, SCHEME)
    mine = page(cast.patient_user, case)
    assert "Ik trok mijn verzoek in omdat niemand mij terugbelde." in mine
    _no_rule_ids(mine)
