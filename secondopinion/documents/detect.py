"""What an uploaded file is, decided by its content: never by its name or the client's content type.

Accepted: JPEG, PNG, DICOM (X-rays), PDF, DOCX, STL and PLY (intra-oral scans). Anything else is
refused, and so is a file whose name's extension says something other than its content (an
attack sign, or a mistake the uploader should see). A DOCX is a ZIP archive: it is inspected
without extracting it, and archive bombs, nested archives and path-traversal names are refused.
A PDF, JPEG or PNG must also open from beginning to end (documents/readable.py), not merely begin
like one. Every refusal is an InvalidInput on the field "file", in Dutch and English.
"""

import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings

from secondopinion.core.errors import InvalidInput
from secondopinion.core.text import Text
from secondopinion.documents import readable

FIELD = "file"
ACCEPTED = "JPEG, PNG, DICOM, PDF, DOCX, STL, PLY"
MIB = 1024 * 1024

# DOCX inspection limits: what a real letter or record never comes near.
DOCX_MAX_UNCOMPRESSED = 50 * MIB
DOCX_MAX_MEMBERS = 1000
DOCX_MAX_RATIO = 100
# Tiny parts (an empty relationships file) compress far better than 100:1 and harm nobody.
DOCX_RATIO_FROM_BYTES = 64 * 1024
NESTED_ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!", b"BZh")
NESTED_ARCHIVE_SUFFIXES = (".zip", ".docx", ".xlsx", ".pptx", ".jar", ".gz", ".7z", ".rar", ".tar", ".bz2")

# Display names: longer than this is cut (the extension kept); longer than NAME_MAX is refused.
NAME_DISPLAY_MAX = 150
NAME_MAX = 255
# Text-direction controls disguise an extension ("invoice\u202egpj.exe" shows as "invoiceexe.jpg").
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

CONTENT_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "dicom": "application/dicom",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "stl": "model/stl",
    # PLY has no registered media type; downloads are attachments, so the generic type is right.
    "ply": "application/octet-stream",
}
EXTENSIONS = {
    "jpeg": ("jpg", "jpeg", "jpe"),
    "png": ("png",),
    "dicom": ("dcm", "dicom"),
    "pdf": ("pdf",),
    "docx": ("docx",),
    "stl": ("stl",),
    "ply": ("ply",),
}
LABELS = {
    "jpeg": "JPEG",
    "png": "PNG",
    "dicom": "DICOM",
    "pdf": "PDF",
    "docx": "DOCX",
    "stl": "STL",
    "ply": "PLY",
}
# X-rays and scans are large by nature; everything else keeps the ordinary limit.
LARGE_KINDS = frozenset({"dicom", "stl", "ply"})
# The DICOM attributes kept: what the image shows and how it was made, never who it is of.
DICOM_KEYWORDS = ("Modality", "StudyDate", "BodyPartExamined", "Rows", "Columns", "Manufacturer")


@dataclass(frozen=True)
class Detected:
    kind: str
    content_type: str
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind][0]


def refuse(nl: str, en: str) -> InvalidInput:
    return InvalidInput(Text(nl, en), field=FIELD)


def size_limit(kind: str | None = None) -> int:
    """TM_MAX_UPLOAD_BYTES (25 MB) for most kinds; TM_MAX_SCAN_UPLOAD_BYTES (100 MB) for DICOM,
    STL and PLY. Without a kind: the largest, checked before the content is read."""
    ordinary: int = settings.TM_MAX_UPLOAD_BYTES
    large: int = settings.TM_MAX_SCAN_UPLOAD_BYTES
    if kind is None:
        return max(ordinary, large)
    return large if kind in LARGE_KINDS else ordinary


def _megabytes(size: int) -> str:
    return f"{size / MIB:.0f} MB"


def check_size(size: int, kind: str | None = None) -> None:
    if size == 0:
        raise refuse("Het bestand is leeg.", "The file is empty.")
    limit = size_limit(kind)
    if size > limit:
        what = LABELS[kind] if kind else ""
        raise refuse(
            f"Het bestand is te groot ({_megabytes(size)}); de grens is {_megabytes(limit)} {what}".strip()
            + ".",
            f"The file is too large ({_megabytes(size)}); the limit is {_megabytes(limit)} {what}".strip()
            + ".",
        )


