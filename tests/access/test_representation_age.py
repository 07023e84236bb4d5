"""R8 and the WGBO's age rules: the one predicate (access/representation.py) that says when a
representation is in force, as a filter and for a loaded row, on the days around the 12th and 16th
birthdays (29 February too), and the paths that ask it (policy, identity, notifications, the rule)."""

import datetime as dt

import pytest
from django.utils import timezone

from secondopinion.access import representation as rule
from secondopinion.access.identity import user_with_identity
from secondopinion.access.policy import represents
from secondopinion.directory.models import Representative
from tests.factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


def born(years: int, days_more: int = 0, today: dt.date = TODAY) -> dt.date:
    """The date of birth of someone exactly `years` old on `today`, `days_more` days older."""
    return rule.turned(years, today) - dt.timedelta(days=days_more)


def make(date_of_birth, *, relation="parent", consent=False, authority=False) -> Representative:
    now = timezone.now()
    return Representative.objects.create(
        user=UserFactory(),
        patient=PatientFactory(date_of_birth=date_of_birth),
        relation=relation,
        consent_given_at=now if consent else None,
        authority_verified_at=now if authority else None,
        authority_verified_by_name="Coördinator" if authority else "",
        authority_evidence="gezagsregister" if authority else "",
    )


def in_force_by_query(row: Representative, today: dt.date = TODAY) -> bool:
    return Representative.objects.filter(rule.in_force_q(today), pk=row.pk).exists()


def both(row: Representative, today: dt.date = TODAY) -> bool:
    """The filter and the loaded row agree; the answer."""
    by_row = rule.in_force(Representative.objects.select_related("patient").get(pk=row.pk), today)
    assert in_force_by_query(row, today) is by_row
    facts = Representative.objects.filter(pk=row.pk).values_list(rule.facts_expression(), flat=True).get()
    assert rule.in_force_from_facts(facts, today) is by_row
    return by_row


ELEVEN_364 = born(12) + dt.timedelta(days=1)  # 11 years and 364 days
TWELVE = born(12)
FIFTEEN_364 = born(16) + dt.timedelta(days=1)
SIXTEEN = born(16)


@pytest.mark.parametrize(
    ("date_of_birth", "consent", "authority", "expected", "basis"),
    [
        (ELEVEN_364, False, True, True, rule.PARENTAL_AUTHORITY),
        (ELEVEN_364, True, False, False, None),  # the child's consent does not make a parent act
        (ELEVEN_364, False, False, False, None),
        (TWELVE, False, True, False, None),  # from 12 the child's consent is needed as well
        (TWELVE, True, False, False, None),
        (TWELVE, True, True, True, rule.BOTH),
        (FIFTEEN_364, True, True, True, rule.BOTH),
        (FIFTEEN_364, False, True, False, None),
        (SIXTEEN, False, True, False, None),  # at 16 the authority no longer counts
        (SIXTEEN, True, False, True, rule.PATIENT_CONSENT),
        (SIXTEEN, True, True, True, rule.PATIENT_CONSENT),
    ],
)
def test_a_parent_acts_by_the_childs_age(date_of_birth, consent, authority, expected, basis):
    row = make(date_of_birth, consent=consent, authority=authority)

    assert both(row) is expected
    assert rule.basis(Representative.objects.select_related("patient").get(pk=row.pk), TODAY) == basis


@pytest.mark.parametrize("relation", ["partner", "family", "other", "child"])
def test_another_relation_never_acts_on_authority(relation):
    row = make(ELEVEN_364, relation=relation, authority=True)
    assert both(row) is False
    with_consent = make(ELEVEN_364, relation=relation, consent=True)
    assert both(with_consent) is True


def test_a_guardian_is_a_parent_for_the_rule():
    assert both(make(ELEVEN_364, relation="guardian", authority=True)) is True


