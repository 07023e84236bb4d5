"""The written report as a Dutch letter: letterhead, addressee, dates, the question answered in the
order the sources give, a signature block, the fingerprint of the seal in the footer with how to
verify it, addenda as dated additions, and the files' own metadata (issue 13)."""

import io
import re
import zipfile

import pytest
from django.conf import settings
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from secondopinion.cases.editing import case_add_addendum
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.cases.services import case_transition
from secondopinion.core.dates import long_date
from secondopinion.documents.models import Document as CaseDocument
from secondopinion.reports.assembly import assemble_report
from secondopinion.reports.content import report_seal_holds, seal_hash
from secondopinion.reports.docx import render_report_docx
from secondopinion.reports.labels import DENTAL_HEADINGS, LABELS, MEDICAL_HEADINGS
from secondopinion.reports.letter import short_fingerprint
from secondopinion.reports.models import Report
from secondopinion.reports.pdf import render_report_pdf
from tests.api.conftest import ApiClient
from tests.conftest import representation_in_force
from tests.factories import UserFactory
from tests.reports.conftest import BIG_NUMBER, LETTERHEAD

pytestmark = pytest.mark.django_db

RULE_ID = re.compile(r"\bR\d{1,2}\b")


def flat(text: str) -> str:
    return " ".join(text.split())


def pages_of(data: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def examined_on(case, language: str) -> str:
    change = StatusChange.objects.get(case=case, to_status="in_examination")
    return long_date(change.at, language)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "nl",
            {
                "phone": "Telefoon",
                "agb": "AGB-code",
                "examined": "Datum onderzoek",
                "reported": "Datum rapport",
                "dear": "Geachte",
                "regards": "Met vriendelijke groet,",
                "discipline": "Tandarts",
                "big": "BIG-nummer",
            },
        ),
        (
            "en",
            {
                "phone": "Telephone",
                "agb": "AGB code",
                "examined": "Date of examination",
                "reported": "Date of report",
                "dear": "Dear",
                "regards": "Kind regards,",
                "discipline": "Dentist",
                "big": "BIG number",
            },
        ),
    ],
)
def test_the_letter_has_a_letterhead_an_addressee_both_dates_and_a_signature_block(
    full_report, cast, language, words
):
    case = full_report(paragraphs=2)
    practice = cast.giving_practice
    finalised = long_date(case.report.finalised_at, language)  # as the pages write a day

    first, *_rest = pages = pages_of(render_report_pdf(case, language))
    text = " ".join(pages)

    assert first.startswith(practice.name)
    assert f"{LETTERHEAD['street_address']}, {LETTERHEAD['postcode']} {practice.city}" in first
    assert f"{words['phone']} {LETTERHEAD['phone']}" in first
    assert LETTERHEAD["email"] in first
    assert f"{words['agb']} {practice.agb_code}" in first
    assert f"{cast.patient.name} {practice.city}, {finalised}" in first  # addressee, place and date
    assert f"{words['examined']} {examined_on(case, language)}" in first
    assert f"{words['reported']} {finalised}" in first
    assert f"{words['dear']} {cast.patient.name}," in first
    signature = f"{words['regards']} {cast.giver.name} {words['discipline']} {words['big']} {BIG_NUMBER}"
    assert signature in text
    assert LETTERHEAD["complaint_scheme"] in text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_question_is_answered_in_the_order_the_dental_sources_give(full_report, language):
    case = full_report(paragraphs=1)

    text = " ".join(pages_of(render_report_pdf(case, language)))

    places = [text.index(flat(h.in_language(language))) for h in DENTAL_HEADINGS.values()]
    assert places == sorted(places)
    assert text.index(case.care_question) < places[1]


def test_a_doctors_opinion_judges_the_diagnosis_under_headings_of_its_own(full_report):
    case = full_report(paragraphs=1)
    content = case.report.sealed_content  # changed in memory only: a medical case, billed elsewhere
    content["case"]["protocol"] = "medical-specialist"
    content["billing_lines"] = []

    document = assemble_report(case, "nl")

    headings = [s.heading for s in document.sections]
    assert headings == [h.nl for h in MEDICAL_HEADINGS.values()]
    assert "Mijn oordeel over de diagnose en de voorgestelde behandeling" in headings
    assert "uw eigen specialist" in document.closing[0]
    costs = next(s for s in document.sections if s.key == "costs")
    assert "vraag het uw zorgverzekeraar" in costs.blocks[-1].text


