from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secondopinion.directory.validators import validate_agb, validate_big, validate_bsn, validate_ura


class Discipline(models.TextChoices):
    DENTIST = "dentist", _("dentist")
    DENTURIST = "denturist", _("denturist")
    GP = "gp", _("general practitioner")
    MEDICAL_SPECIALIST = "medical_specialist", _("medical specialist")
    NURSE = "nurse", _("nurse")
    DENTAL_HYGIENIST = "dental_hygienist", _("dental hygienist")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", _("practice")
        HOSPITAL = "hospital", _("hospital")
        DEPARTMENT = "department", _("department")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PRACTICE)
    # Required on import, in the admin and the API; empty only for a practice a coordinator added for
    # a patient's request without knowing its code (directory/entries.py). Unique when known.
    agb_code = models.CharField(_("AGB code"), max_length=8, validators=[validate_agb])
    ura_code = models.CharField(
        _("URA code"), max_length=8, unique=True, null=True, blank=True, validators=[validate_ura]
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="departments"
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    complaint_scheme = models.CharField(_("complaint scheme"), max_length=200, blank=True)
    # Contact details for the letterhead of the written report (reports/letter.py).
    street_address = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        constraints = [
            models.UniqueConstraint(
                fields=["agb_code"],
                condition=~models.Q(agb_code=""),
                name="organisation_agb_code_unique",
                violation_error_code="unique",  # reported at the field, as unique=True was
                violation_error_message=_("This AGB code is already in the register."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Practitioner(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioner",
    )
    name = models.CharField(_("name"), max_length=200)
    discipline = models.CharField(_("discipline"), max_length=30, choices=Discipline.choices)
    # As the organisation's: empty only for a practitioner a coordinator added to link a patient's
    # request without knowing his code (directory/entries.py). Unique when known.
    agb_code = models.CharField(_("AGB code"), max_length=8, validators=[validate_agb])
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="practitioners",
        verbose_name=_("organisation"),
    )
    big_number = models.CharField(
        _("BIG number"), max_length=11, unique=True, null=True, blank=True, validators=[validate_big]
    )
    specialism = models.CharField(
        _("specialism"), max_length=100, blank=True, help_text="For a medical specialist: e.g. neurology."
    )
    ont_member = models.BooleanField(
        _("ONT member"), default=False, help_text="R11: denturists' organisation"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("practitioner")
        constraints = [
            models.UniqueConstraint(
                fields=["agb_code"],
                condition=~models.Q(agb_code=""),
                name="practitioner_agb_code_unique",
                violation_error_code="unique",  # reported at the field, as unique=True was
                violation_error_message=_("This AGB code is already in the register."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Patient(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient",
    )
    bsn = models.CharField(_("BSN"), max_length=9, unique=True, validators=[validate_bsn])
    name = models.CharField(_("name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Identity verified before medical data flows: through an OpenID Connect provider (DigiD through
    # a broker) that returned this BSN, or at the desk by a coordinator who checked BSN, date of birth
    # and an ID document (directory/identification.py). Until then no records are requested.
    identity_verified_at = models.DateTimeField(_("identity verified at"), null=True, blank=True)
    identity_verified_method = models.CharField(
        _("identity verified through"),
        max_length=10,
        choices=[("oidc", _("identity provider (DigiD)")), ("desk", _("at the desk"))],
        blank=True,
    )
    identity_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("identity verified by"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("patient")

    def __str__(self) -> str:
        return self.name

    @property
    def identity_verified(self) -> bool:
        return self.identity_verified_at is not None

    @property
    def initials(self) -> str:
        """The initials of the patient's name ("P. d. V."), shown to confirm an identification."""
        return " ".join(f"{part[0]}." for part in self.name.split() if part)


class StaffMember(models.Model):
    """Practice or hospital staff: who coordinates cases, who handles complaints."""

    class Function(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        COMPLAINTS_OFFICER = "complaints_officer", _("complaints officer")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="staff")
    function = models.CharField(_("function"), max_length=30, choices=Function.choices)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "function"], name="unique_staff_function"
            ),
            models.CheckConstraint(
                condition=models.Q(function__in=["coordinator", "complaints_officer"]),
                name="staff_function_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_function_display()}, {self.organisation})"


class Affiliation(models.Model):
    """A practitioner works at an organisation over a period (R10: no overlap with the treating one's)."""

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="affiliations")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="affiliation_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.practitioner} @ {self.organisation}"


class DeclaredInterest(models.Model):
    """R10: a practitioner's declared interest in another practitioner or organisation."""

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="interests")
    related_practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    related_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("description"), max_length=300)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(related_practitioner__isnull=False)
                | models.Q(related_organisation__isnull=False),
                name="interest_names_someone",
            )
        ]

    def __str__(self) -> str:
        return self.description


class AuthorityEvidence(models.TextChoices):
    """What the coordinator saw to verify a parent's authority or a guardianship (WGBO)."""

    REGISTER = "gezagsregister", _("extract from the authority register (gezagsregister)")
    BIRTH_CERTIFICATE = "birth_certificate", _("birth certificate with both parents, married or registered")
    COURT_DECISION = "court_decision", _("court decision on authority or guardianship")
    OTHER = "other", _("other document (described in the note)")


class Representative(models.Model):
    """Someone who acts for a patient (R8): only with the patient's knowledge and consent, which is
    recorded here and can be revoked; a revocation ends the representation from then on."""

    class Relation(models.TextChoices):
        PARTNER = "partner", _("partner")
        PARENT = "parent", _("parent")
        CHILD = "child", _("child")
        FAMILY = "family", _("other family member")
        GUARDIAN = "guardian", _("legal guardian or mentor")
        OTHER = "other", _("other")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representations"
    )
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="representatives")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    consent_given_at = models.DateTimeField(_("patient consent given at"), null=True, blank=True)
    consent_method = models.CharField(_("how the consent was given"), max_length=20, blank=True)
    # R18 "written, with who": the coordinator who saw the patient's paper form; empty when the
    # patient declared it in the app.
    consent_recorded_by_name = models.CharField(_("consent recorded by"), max_length=200, blank=True)
    consent_revoked_at = models.DateTimeField(_("consent revoked at"), null=True, blank=True)
    # WGBO (BW 7:450, 7:465): for a parent or guardian of a child under 16, staff (the coordinator)
    # record having checked the parental authority or guardianship; who, when, and on what evidence.
    # access/representation.py decides what it counts for at the child's age.
    authority_verified_at = models.DateTimeField(_("parental authority verified at"), null=True, blank=True)
    authority_verified_by_name = models.CharField(
        _("parental authority verified by"), max_length=200, blank=True
    )
    authority_evidence = models.CharField(
        _("evidence of the parental authority"), max_length=30, choices=AuthorityEvidence.choices, blank=True
    )
    authority_evidence_note = models.CharField(_("note on the evidence"), max_length=200, blank=True)
    authority_revoked_at = models.DateTimeField(
        _("parental authority verification withdrawn at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.UniqueConstraint(fields=["user", "patient"], name="unique_representation"),
            models.CheckConstraint(
                condition=models.Q(consent_revoked_at__isnull=True)
                | models.Q(
                    consent_given_at__isnull=False, consent_revoked_at__gte=models.F("consent_given_at")
                ),
                name="representation_revoked_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_relation_display()}) → {self.patient}"

    @property
    def consent_given(self) -> bool:
        """The patient's own consent is given and not revoked (whether it is needed depends on the
        relation and the patient's age: consent_in_force)."""
        return self.consent_given_at is not None and self.consent_revoked_at is None

    @property
    def consent_in_force(self) -> bool:
        """The representation is in force today (R8 with the WGBO's age rules): decided in
        access/representation.py, which reads the patient's date of birth for a parent or guardian."""
        from secondopinion.access.representation import in_force

        return in_force(self)


class IndependenceDeclaration(models.Model):
    """R10: the assigned giver declares to be independent of the treating practitioner and to have no
    direct interest, after the directory check and before the case proceeds (seeds 000, 004)."""

    case = models.OneToOneField(
        "cases.SecondOpinionCase", on_delete=models.PROTECT, related_name="independence_declaration"
    )
    giver = models.ForeignKey(
        Practitioner, on_delete=models.PROTECT, related_name="independence_declarations"
    )
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    statement = models.TextField(_("statement"), help_text="The text the giver confirmed, as shown.")

    class Meta:
        verbose_name = _("independence declaration")

    def __str__(self) -> str:
        return f"{self.giver} — {self.case_id}"
