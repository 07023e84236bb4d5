"""The decision aid's questions and the request wizard's steps, one question per screen.

Every step validates on the server; what it keeps in the session is plain data (ids, strings,
booleans), so a later step, the summary and the submission read the same answers."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from secondopinion.access.policy import represents
from secondopinion.access.representation import in_force_q as representation_in_force_q
from secondopinion.accounts.models import User
from secondopinion.billing.reimbursement import is_oral_care
from secondopinion.core.text import Text
from secondopinion.core.textcheck import control_character, is_blank, visible_length
from secondopinion.directory.independence import allowed_disciplines, giver_candidates
from secondopinion.directory.models import Organisation, Practitioner, Representative
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.protocols.vocabulary import SUBJECTS
from secondopinion.web.forms import WebForm

# The discipline of the treating practitioner decides the protocol (a dentist's plan: KNMT).
PROTOCOL_FOR_DISCIPLINE = {p.discipline: code for code, p in PROTOCOLS.items()}
YES, NO, UNSURE = "yes", "no", "unclear"


def said(text: Text) -> Any:
    """A Text as a label or choice, in the language active when it is shown."""
    return lazy(lambda: str(text), str)()


def radio(label: Any, choices: list[tuple[str, Any]], *, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": _("Choose one of the answers.")},
    )


YES_NO = [(YES, _("Yes")), (NO, _("No"))]
YES_NO_UNSURE = [(YES, _("Yes")), (NO, _("No")), (UNSURE, _("I am not sure"))]
DISCIPLINES = [
    ("dental-knmt", _("My dentist")),
    ("denturist-ont", _("My denturist")),
    ("general-practice", _("My GP")),
    ("medical-specialist", _("A medical specialist (hospital)")),
]


class JourneyForm(WebForm):
    id_prefix = "journey"


# A field that is needed only in one situation (its help text says which): not required by itself, but
# its label does not say "(optional)" either, as that would contradict the error when it is needed.
CONDITIONAL_FIELD = "journey/forms/conditional_field.html"


def conditional[F: forms.Field](field: F) -> F:
    """The field, shown without "(optional)": it is needed in the situation its help text names."""
    field.template_name = CONDITIONAL_FIELD  # type: ignore[attr-defined]  # Django 5+, not in the stubs
    return field


class WhoForm(JourneyForm):
    requester_kind = radio(
        _("Who is asking for the second opinion?"),
        [("patient", _("I am the patient")), ("representative", _("I am asking on behalf of the patient"))],
    )
    represented = conditional(
        forms.TypedChoiceField(
            label=_("For which patient are you asking?"),
            coerce=int,
            required=False,  # needed only when asking on behalf of the patient (clean)
            widget=forms.RadioSelect,
            help_text=_(
                "Needed when you ask on behalf of the patient. Only patients who registered you as their "
                "representative are listed."
            ),
        )
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Without an account yet, nobody is represented; the answer is checked again after login.
        self.representations = (
            list(
                # Not revoked (awaiting the patient's consent, checked again on sending), or in force.
                Representative.objects.filter(
                    Q(consent_revoked_at__isnull=True) | representation_in_force_q(), user=user
                )
                .select_related("patient")
                .order_by("patient__name")
            )
            if user.is_authenticated
            else []
        )
        represented = self.fields["represented"]
        assert isinstance(represented, forms.ChoiceField)
        represented.choices = [(r.patient_id, r.patient.name) for r in self.representations]
        if not self.representations:
            del self.fields["represented"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("requester_kind")
        if not self.user.is_authenticated:
            return data
        if kind == "patient" and getattr(self.user, "patient", None) is None:
            self.add_error(
                "requester_kind",
                _("Your account is not registered as a patient; choose 'on behalf of the patient'."),
            )
        if kind == "representative":
            if not self.representations:
                self.add_error(
                    "requester_kind",
                    _("You are not registered as anyone's representative. Ask the patient's practice."),
                )
            elif not data.get("represented"):
                self.add_error("represented", _("Choose the patient you are asking for."))
        return data


def practitioners_matching(query: str, protocol: str = "") -> QuerySet[Practitioner]:
    """Practitioners of a discipline with a second-opinion protocol, by name, practice or place, or by
    AGB code (the whole code); with a protocol only its discipline (a dentist's plan: dentists, never a
    GP or a neurologist)."""
    disciplines = [PROTOCOLS[protocol].discipline] if protocol in PROTOCOLS else list(PROTOCOL_FOR_DISCIPLINE)
    found = Practitioner.objects.filter(discipline__in=disciplines).select_related("organisation")
    for word in query.split():
        found = found.filter(
            Q(name__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(organisation__city__icontains=word)
            | Q(agb_code=word)
        )
    return found.order_by("name", "pk")


UNLISTED_NEEDED = _("Needed when your practitioner is not in the list.")


def _free_text(label: Any, max_length: int) -> forms.CharField:
    """Needed only with "not in the list" ticked (PractitionerForm.clean), and said so."""
    return conditional(
        forms.CharField(label=label, max_length=max_length, required=False, help_text=UNLISTED_NEEDED)
    )


class PractitionerForm(JourneyForm):
    treating_practitioner = forms.ModelChoiceField(
        label=_("Your own (treating) practitioner"),
        queryset=practitioners_matching(""),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose a practitioner from the list.")},
    )
    # The kind of practitioner searched for (a protocol), carried from the search to the choice.
    kind = forms.ChoiceField(choices=[("", ""), *DISCIPLINES], required=False, widget=forms.HiddenInput)
    # Not in the directory: named in free text; a coordinator links it later (journey/unlisted.py).
    unlisted = forms.BooleanField(label=_("My practitioner is not in the list"), required=False)
    unlisted_kind = conditional(
        forms.ChoiceField(
            label=_("Kind of practitioner"),
            choices=[("", "—"), *DISCIPLINES],
            required=False,
            help_text=UNLISTED_NEEDED,
        )
    )
    unlisted_name = _free_text(_("Name of your practitioner"), 200)
    unlisted_practice = _free_text(_("Name of the practice or hospital"), 200)
    unlisted_place = _free_text(_("Place"), 100)

    UNLISTED_FIELDS = ("unlisted_kind", "unlisted_name", "unlisted_practice", "unlisted_place")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        given = self.initial.get("unlisted")
        self.initial["unlisted_kind"] = self.initial.get("protocol", "")
        if isinstance(given, dict):  # answered before: shown again as written
            self.initial["unlisted"] = True
            for key in ("name", "practice", "place"):
                self.initial[f"unlisted_{key}"] = given.get(key, "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen, kind = data.get("treating_practitioner"), data.get("kind")
        if data.get("unlisted"):
            for name in self.UNLISTED_FIELDS:
                value = data.get(name, "")
                if is_blank(value) or control_character(value) is not None:
                    self.add_error(name, _("Fill this in, so the practice can find your practitioner."))
            data["treating_practitioner"] = None
        elif chosen is None and "treating_practitioner" not in self.errors:
            self.add_error(
                "treating_practitioner",
                _("Choose your practitioner from the list; search by name or place first."),
            )
        elif chosen is not None and kind and PROTOCOL_FOR_DISCIPLINE.get(chosen.discipline) != kind:
            self.add_error("treating_practitioner", _("Choose a practitioner of the kind you searched for."))
        return data

    def answers(self) -> dict[str, Any]:
        """What the step stores: the directory entry, or the practitioner in the patient's own words."""
        data = self.cleaned_data
        if data.get("unlisted"):
            unlisted = {key: data[f"unlisted_{key}"].strip() for key in ("name", "practice", "place")}
            return {"unlisted": unlisted, "protocol": data["unlisted_kind"]}
        treating = data["treating_practitioner"]
        return {
            "treating_practitioner": treating.pk,
            "protocol": PROTOCOL_FOR_DISCIPLINE[treating.discipline],
        }