def test_the_letter_data_is_sealed_with_the_report(cast, full_report):
    case = full_report(paragraphs=1)

    letter = case.report.sealed_content["letter"]

    contact = ("street_address", "postcode", "phone", "email")
    assert letter["organisation"] == {
        "name": cast.giving_practice.name,
        **{key: LETTERHEAD[key] for key in contact},
        "city": cast.giving_practice.city,
        "agb_code": cast.giving_practice.agb_code,
    }
    # R28: the giver's organisation's scheme (here the handling practice is the giver's).
    assert letter["complaints"] == {
        "organisation": cast.giving_practice.name,
        "scheme": LETTERHEAD["complaint_scheme"],
    }
    assert letter["addressee"] == {"name": cast.patient.name, "on_behalf_of": ""}
    examined = StatusChange.objects.get(case=case, to_status="in_examination").at
    assert letter["examined_on"] == timezone.localtime(examined).date().isoformat()


def test_a_report_sealed_before_the_letter_data_prints_what_its_seal_covers_and_no_more(cast, full_report):
    case = full_report(paragraphs=1)
    content = case.report.sealed_content
    del content["letter"]
    content["seal_version"] = 2
    Report.objects.filter(pk=case.report.pk).update(sealed_content=content, content_hash=seal_hash(content))
    case.refresh_from_db()

    first = pages_of(render_report_pdf(case, "nl"))[0]

    assert report_seal_holds(case.report)
    assert first.startswith(cast.giving_practice.name)
    assert LETTERHEAD["phone"] not in first  # today's letterhead is not printed under an old seal
    assert "Datum onderzoek" not in first
    assert f"Geachte {cast.patient.name}," in first


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_rule_ids_no_full_seal_and_no_file_names_appear_in_the_letter(cast, full_report, language):
    case = full_report(paragraphs=1, finalise=False)
    CaseDocument.objects.create(
        case=case,
        size=2048,
        uploaded_by=cast.giver_user,
        purpose="record",
        kind="dicom",
        content_type="application/dicom",
        sha256="a" * 64,
        original_name="IMG_20260302_opt-scan.dcm",
        storage_name="letter-record",
        metadata={"Modality": "PX"},
    )
    case = case_transition(
        actor=cast.giver_user, case_id=case.pk, to="report_final", data=StepInput(), source="web"
    )
    case.refresh_from_db()

    pdf = " ".join(pages_of(render_report_pdf(case, language)))
    docx = Document(io.BytesIO(render_report_docx(case, language)))
    body = " ".join(
        [p.text for p in docx.paragraphs] + [c.text for t in docx.tables for r in t.rows for c in r.cells]
    )

    title = {"nl": "Panoramische röntgenfoto (OPT) van de eigen behandelaar", "en": "Panoramic X-ray (OPG)"}
    for text in (pdf, body):
        assert RULE_ID.findall(text) == []
        assert case.report.content_hash not in text.replace(" ", "")
        assert "IMG_20260302_opt-scan.dcm" not in text
        assert title[language] in text


def test_every_page_foot_has_the_fingerprint_how_to_verify_it_and_page_n_of_m(client, cast, full_report):
    case = full_report(paragraphs=14)
    fingerprint = short_fingerprint(case.report.content_hash)
    url = f"{settings.TM_SITE_URL.rstrip('/')}/cases/{case.pk}/"

    pages = pages_of(render_report_pdf(case, "nl"))

    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"{cast.giving_practice.name} · {case.reference} · Controlecode {fingerprint}" in page
        assert f"Pagina {number} van {len(pages)}" in page
        assert "kan de praktijk nagaan of dit het echte rapport is" in page
        assert "Vraag de praktijk om het te controleren." in page
        assert f"/cases/{case.pk}/" not in page  # the foot no longer prints the case page's address
    # The way to verify works: the case page shows the full seal, and so does the API to the patient.
    client.force_login(cast.giver_user)
    shown = re.search(
        r"<code>([0-9a-f]{64})</code>", client.get(url.removeprefix(settings.TM_SITE_URL)).content.decode()
    )
    assert shown is not None
    assert shown.group(1).startswith(fingerprint.replace(" ", ""))
    answer = ApiClient(cast.patient_user).get(f"/cases/{case.pk}").json()
    assert answer["report"]["content_hash"].startswith(fingerprint.replace(" ", ""))


