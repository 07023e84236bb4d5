from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secondopinion.cases.models import SecondOpinionCase

KINDS = ("jpeg", "png", "dicom", "pdf", "docx", "stl", "ply")


class Document(models.Model):
    """A file on a case: X-rays, records, a signed consent form, an intra-oral scan (R16 to R18, R20).

    The kind is what the content is (documents/detect.py), never what the name or the client says;
    the file lives in the "documents" storage under a name the server made up (storage_name); the
    uploader's own name is kept only to show and to offer on download.
    """

    class Purpose(models.TextChoices):
        RECORD = "record", _("record from the treating practitioner")
        CONSENT_FORM = "consent_form", _("signed consent form")
        EXAMINATION = "examination", _("the giver's own examination")
        PATIENT_BROUGHT = "patient_brought", _("records the patient brought")

    class Kind(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        DICOM = "dicom", "DICOM"
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        STL = "stl", "STL"
        PLY = "ply", "PLY"

    class Via(models.TextChoices):
        LOGIN = "login", _("logged in")
        UPLOAD_LINK = "upload_link", _("upload link")

    case = models.ForeignKey(SecondOpinionCase, on_delete=models.PROTECT, related_name="documents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    original_name = models.CharField(
        max_length=255, help_text="Sanitised; shown and offered on download only."
    )
    storage_name = models.CharField(max_length=255, unique=True, editable=False)
    metadata = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_via = models.CharField(max_length=20, choices=Via.choices, default=Via.LOGIN)
    uploader_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=KINDS), name="document_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(purpose__in=["record", "consent_form", "examination", "patient_brought"]),
                name="document_purpose_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(uploaded_via="upload_link") | models.Q(uploaded_by__isnull=False),
                name="document_login_upload_has_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.kind})"

    @property
    def download_name(self) -> str:
        """The name offered on download: the uploader's, with the detected extension if it had none."""
        from secondopinion.documents.detect import EXTENSIONS

        extension = EXTENSIONS[self.kind][0]
        stem, dot, _ext = self.original_name.rpartition(".")
        return self.original_name if dot and stem else f"{self.original_name}.{extension}"


class IntakeFile(models.Model):
    """A file the patient (or representative) brings in the request wizard, before the case exists:
    a treatment plan, a cost estimate, photos, X-rays (R17: the patient's own upload, no consent
    needed). Kept with the wizard's draft (its owner and patient) and made a Document of the case
    at submission (documents/intake.py); the file itself is not copied then."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey("directory.Patient", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Document.Kind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(max_length=255)
    storage_name = models.CharField(max_length=255, unique=True, editable=False)
    metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the request was sent while its practitioner still has to be linked (journey/unlisted.py):
    # the file then waits for that request, out of any new draft.
    held_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=KINDS), name="intake_file_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.kind})"

    @property
    def is_image(self) -> bool:
        return self.kind in ("jpeg", "png")