class QuestionForm(JourneyForm):
    care_question = forms.CharField(
        label=_("What would you like the second-opinion giver to answer?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "In your own words, for example: 'Does molar 36 really have to be pulled, or can it be saved?'"
        ),
        error_messages={"required": _("Write down your question.")},
    )

    def clean_care_question(self) -> str:
        text = self.cleaned_data["care_question"].strip()
        if control_character(text) is not None:
            raise forms.ValidationError(_("The text contains a character that cannot be stored."))
        if visible_length(text) < 10:
            raise forms.ValidationError(
                _("Describe your question in a full sentence (at least 10 characters).")
            )
        return text


class SituationForm(JourneyForm):
    subject = radio(
        _("What is your question about?"),
        [(k, said(v)) for k, v in SUBJECTS.items()],
        # The words of the sources (seed 000), explained where the patient chooses between them.
        help_text=_(
            "A care goal is what you and your practitioner want to achieve. A care plan is the plan to "
            "reach that goal. A treatment plan lists the treatments, in their order, and what they cost."
        ),
    )
    treatment_started = radio(_("Has the treatment already started or been carried out?"), YES_NO)
    under_treatment = radio(
        _("Are you still under treatment of this practitioner?"),
        [(YES, _("Yes")), (NO, _("No, the treatment has ended")), (UNSURE, _("I am not sure"))],
    )
    wants_transfer = radio(_("Do you want another practitioner to take over your treatment?"), YES_NO)

    def __init__(self, *args: Any, acting_for: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if acting_for:  # a representative answers about the patient, named
            name = {"name": acting_for}
            self.fields["under_treatment"].label = (
                _("Is %(name)s still under treatment of this practitioner?") % name
            )
            self.fields["wants_transfer"].label = (
                _("Does %(name)s want another practitioner to take over the treatment?") % name
            )


class ReferralForm(JourneyForm):
    has_referral = radio(
        _("Do you have a referral for the second opinion?"),
        YES_NO,
        help_text=_("From your own practitioner or your GP. Basic insurance usually pays only with one."),
    )

    def __init__(self, *args: Any, protocol: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if protocol in PROTOCOLS and is_oral_care(protocol):  # R26: a referral is not what the insurance asks
            self.fields["has_referral"].help_text = _(
                "From your own practitioner or your GP. With the dentist or denturist, a referral does not "
                "change what the basic insurance pays."
            )


class PlaceForm(JourneyForm):
    organisation = forms.TypedChoiceField(
        label=_("Where would you like the second opinion?"),
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("Only practices with a practitioner independent of yours are listed."),
        error_messages={"required": _("Choose a practice or hospital.")},
    )

    def __init__(self, *args: Any, treating: Practitioner | None, protocol: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = independent_places(treating) if treating is not None else places_for(protocol)
        if treating is None:
            self.fields["organisation"].help_text = _(
                "Practices with a practitioner of the kind you chose. The practice checks that the "
                "giver is independent of your own practitioner."
            )
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ChoiceField)
        organisation.choices = [
            (org.pk, f"{org.name}{f' ({org.city})' if org.city else ''}") for org in self.places
        ]


def independent_places(treating: Practitioner) -> list[Organisation]:
    """The organisations where an eligible giver (independence check, R10/R11) works."""
    places: dict[int, Organisation] = {}
    for candidate in giver_candidates(treating=treating):
        if candidate.eligible:
            places.setdefault(candidate.practitioner.organisation_id, candidate.practitioner.organisation)
    return sorted(places.values(), key=lambda org: org.name)


def places_for(protocol: str) -> list[Organisation]:
    """Without the treating practitioner in the directory: every organisation with a possible giver of
    the protocol's discipline (R10/R11 are checked once a coordinator has linked the practitioner)."""
    if protocol not in PROTOCOLS:
        return []
    allowed = allowed_disciplines(Practitioner(discipline=PROTOCOLS[protocol].discipline))
    return list(
        Organisation.objects.filter(practitioners__discipline__in=allowed).distinct().order_by("name", "pk")
    )


class ConsentsForm(JourneyForm):
    request_records = forms.BooleanField(
        label=_("The giver may request my records from my own practitioner"),
        required=False,
        help_text=_(
            "Without it the giver may need to examine again, at your cost; you may also fetch them yourself."
        ),
    )
    inform_own_practitioner = forms.BooleanField(
        label=_("The giver may inform my own practitioner of the outcome"),
        required=False,
        help_text=_("Only with your explicit consent. You can withdraw it later."),
    )
    own_practitioner_informed = radio(
        _("Have you discussed this request with your own practitioner?"),
        YES_NO,
        help_text=_("Not required, but advised."),
    )
    patient_agrees = forms.BooleanField(
        label=_("The patient knows about this request and agrees with it"),
        required=False,
        help_text=_("Required for a representative."),
    )

    def __init__(
        self, *args: Any, user: User, answers: dict[str, Any], acting_for: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.answers = user, answers
        self.is_representative = answers.get("requester_kind") == "representative"
        if not self.is_representative:
            del self.fields["patient_agrees"]
        elif acting_for:  # the patient's records and practitioner, named; only the patient consents
            name = {"name": acting_for}
            fields = self.fields
            fields["request_records"].label = (
                _("The giver may request the records of %(name)s from their own practitioner") % name
            )
            fields["inform_own_practitioner"].label = (
                _("The giver may inform the own practitioner of %(name)s of the outcome") % name
            )
            only_the_patient = (
                _("The giver asks %(name)s for this consent; only %(name)s can give it.") % name
            )
            fields["request_records"].help_text = only_the_patient
            fields["inform_own_practitioner"].help_text = only_the_patient
            fields["own_practitioner_informed"].label = (
                _("Has this request been discussed with the own practitioner of %(name)s?") % name
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_representative and not data.get("patient_agrees"):
            self.add_error(
                "patient_agrees",
                _("A representative asks only with the patient's knowledge and consent."),
            )
        return data

    @property
    def consent_recorded(self) -> bool:
        patient_id = self.answers.get("represented")
        return isinstance(patient_id, int) and represents(self.user, patient_id)