def test_the_pdf_names_its_title_author_subject_and_language(cast, full_report):
    case = full_report(paragraphs=1)

    reader = PdfReader(io.BytesIO(render_report_pdf(case, "nl")))

    assert reader.metadata.title == f"Schriftelijk oordeel second opinion {case.reference}"
    assert reader.metadata.author == cast.giver.name
    assert reader.metadata.subject == f"Second opinion voor {cast.patient.name}"
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"


@pytest.mark.parametrize(("language", "tag"), [("nl", "nl-NL"), ("en", "en-GB")])
def test_the_docx_names_the_giver_as_author_and_its_language(cast, full_report, language, tag):
    case = full_report(paragraphs=1)

    data = render_report_docx(case, language)
    props = Document(io.BytesIO(data)).core_properties

    assert props.author == props.last_modified_by == cast.giver.name
    assert props.language == tag
    assert case.reference in props.title
    assert props.subject == LABELS["subject"].in_language(language).format(patient=cast.patient.name)
    with zipfile.ZipFile(io.BytesIO(data)) as parts:
        assert not [name for name in parts.namelist() if b"python-docx" in parts.read(name)]
        assert f'w:lang w:val="{tag}"'.encode() in parts.read("word/styles.xml")
        footer = b" ".join(parts.read(name) for name in parts.namelist() if name.startswith("word/footer"))
        assert b'w:instr="PAGE"' in footer
        assert b'w:instr="NUMPAGES"' in footer


def test_the_representative_who_asked_is_the_addressee(cast, a_case, advance):
    representation_in_force(cast)
    SecondOpinionCase.objects.filter(pk=a_case.pk).update(
        requester_kind="representative", requester=cast.representative
    )
    a_case.refresh_from_db()
    case = advance(a_case, "report_final")

    document = assemble_report(case, "nl")

    assert document.addressee == (str(cast.representative), f"namens {cast.patient.name}")
    assert document.salutation == f"Geachte {cast.representative},"
    assert f"heb ik {cast.patient.name} onderzocht" in document.opening


def test_an_addendum_is_a_dated_addition_where_the_letter_ends_not_on_a_page_of_its_own(
    cast, full_report, django_capture_on_commit_callbacks
):
    case = full_report(paragraphs=4)
    before = pages_of(render_report_pdf(case, "nl"))
    with django_capture_on_commit_callbacks(execute=False):
        addendum = case_add_addendum(
            actor=cast.giver_user,
            case_id=case.pk,
            text="Lees bij de bevindingen 36 in plaats van 37.",
            source="web",
        )
    stamp = long_date(addendum.created_at, "nl")

    after = pages_of(render_report_pdf(case, "nl"))

    assert len(after) == len(before)
    last = after[-1]
    assert "Met vriendelijke groet," in last
    assert f"Aanvulling van {stamp}" in last
    assert last.index("Met vriendelijke groet,") < last.index(f"Aanvulling van {stamp}")
    assert "het rapport zelf is niet veranderd" in last
    assert "Lees bij de bevindingen 36 in plaats van 37." in last


def test_rendering_a_final_report_takes_a_fixed_number_of_queries(full_report, django_assert_num_queries):
    case = full_report(paragraphs=2)
    case.report.addenda.create(author=case.report.finalised_by, text="Eerste aanvulling.")
    case.report.addenda.create(author=case.report.finalised_by, text="Tweede aanvulling.")
    case = type(case).objects.select_related("report").get(pk=case.pk)

    # The sealed content holds everything; only the addenda (with their authors) are read.
    with django_assert_num_queries(1):
        render_report_pdf(case, "nl")
    with django_assert_num_queries(1):
        render_report_docx(case, "en")


def test_the_directory_api_records_and_returns_the_letterhead_details(cast):
    admin = ApiClient(UserFactory(username="beheer", is_staff=True, is_superuser=True))
    contact = {
        "street_address": "Markt 1",
        "postcode": "6211 cl",
        "phone": "043 350 00 00",
        "email": "info@zuid.example",
    }

    created = admin.post(
        "/organisations", {"name": "Kliniek Zuid", "agb_code": "12345678", "city": "Maastricht", **contact}
    )
    wrong = admin.post(
        "/organisations", {"name": "Kliniek West", "agb_code": "12345679", "email": "geen adres"}
    )

    assert created.status_code == 201, created.content
    assert {key: created.json()[key] for key in contact} == {**contact, "postcode": "6211 CL"}
    assert (
        ApiClient(cast.coordinator).get(f"/organisations/{created.json()['id']}").json()["phone"]
        == "043 350 00 00"
    )
    assert (wrong.status_code, wrong.json()["field"]) == (422, "email")
