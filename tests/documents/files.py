"""Small valid files of every accepted kind, made in the test, and a few hostile ones."""

import io
import struct
import zipfile

MIB = 1024 * 1024


def png(size: tuple[int, int] = (3, 2)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


def jpeg(size: tuple[int, int] = (4, 3)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "JPEG")
    return out.getvalue()


def dicom() -> bytes:
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1.3"  # digital intra-oral X-ray
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientName = "de Vries^Petra"
    ds.PatientID = "123456782"
    ds.Modality = "IO"
    ds.StudyDate = "20260301"
    ds.BodyPartExamined = "JAW"
    ds.Manufacturer = "Acme Dental"
    ds.Rows, ds.Columns = 2, 2
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 8, 8, 7
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PixelRepresentation = 1, "MONOCHROME2", 0
    ds.PixelData = bytes(4)
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Verwijsbrief")
    page.save()
    return out.getvalue()


def docx() -> bytes:
    import docx as python_docx

    out = io.BytesIO()
    document = python_docx.Document()
    document.add_paragraph("Behandelplan 36")
    document.save(out)
    return out.getvalue()


def stl_binary(triangles: int = 2) -> bytes:
    facet = struct.pack("<12fH", *([0.0] * 12), 0)
    return b"binary stl".ljust(80, b" ") + struct.pack("<I", triangles) + facet * triangles


def stl_ascii() -> bytes:
    return (
        b"solid tooth\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex 1 0 0\n"
        b"   vertex 0 1 0\n  endloop\n endfacet\nendsolid tooth\n"
    )


def ply_ascii() -> bytes:
    return (
        b"ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
        b"element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"
    )


def _docx_parts(archive: zipfile.ZipFile) -> None:
    archive.writestr(
        "[Content_Types].xml",
        '<Types><Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    )
    archive.writestr("word/document.xml", "<w:document/>")


def zip_bomb(megabytes: int = 200) -> bytes:
    """A DOCX-looking archive with one member of `megabytes` of zeros, written in a stream."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        _docx_parts(archive)
        zeros = bytes(MIB)
        with archive.open("word/media/image1.png", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(zeros)
    return out.getvalue()


def docx_with_member(name: str, content: bytes = b"x") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _docx_parts(archive)
        archive.writestr(name, content)
    return out.getvalue()


ACCEPTED = {
    "jpeg": ("rontgen.jpg", jpeg),
    "png": ("foto.png", png),
    "dicom": ("opname.dcm", dicom),
    "pdf": ("verwijsbrief.pdf", pdf),
    "docx": ("behandelplan.docx", docx),
    "stl": ("scan.stl", stl_binary),
    "stl-ascii": ("scan-ascii.stl", stl_ascii),
    "ply": ("scan.ply", ply_ascii),
}