# File names ---------------------------------------------------------------------------------


def name_problem(name: str) -> Text | None:
    """Why a file name is refused: a path, control characters, text-direction overrides, or length."""
    if "/" in name or "\\" in name or name.strip() in {".", ".."}:
        return Text(
            "De bestandsnaam bevat een pad (/, \\ of ..); geef alleen de naam van het bestand.",
            "The file name contains a path (/, \\ or ..); give the file's name only.",
        )
    if any(unicodedata.category(char) == "Cc" for char in name):
        return Text(
            "De bestandsnaam bevat stuurtekens (zoals een nieuwe regel of NUL); geef het bestand een gewone naam.",
            "The file name contains control characters (such as a line break or NUL); give the file a plain name.",
        )
    if any(char in BIDI_CONTROLS for char in name):
        return Text(
            "De bestandsnaam bevat tekens die de leesrichting omdraaien en zo de echte extensie verbergen; "
            "geef het bestand een gewone naam.",
            "The file name contains characters that reverse the reading direction and so hide the real "
            "extension; give the file a plain name.",
        )
    if len(name) > NAME_MAX:
        return Text(
            f"De bestandsnaam is langer dan {NAME_MAX} tekens; kort hem in.",
            f"The file name is longer than {NAME_MAX} characters; shorten it.",
        )
    return None


def sanitise_name(name: str) -> str:
    """The name to show and offer on download: no path, no control or format characters, no
    leading dots, at most NAME_DISPLAY_MAX characters with the extension kept."""
    name = re.split(r"[/\\]", name)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(char for char in name if unicodedata.category(char) not in {"Cc", "Cf", "Zl", "Zp"})
    name = " ".join(name.split()).lstrip(". ")
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        stem, extension = name, ""
    extension = extension[:10]
    room = NAME_DISPLAY_MAX - (len(extension) + 1 if extension else 0)
    stem = stem[:room].rstrip() or "document"
    return f"{stem}.{extension}" if extension else stem


