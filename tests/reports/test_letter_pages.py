"""The letter's pages rendered to images, and what is on them: the letterhead in the practice's
colour at the top of the first page, a foot on every page, the draft mark only on a draft, and no
page left nearly empty by an addendum. The images are kept under test-artifacts/letter/ to look at."""

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from secondopinion.cases.editing import case_add_addendum
from secondopinion.reports.pdf import render_report_pdf

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "letter"
ACCENT = (0x0B, 0x4F, 0x6C)  # reports/pdf_page.py: the practice's name and the headings
SCALE = 1.0  # 595 by 842 pixels for an A4 page


def page_images(data: bytes, name: str) -> list[Image.Image]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = pdfium.PdfDocument(data)
    images = []
    for number in range(len(pdf)):
        image = pdf[number].render(scale=SCALE).to_pil().convert("RGB")
        image.save(ARTIFACTS / f"{name}-page-{number + 1}.png")
        images.append(image)
    return images


def band(image: Image.Image, top: float, bottom: float) -> list[tuple[int, int, int]]:
    height = image.height
    return list(image.crop((0, int(top * height), image.width, int(bottom * height))).get_flattened_data())


def share(pixels: list[tuple[int, int, int]], test) -> float:
    return sum(1 for pixel in pixels if test(pixel)) / len(pixels)


def accent(pixel: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel, ACCENT, strict=True))


def ink(pixel: tuple[int, int, int]) -> bool:
    return sum(pixel) < 3 * 170


def reddish(pixel: tuple[int, int, int]) -> bool:
    red, green, blue = pixel
    return red > green + 12 and red > blue + 12


def lowest_ink_row(image: Image.Image, bottom: float) -> float:
    """How far down the body's ink reaches, as a share of the page (the foot left out)."""
    body = image.crop((0, 0, image.width, int(bottom * image.height))).convert("L")
    width = body.width
    data = body.tobytes()
    for row in range(body.height - 1, -1, -1):
        if min(data[row * width : (row + 1) * width]) < 128:
            return row / image.height
    return 0.0


def test_a_final_letter_has_its_letterhead_on_page_one_a_foot_on_every_page_and_no_draft_mark(
    cast, full_report, django_capture_on_commit_callbacks
):
    case = full_report(paragraphs=4)
    with django_capture_on_commit_callbacks(execute=False):
        case_add_addendum(
            actor=cast.giver_user,
            case_id=case.pk,
            text="Lees bij de bevindingen 36 in plaats van 37.",
            source="web",
        )

    pages = page_images(render_report_pdf(case, "nl"), "final-nl")
    page_images(render_report_pdf(case, "en"), "final-en")

    assert share(band(pages[0], 0.0, 0.12), accent) > 0.003  # the practice's name, in its colour
    for page in pages:
        assert share(band(page, 0.90, 0.99), ink) > 0.002  # the foot: sender, fingerprint, page n of m
        assert share(band(page, 0.30, 0.70), reddish) < 0.001  # no draft mark
    # The addendum follows the signature where the letter ends; the last page is well filled.
    assert lowest_ink_row(pages[-1], 0.88) > 0.4


def test_a_draft_carries_its_mark_across_every_page(full_report):
    case = full_report(paragraphs=8, finalise=False)

    pages = page_images(render_report_pdf(case, "nl"), "draft-nl")

    assert len(pages) >= 2
    for page in pages:
        assert share(band(page, 0.30, 0.70), reddish) > 0.005
