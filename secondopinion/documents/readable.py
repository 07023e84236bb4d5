"""Whether a PDF, JPEG or PNG whose first bytes look right can really be read (documents/detect.py
decides the kind; this proves the rest of the file). A file that only begins like a PDF or an
image (a script behind "%PDF-", a cut-off download) is refused with InvalidInput on the field
"file", like every other refusal, before anything is stored.

Cheap on purpose: nothing is rendered. A PDF is opened with pypdf (its cross-reference table,
trailer and page tree; pypdf caps every stream it decompresses), a PNG's chunks are checked
against their checksums up to its end, and a JPEG is decoded at an eighth of its size, which
reads all of its compressed data in little memory. Pillow refuses images with more pixels than
Image.MAX_IMAGE_PIXELS allows twice over (a decompression bomb) before decoding any.
"""

from typing import IO, Any

from secondopinion.core.errors import InvalidInput
from secondopinion.core.text import Text

FIELD = "file"

PDF_UNREADABLE = Text(
    "Dit PDF-bestand kan niet worden gelezen; het is beschadigd, onvolledig of geen echte PDF.",
    "This PDF file cannot be read; it is damaged, incomplete or not a real PDF.",
)
PDF_PASSWORD = Text(
    "Dit PDF-bestand is beveiligd met een wachtwoord; zo kan niemand anders het openen. Stuur een "
    "kopie zonder wachtwoord: open het bestand en sla het opnieuw op als PDF (of kies 'Afdrukken' en "
    "dan 'Opslaan als PDF').",
    "This PDF file is protected with a password, so no one else can open it. Send a copy without a "
    "password: open the file and save it again as PDF (or choose 'Print' and then 'Save as PDF').",
)
PDF_NO_PAGES = Text("Dit PDF-bestand heeft geen pagina's.", "This PDF file has no pages.")
IMAGE_UNREADABLE = {
    "jpeg": Text(
        "Dit JPEG-bestand kan niet worden gelezen; het is beschadigd of onvolledig.",
        "This JPEG file cannot be read; it is damaged or incomplete.",
    ),
    "png": Text(
        "Dit PNG-bestand kan niet worden gelezen; het is beschadigd of onvolledig.",
        "This PNG file cannot be read; it is damaged or incomplete.",
    ),
}
# The formats Pillow may read each kind as: a phone's JPEG with a second picture is "MPO".
PILLOW_FORMATS = {"jpeg": ("JPEG", "MPO"), "png": ("PNG",)}


def _refuse(text: Text) -> InvalidInput:
    return InvalidInput(text, field=FIELD)


def pdf_metadata(fp: IO[bytes]) -> dict[str, Any]:
    """{"pages": n} of a PDF that opens; a damaged one, one without pages, or one that needs a
    password to be read is refused. A PDF locked only against changes (no password to open) is read."""
    from pypdf import PdfReader

    fp.seek(0)
    try:
        reader = PdfReader(fp, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _refuse(PDF_PASSWORD)
        pages = len(reader.pages)
    except InvalidInput:
        raise
    except Exception as exc:  # pypdf raises many kinds for a damaged file; each means "does not read"
        raise _refuse(PDF_UNREADABLE) from exc
    if pages < 1:
        raise _refuse(PDF_NO_PAGES)
    return {"pages": pages}


def check_image(fp: IO[bytes], kind: str) -> None:
    """A JPEG or PNG that Pillow reads to its end as that kind; else refused as damaged."""
    from PIL import Image

    fp.seek(0)
    try:
        with Image.open(fp, formats=[PILLOW_FORMATS[kind][0]]) as image:
            if image.format not in PILLOW_FORMATS[kind]:
                raise ValueError(f"read as {image.format}")
            if kind == "jpeg":
                # Decoding at 1/8 scale still reads every compressed byte, in 1/64 of the memory.
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
            else:
                image.verify()
    except Image.DecompressionBombError as exc:
        raise _refuse(
            Text(
                "Deze afbeelding heeft te veel beeldpunten om te bekijken; stuur een kleinere versie.",
                "This image has too many pixels to be viewed; send a smaller version.",
            )
        ) from exc
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError and more for damage
        raise _refuse(IMAGE_UNREADABLE[kind]) from exc