def extension_of(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def check_extension(name: str, detected: Detected) -> None:
    """A name's extension must agree with the content; a name without one says nothing."""
    extension = extension_of(name)
    if extension and extension not in EXTENSIONS[detected.kind]:
        label = LABELS[detected.kind]
        raise refuse(
            f"De naam eindigt op .{extension}, maar de inhoud is {label}. Een bestand waarvan naam en "
            f"inhoud niet overeenkomen wordt geweigerd; geef het de extensie .{detected.extension}.",
            f"The name ends in .{extension}, but the content is {label}. A file whose name and content "
            f"disagree is refused; give it the extension .{detected.extension}.",
        )


# Content ------------------------------------------------------------------------------------


def detect(fp: IO[bytes], size: int) -> Detected:
    """The kind of the file behind `fp` (seekable, `size` bytes), or InvalidInput naming what is accepted."""
    fp.seek(0)
    head = fp.read(512)
    if head.startswith(b"\xff\xd8\xff"):
        jpeg_size = _jpeg_size(fp)
        readable.check_image(fp, "jpeg")
        return Detected("jpeg", CONTENT_TYPES["jpeg"], jpeg_size)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        png_size = _png_size(head)
        readable.check_image(fp, "png")
        return Detected("png", CONTENT_TYPES["png"], png_size)
    if len(head) >= 132 and head[128:132] == b"DICM":
        return Detected("dicom", CONTENT_TYPES["dicom"], _dicom_metadata(fp))
    if head.startswith(b"%PDF-"):
        return Detected("pdf", CONTENT_TYPES["pdf"], readable.pdf_metadata(fp))
    if head.startswith(b"PK\x03\x04"):
        _check_docx(fp)
        return Detected("docx", CONTENT_TYPES["docx"])
    if head.startswith(b"ply\n") or head.startswith(b"ply\r\n"):
        return Detected("ply", CONTENT_TYPES["ply"], _ply_header(fp))
    if size >= 84:
        (triangles,) = struct.unpack("<I", head[80:84])
        if triangles > 0 and size == 84 + 50 * triangles:
            return Detected("stl", CONTENT_TYPES["stl"], {"format": "binary", "triangles": triangles})
    if head.lstrip().startswith(b"solid") and _ascii_stl(fp, head, size):
        return Detected("stl", CONTENT_TYPES["stl"], {"format": "ascii"})
    raise refuse(
        f"Dit bestandstype wordt niet aanvaard (beoordeeld op de inhoud, niet op de naam). Aanvaard: {ACCEPTED}.",
        f"This type of file is not accepted (judged by its content, not its name). Accepted: {ACCEPTED}.",
    )


def _png_size(head: bytes) -> dict[str, Any]:
    if len(head) < 24 or head[12:16] != b"IHDR":
        raise refuse("Dit PNG-bestand is beschadigd.", "This PNG file is damaged.")
    width, height = struct.unpack(">II", head[16:24])
    return {"width": width, "height": height}


# JPEG start-of-frame markers (C4, C8 and CC are other segments) carry the image's size.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(fp: IO[bytes]) -> dict[str, Any]:
    """Walk the JPEG's segments up to its start-of-frame; a file without one is damaged."""
    fp.seek(2)
    for _segment in range(10_000):
        marker = fp.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            break
        if marker[1] in (0xD8, 0x01) or 0xD0 <= marker[1] <= 0xD7:
            continue
        length_bytes = fp.read(2)
        if len(length_bytes) < 2:
            break
        (length,) = struct.unpack(">H", length_bytes)
        if marker[1] in _SOF:
            frame = fp.read(5)
            if len(frame) == 5:
                height, width = struct.unpack(">HH", frame[1:5])
                return {"width": width, "height": height}
            break
        if length < 2:
            break
        fp.seek(length - 2, 1)
    raise refuse("Dit JPEG-bestand is beschadigd.", "This JPEG file is damaged.")


def _dicom_metadata(fp: IO[bytes]) -> dict[str, Any]:
    """Parse with pydicom (pixels left unread); keep only what the image is, never who it is of."""
    from pydicom import dcmread

    fp.seek(0)
    try:
        dataset = dcmread(fp, stop_before_pixels=True)
        # Converting every element proves the whole header parses, not only its first bytes.
        for _element in dataset.iterall():
            pass
        if not str(dataset.file_meta.get("TransferSyntaxUID", "")):
            raise ValueError("no transfer syntax")
    except Exception as exc:  # pydicom raises many kinds for a damaged file; each means "does not parse"
        raise refuse(
            "Dit DICOM-bestand kan niet worden gelezen; het is beschadigd of onvolledig.",
            "This DICOM file cannot be read; it is damaged or incomplete.",
        ) from exc
    metadata: dict[str, Any] = {}
    for keyword in DICOM_KEYWORDS:
        value = dataset.get(keyword)
        if value is None or value == "":
            continue
        metadata[keyword] = int(value) if keyword in ("Rows", "Columns") else str(value)[:64]
    return metadata


def _ply_header(fp: IO[bytes]) -> dict[str, Any]:
    fp.seek(0)
    header = fp.read(64 * 1024)
    end = header.find(b"end_header")
    lines = header[:end].decode("ascii", errors="replace").splitlines() if end > 0 else []
    if len(lines) < 2 or not re.fullmatch(
        r"format (ascii|binary_little_endian|binary_big_endian) 1\.0", lines[1].strip()
    ):
        raise refuse(
            "Dit PLY-bestand heeft geen geldige kop (format … en end_header).",
            "This PLY file has no valid header (format … and end_header).",
        )
    metadata: dict[str, Any] = {"format": lines[1].split()[1]}
    for line in lines:
        parts = line.split()
        if (
            len(parts) == 3
            and parts[0] == "element"
            and parts[1] in ("vertex", "face")
            and parts[2].isdigit()
        ):
            # More than any file holds (and int() reads 4,300 digits at most).
            if len(parts[2].lstrip("0")) > 19:
                raise refuse(
                    "Dit PLY-bestand heeft geen geldige kop (format … en end_header).",
                    "This PLY file has no valid header (format … and end_header).",
                )
            metadata[f"{parts[1]}_count"] = int(parts[2])
    return metadata


def _ascii_stl(fp: IO[bytes], head: bytes, size: int) -> bool:
    """An ASCII STL: "solid", then facets, and "endsolid" at its end."""
    fp.seek(0)
    start = fp.read(4096)
    fp.seek(max(0, size - 1024))
    tail = fp.read(1024)
    return b"facet" in start and b"endsolid" in tail


# DOCX ---------------------------------------------------------------------------------------


def _check_docx(fp: IO[bytes]) -> None:
    """A Word document, inspected from the archive's directory without extracting anything."""
    fp.seek(0)
    try:
        archive = zipfile.ZipFile(fp)
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise refuse("Dit ZIP/DOCX-bestand is beschadigd.", "This ZIP/DOCX file is damaged.") from exc
    if len(members) > DOCX_MAX_MEMBERS:
        raise refuse(
            f"Dit DOCX-bestand bevat meer dan {DOCX_MAX_MEMBERS} onderdelen en wordt geweigerd.",
            f"This DOCX file holds more than {DOCX_MAX_MEMBERS} parts and is refused.",
        )
    total = 0
    for member in members:
        _check_member(member)
        total += member.file_size
        if total > DOCX_MAX_UNCOMPRESSED:
            raise refuse(
                f"Dit DOCX-bestand pakt uit tot meer dan {_megabytes(DOCX_MAX_UNCOMPRESSED)} "
                "(een zogenaamde zip-bom) en wordt geweigerd.",
                f"This DOCX file unpacks to more than {_megabytes(DOCX_MAX_UNCOMPRESSED)} "
                "(a so-called zip bomb) and is refused.",
            )
    names = {member.filename for member in members}
    if not {"[Content_Types].xml", "word/document.xml"} <= names:
        raise refuse(
            f"Dit ZIP-bestand is geen Word-document (DOCX). Aanvaard: {ACCEPTED}.",
            f"This ZIP file is not a Word document (DOCX). Accepted: {ACCEPTED}.",
        )
    for member in members:
        _check_not_nested(archive, member)


def _check_member(member: zipfile.ZipInfo) -> None:
    name = member.filename
    parts = re.split(r"[/\\]", name)
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts or "\x00" in name:
        raise refuse(
            "Dit DOCX-bestand bevat een onderdeel met een pad buiten het archief en wordt geweigerd.",
            "This DOCX file holds a part whose path points outside the archive and is refused.",
        )
    if member.file_size > DOCX_RATIO_FROM_BYTES and member.file_size > DOCX_MAX_RATIO * max(
        member.compress_size, 1
    ):
        raise refuse(
            f"Een onderdeel van dit DOCX-bestand is meer dan {DOCX_MAX_RATIO} keer samengeperst "
            "(een zogenaamde zip-bom) en wordt geweigerd.",
            f"A part of this DOCX file is compressed more than {DOCX_MAX_RATIO} times "
            "(a so-called zip bomb) and is refused.",
        )


def _check_not_nested(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    nested = member.filename.lower().endswith(NESTED_ARCHIVE_SUFFIXES)
    if not nested and not member.is_dir() and member.file_size >= 4:
        try:
            with archive.open(member) as part:
                nested = part.read(8).startswith(NESTED_ARCHIVE_MAGIC)
        except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, RuntimeError) as exc:
            raise refuse("Dit DOCX-bestand is beschadigd.", "This DOCX file is damaged.") from exc
    if nested:
        raise refuse(
            "Dit DOCX-bestand bevat een ander archief (bijvoorbeeld een ingesloten werkmap) en wordt "
            "geweigerd; sla het op als PDF of zonder ingesloten bestanden.",
            "This DOCX file holds another archive (an embedded workbook, say) and is refused; save it "
            "as PDF or without embedded files.",
        )