def test_a_withdrawn_verification_or_consent_counts_for_nothing():
    row = make(ELEVEN_364, authority=True)
    Representative.objects.filter(pk=row.pk).update(authority_revoked_at=timezone.now())
    assert both(row) is False
    young = make(TWELVE, consent=True, authority=True)
    Representative.objects.filter(pk=young.pk).update(consent_revoked_at=timezone.now())
    assert both(young) is False


def test_on_the_16th_birthday_the_parent_stops_acting_by_the_date_alone():
    row = make(dt.date(2010, 6, 15), consent=True, authority=True)
    Representative.objects.filter(pk=row.pk).update(consent_given_at=None)
    assert both(row, dt.date(2026, 6, 14)) is False  # 15: consent needed as well
    Representative.objects.filter(pk=row.pk).update(consent_given_at=timezone.now())
    assert both(row, dt.date(2026, 6, 14)) is True
    child = make(dt.date(2014, 6, 15), authority=True)
    assert both(child, dt.date(2026, 6, 14)) is True  # the day before the 12th birthday
    assert both(child, dt.date(2026, 6, 15)) is False  # 12 today: the child's consent is needed


@pytest.mark.parametrize(
    ("today", "child"),
    [
        (dt.date(2028, 2, 28), True),
        (dt.date(2028, 2, 29), False),  # the 12th birthday (12 and 16 years on, a leap year again)
    ],
)
def test_a_child_born_on_29_february(today, child):
    leap_born = dt.date(2016, 2, 29)
    row = make(leap_born, authority=True)

    assert rule.age_band(leap_born, today) == (rule.CHILD if child else rule.YOUNG)
    assert both(row, today) is child


@pytest.mark.parametrize(
    ("today", "old_enough"),
    [(dt.date(2029, 2, 28), False), (dt.date(2029, 3, 1), True)],
)
def test_without_29_february_the_birthday_is_1_march(today, old_enough):
    leap_born = dt.date(2016, 2, 29)
    assert (leap_born <= rule.turned(13, today)) is old_enough
    assert (
        Representative.objects.filter(
            pk=make(leap_born).pk, patient__date_of_birth__lte=rule.turned(13, today)
        ).exists()
        is old_enough
    )


def test_29_february_today_and_a_birthday_on_28_february():
    today = dt.date(2028, 2, 29)
    assert rule.turned(12, today) == dt.date(2016, 2, 29)
    assert rule.turned(13, today) == dt.date(2015, 2, 28)
    assert rule.age_band(dt.date(2015, 2, 28), today) == rule.YOUNG
    assert rule.age_band(dt.date(2016, 3, 1), today) == rule.CHILD


def test_what_is_still_needed():
    def needs(row, today=TODAY):
        return rule.still_needed(Representative.objects.select_related("patient").get(pk=row.pk), today)

    assert needs(make(ELEVEN_364)) == ["authority"]
    assert needs(make(TWELVE)) == ["consent", "authority"]
    assert needs(make(TWELVE, consent=True)) == ["authority"]
    assert needs(make(SIXTEEN, authority=True)) == ["consent"]
    assert needs(make(SIXTEEN, relation="partner")) == ["consent"]
    assert needs(make(ELEVEN_364, authority=True)) == []


def test_policy_and_identity_follow_the_rule():
    today = timezone.localdate()
    child = make(rule.turned(9, today), authority=True)
    young = make(rule.turned(13, today), authority=True)

    assert represents(child.user, child.patient_id)
    assert not represents(young.user, young.patient_id)
    assert user_with_identity(child.user.pk)._tm_represented == {child.patient_id}
    assert user_with_identity(young.user.pk)._tm_represented == set()
    Representative.objects.filter(pk=young.pk).update(consent_given_at=timezone.now())
    assert represents(young.user, young.patient_id)
    assert user_with_identity(young.user.pk)._tm_represented == {young.patient_id}


def test_the_model_property_delegates():
    today = timezone.localdate()
    row = make(rule.turned(9, today), authority=True)
    assert row.consent_in_force is True
    assert row.consent_given is False
