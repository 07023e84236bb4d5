"""R18: the demo's signed consent forms, one-page PDFs naming who signed them and for what."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

REQUEST_RECORDS = "Ik geef toestemming om mijn gegevens op te vragen bij mijn eigen behandelaar."
INFORM_OWN_PRACTITIONER = "Ik geef toestemming dat mijn eigen behandelaar het rapport krijgt."


def signed_consent_form(name: str, statement: str = REQUEST_RECORDS) -> SimpleUploadedFile:
    """A signed consent form for the purpose `statement` names."""
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 760, "Toestemmingsverklaring second opinion")
    page.drawString(72, 730, statement)
    page.drawString(72, 700, f"Ondertekend: {name}")
    page.save()
    return SimpleUploadedFile("toestemming-ondertekend.pdf", out.getvalue(), content_type="application/pdf")
