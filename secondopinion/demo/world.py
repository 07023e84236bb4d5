"""The demo, built from demo/data.py: two giving practices, a treating practice, dentists, patients with valid test BSNs,
a case in every state and one login per role. Every case is built through the services, so its
timeline, report, billing line and access log are what real use would leave. Idempotent."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondopinion.accounts.models import User
from secondopinion.accounts.second_factor import DEMO_DEVICE_NAME, demo_key, holds_professional_role
from secondopinion.cases.earlier import earlier_requests
from secondopinion.cases.inputs import StepInput, SubmitInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.consent.services import consent_record
from secondopinion.demo.aftercare import demo_aftercare
from secondopinion.demo.appointments import demo_appointments
from secondopinion.demo.consent_form import signed_consent_form
from secondopinion.demo.data import (
    ACCOUNTS,
    BIG_NUMBERS,
    CASES,
    CONTACTS,
    EMAILS,
    ORGANISATIONS,
    OTHER_CASES,
    PATH,
    PATIENTS,
    PRACTITIONERS,
    SPECIALISMS,
    DemoAccount,
)
from secondopinion.demo.own_dentist import demo_own_dentist
from secondopinion.demo.referrals import demo_referrals
from secondopinion.directory.models import Organisation, Patient, Practitioner, Representative, StaffMember
from secondopinion.directory.services import independence_declare, representation_consent_give


def _user(account: DemoAccount, password: str) -> User:
    first, _, last = account.name.partition(" ")
    user, created = User.objects.get_or_create(
        username=account.username, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(password)
        if account.username == "beheer":
            user.is_staff = user.is_superuser = True
        user.save()
    if not user.email and account.username in EMAILS:  # where an upload link or a report notice goes
        user.email = EMAILS[account.username]
        user.save(update_fields=["email"])
    return user


def _directory(
    users: dict[str, User],
) -> tuple[dict[str, Organisation], dict[str, Practitioner], list[Patient]]:
    orgs = {}
    for key, (name, city, agb, scheme) in ORGANISATIONS.items():
        street, postcode, phone, email = CONTACTS[key]
        orgs[key], _ = Organisation.objects.update_or_create(
            agb_code=agb,
            defaults={
                "name": name,
                "city": city,
                "complaint_scheme": scheme,
                "street_address": street,
                "postcode": postcode,
                "phone": phone,
                "email": email,
            },
        )
    practitioners = {}
    for username, name, discipline, agb, org in PRACTITIONERS:
        practitioners[agb], _ = Practitioner.objects.update_or_create(
            agb_code=agb,
            defaults={
                "name": name,
                "discipline": discipline,
                # R10: a specialist is judged only by one of the same specialism.
                "specialism": SPECIALISMS.get(agb, ""),
                "big_number": BIG_NUMBERS.get(agb),
                "organisation": orgs[org],
                "user": users.get(username or ""),
            },
        )
    patients = []
    for username, name, bsn, born in PATIENTS:
        patient, _ = Patient.objects.update_or_create(
            bsn=bsn, defaults={"name": name, "date_of_birth": born, "user": users.get(username or "")}
        )
        if patient.identity_verified_at is None:  # the demo's patients showed their ID at the desk
            patient.identity_verified_at, patient.identity_verified_method = dt.datetime.now(dt.UTC), "desk"
            patient.save(update_fields=["identity_verified_at", "identity_verified_method"])
        patients.append(patient)
    StaffMember.objects.get_or_create(
        user=users["coordinator"], organisation=orgs["oost"], function="coordinator"
    )
    StaffMember.objects.get_or_create(
        user=users["klachten"], organisation=orgs["oost"], function="complaints_officer"
    )
    return orgs, practitioners, patients


def _walk(
    case: SecondOpinionCase, target: str, users: dict[str, User], giver: Practitioner, extra: dict
) -> None:
    if target in ("redirected", "refused", "withdrawn"):
        values = {
            "redirected": {"classification": extra.get("classification", "transfer_of_care")},
            "refused": {
                "refusal_reason": "repeated_request",
                "refusal_note": "Tweede verzoek over de kroon op 46 binnen een jaar.",
            },
            # Recorded by the coordinator when the patient has no account: how and when (R9).
            "withdrawn": {
                "note": "Patiënt belde de praktijk en trok het verzoek in: hij volgt het advies van de eigen tandarts."
            },
        }[target]
        actor = users["petra"] if target == "withdrawn" and case.patient.user_id else users["coordinator"]
        ending = StepInput(**values)
        if target == "refused":  # R9: names the earlier request it repeats, among the candidates
            earlier = earlier_requests(user=actor, case=case)
            ending.repeats_case_ids = [c.pk for c in earlier if c.care_question == extra.get("repeats")]
        case_transition(actor=actor, case_id=case.pk, to=target, data=ending, source="command")
        return
    for to, actor_name, values in PATH:
        if case.status == target:
            return
        if to == "gathering_records" and target not in ("gathering_records",):
            continue
        if to == "gathering_records":
            consent_record(
                actor=users["coordinator"],
                case_id=case.pk,
                purpose="request_records",
                method="signed_upload",
                given_by_name=case.patient.name,
                scope="Röntgenfoto's en behandelplan",
                signed_form=signed_consent_form(case.patient.name),
                source="command",
            )
        data: dict[str, Any] = {k: v for k, v in values.items() if k != "giver"}
        if values.get("giver"):
            data["giver_id"] = giver.pk
        if to == "informed":
            data["care_question"] = case.care_question
        case = case_transition(
            actor=users[actor_name], case_id=case.pk, to=to, data=StepInput(**data), source="command"
        )
        if to == "assigned":
            # R10: the giver declares independence right after assignment.
            independence_declare(
                actor=users["dr.bakker"], case_id=case.pk, statement_confirmed=True, source="command"
            )
        if to == "gathering_records":
            return


def _representative(users: dict[str, User], patient: Patient) -> None:
    """R8: Ruud de Vries acts for Petra, her partner, with the consent she gave in the app."""
    representation, _ = Representative.objects.get_or_create(
        user=users["vertegenwoordiger"],
        patient=patient,
        defaults={"relation": Representative.Relation.PARTNER},
    )
    if representation.consent_given_at is None:  # a consent Petra revoked stays revoked
        representation_consent_give(
            actor=users["petra"], representative_id=representation.pk, source="command", confirmed=True
        )


def _authenticators(users: dict[str, User]) -> list[str]:
    """Give each practitioner and staff account a confirmed TOTP device whose secret derives from
    TM_DEMO_TOTP_SEED, so `manage.py demo_code <username>` can print its current code. Without a
    seed (a documented default only in development and the demo, TM_DEMO) they set up an authenticator
    app at their first login."""
    seed = settings.TM_DEMO_TOTP_SEED
    if not seed:
        return []
    names = []
    for username, user in users.items():
        if holds_professional_role(user):
            TOTPDevice.objects.update_or_create(
                user=user,
                name=DEMO_DEVICE_NAME,
                defaults={"key": demo_key(seed, username), "confirmed": True},
            )
            names.append(username)
    return names


def second_factor_accounts() -> list[str]:
    """The demo accounts that log in with a code from `manage.py demo_code`."""
    return list(
        TOTPDevice.objects.filter(
            name=DEMO_DEVICE_NAME, confirmed=True, user__username__in=[a.username for a in ACCOUNTS]
        )
        .order_by("user__username")
        .values_list("user__username", flat=True)
    )


@transaction.atomic
def load_demo(password: str) -> list[DemoAccount]:
    users = {account.username: _user(account, password) for account in ACCOUNTS}
    orgs, practitioners, patients = _directory(users)
    _authenticators(users)
    _representative(users, patients[0])
    treating, giver = practitioners["12000004"], practitioners["12000001"]
    for question, patient_index, target, extra in CASES:
        patient = patients[patient_index]
        if SecondOpinionCase.objects.filter(patient=patient, care_question=question).exists():
            continue
        actor = users["petra"] if patient.user_id == users["petra"].pk else users["coordinator"]
        case = case_submit(
            actor=actor,
            data=SubmitInput(
                protocol="dental-knmt",
                patient_id=patient.pk,
                organisation_id=orgs["oost"].pk,
                treating_practitioner_id=treating.pk,
                care_question=question,
                subject="treatment_plan",
                treatment_started=False,
                requester_kind="patient",
            ),
            source="command",
        )
        _walk(case, target, users, giver, extra)
    for protocol, treating_agb, question, subject, started, patient_index in OTHER_CASES:
        patient = patients[patient_index]
        if SecondOpinionCase.objects.filter(patient=patient, care_question=question).exists():
            continue
        case = case_submit(
            actor=users["coordinator"],
            data=SubmitInput(
                protocol=protocol,
                patient_id=patient.pk,
                organisation_id=orgs["oost"].pk,
                treating_practitioner_id=practitioners[treating_agb].pk,
                care_question=question,
                subject=subject,
                treatment_started=started,
            ),
            source="command",
        )
        _accept(users, case)
    _represented_case(users, orgs["oost"], treating, patients[0])
    demo_referrals(users, orgs["oost"], practitioners, patients)
    demo_own_dentist(users)
    demo_appointments(users)
    demo_aftercare(users)
    return list(ACCOUNTS)


REPRESENTED_QUESTION = "Is een brug of een implantaat beter voor 15?"


def _represented_case(
    users: dict[str, User], org: Organisation, treating: Practitioner, patient: Patient
) -> None:
    """R8: a request Ruud made for Petra, as her representative, which the coordinator accepted."""
    if SecondOpinionCase.objects.filter(patient=patient, care_question=REPRESENTED_QUESTION).exists():
        return
    case = case_submit(
        actor=users["vertegenwoordiger"],
        data=SubmitInput(
            protocol="dental-knmt",
            patient_id=patient.pk,
            organisation_id=org.pk,
            treating_practitioner_id=treating.pk,
            care_question=REPRESENTED_QUESTION,
            subject="treatment_plan",
            treatment_started=False,
            requester_kind="representative",
        ),
        source="command",
    )
    _accept(users, case)


def _accept(users: dict[str, User], case: SecondOpinionCase) -> None:
    """The coordinator's triage: a second opinion (R5)."""
    case_transition(
        actor=users["coordinator"],
        case_id=case.pk,
        to="accepted",
        data=StepInput(classification="second_opinion"),
        source="command",
    )
