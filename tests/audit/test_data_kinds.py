"""The access log's data kinds (audit/kinds.py): a closed list, each kind with words for the patient,
and access_record refuses a name that is not on it. Two checks walk the source itself: every
`access_record(data=...)` and `case_get(data=...)` in secondopinion/ names a known kind."""

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import secondopinion
from secondopinion.audit import grounds, kinds
from secondopinion.audit.grounds import basis_label
from secondopinion.audit.kinds import DETAILS, DataKind, UnknownDataKind, label, parse
from secondopinion.audit.models import AccessEvent, AuditChainHead
from secondopinion.audit.services import IncompleteAccessEvent, access_record
from secondopinion.consent.models import Consent
from secondopinion.core.roles import Role
from secondopinion.documents.models import Document
from secondopinion.protocols import distribution
from secondopinion.protocols.lifecycle import TRANSITIONS

SOURCE_ROOT = Path(secondopinion.__file__).parent
# What a patient must never read: a machine name ("case:inform", "records_request"), a rule id, a
# consent's number, a hash, or the placeholder of a pattern.
MACHINE_NAME = re.compile(r"[a-z][a-z_-]*:[a-z_<]|_|\bR\d+\b|#\d|[0-9a-f]{64}|<\w+>")


def _looks_like(name: str, words: str) -> bool:
    """Whether `words` show a compound machine name ("case-list", "records_request") as it is stored;
    a plain word ("report" in "the report") is English, not a key."""
    return any(mark in name for mark in ":_-<") and name in words


def every_label() -> list[tuple[str, object]]:
    return [(name, label(name)) for name in kinds.known_names()]


# -- the list and its words ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(DataKind), ids=lambda k: k.name)
def test_every_kind_has_a_dutch_and_an_english_label_that_is_no_machine_name(kind):
    text = kind.label

    assert text.nl.strip()
    assert text.en.strip()
    assert text.nl != text.en  # both languages written out
    for words in (text.nl, text.en):
        assert words.casefold() != kind.value.casefold()
        assert not _looks_like(kind.value, words)
        assert not MACHINE_NAME.search(words), words


@pytest.mark.parametrize(("detail_name", "values"), sorted(DETAILS.items()))
def test_every_detail_of_every_list_has_words_of_its_own(detail_name, values):
    labels = kinds.DETAIL_LABELS[detail_name]

    assert set(labels) == set(values)
    for value in values:
        assert labels[value].nl.strip()
        assert labels[value].en.strip()
        assert not MACHINE_NAME.search(labels[value].nl + " " + labels[value].en)


def test_the_details_are_the_products_own_lists():
    assert DETAILS["step"] == {step.name for step in TRANSITIONS.values()}
    assert DETAILS["kind"] == set(Document.Kind.values)
    assert DETAILS["purpose"] == set(Consent.Purpose.values)


@pytest.mark.parametrize(("name", "text"), every_label(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_name_the_log_accepts_reads_as_words_in_both_languages(name, text):
    for words in (text.nl, text.en):
        assert words.strip()
        assert words.casefold() != name.casefold()
        assert not _looks_like(name, words)
        assert not MACHINE_NAME.search(words), words


def test_a_detail_is_named_in_the_label():
    assert str(label("case:inform").nl) == "uw aanvraag: uitleg en afspraken vastleggen"
    assert (
        label("consent:request_records").nl
        == "uw toestemming om gegevens op te vragen bij uw eigen behandelaar"
    )
    assert label("consent:request_records:revoked").en == (
        "withdrawing your consent to ask your own practitioner for your records"
    )
    assert label("document:dicom").nl == "een bestand in uw dossier: een röntgenfoto of scan (DICOM)"
    assert label("records_request").nl == "het opvragen van uw gegevens bij uw eigen behandelaar"
    assert label("report:addendum").en == "an addition or correction to the report"


def test_the_inconsistent_names_the_product_writes_each_have_their_own_words():
    assert label("collegial-notice") != label("collegial-notices")
    assert label("records_request") != label("records_requests")
    assert label("complaint") != label("complaint-list")


# -- parse -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", kinds.known_names())
def test_every_accepted_name_parses_back_to_its_kind_and_detail(name):
    kind, detail = parse(name)

    assert kind.of(detail) == name


def test_a_kind_with_a_pattern_writes_its_detail_into_the_name():
    assert DataKind.CASE_STEP.of("inform") == "case:inform"
    assert DataKind.CONSENT_REVOKED.of("consult_colleague") == "consent:consult_colleague:revoked"
    assert parse("case:transitions") == (DataKind.CASE_TRANSITIONS, "")  # its own kind, no step
    assert parse("consent:representative:revoked") == (DataKind.CONSENT_REVOKED, "representative")
    assert parse(DataKind.REPORT) == (DataKind.REPORT, "")


@pytest.mark.parametrize(
    "name",
    [
        "",
        "after",
        "Case",
        "case:",
        "case:nonsense",
        "case:<step>",  # a pattern is no name
        "document:exe",
        "document:",
        "consent:",
        "consent:marketing",
        "consent:request_records:granted",
        "consent::revoked",
        "report:draft",
        " report",
    ],
)
def test_a_name_that_is_no_kind_is_refused_by_parse(name):
    with pytest.raises(UnknownDataKind):
        parse(name)


def test_a_detail_not_on_its_list_or_on_a_plain_kind_is_refused_when_writing_the_name():
    with pytest.raises(UnknownDataKind):
        DataKind.DOCUMENT.of("exe")
    with pytest.raises(UnknownDataKind):
        DataKind.REPORT.of("draft")


@given(st.text(max_size=40))
def test_any_text_reads_as_a_known_label_or_the_generic_one_never_as_itself(text):
    words = label(text)

    if not kinds.is_known(text):
        assert words == kinds.UNKNOWN_DATA
    assert not MACHINE_NAME.search(words.nl + " " + words.en)


# -- access_record refuses what the list does not know ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["after", "case:nonsense", "document:exe", "consent:marketing:revoked"])
def test_access_record_refuses_an_unknown_kind_and_writes_nothing(name):
    before = (AccessEvent.objects.count(), AuditChainHead.objects.values_list("seq", flat=True).first())

    with pytest.raises(IncompleteAccessEvent) as refused:
        access_record(actor=None, action="read", data=name, source="web", role="giver", basis="giver")

    assert refused.value.field == "data"
    assert "DataKind" in refused.value.text.en
    assert "DataKind" in refused.value.text.nl
    after = (AccessEvent.objects.count(), AuditChainHead.objects.values_list("seq", flat=True).first())
    assert after == before


@pytest.mark.django_db
def test_access_record_takes_a_member_or_a_name_made_with_it_and_stores_the_plain_string():
    plain = access_record(
        actor=None, action="read", data=DataKind.REPORT, source="web", role="giver", basis="giver"
    )
    detailed = access_record(
        actor=None,
        action="create",
        data=DataKind.DOCUMENT.of(Document.Kind.PDF),
        source="web",
        role="giver",
        basis="giver",
    )

    stored = dict(AccessEvent.objects.filter(pk__in=[plain.pk, detailed.pk]).values_list("pk", "data"))
    assert stored == {plain.pk: "report", detailed.pk: "document:pdf"}
    assert type(stored[plain.pk]) is str


# -- the source: every data= a caller writes is on the list ------------------------------------------

# Functions whose `data=` becomes an access-log event's data.
LOGGING_CALLS = {"access_record", "case_get"}


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _data_values(node: ast.expr) -> list[tuple[str, str]]:
    """("literal", "case") for a string, ("pattern", "case:{}") for an f-string, both branches of a
    conditional, ("member", "REPORT") for DataKind.REPORT; ("other", …) for a variable."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [("literal", node.value)]
    if isinstance(node, ast.JoinedStr):
        parts = [p.value if isinstance(p, ast.Constant) else "{}" for p in node.values]
        return [("pattern", "".join(str(p) for p in parts))]
    if isinstance(node, ast.IfExp):
        return _data_values(node.body) + _data_values(node.orelse)
    if isinstance(node, ast.Attribute) and node.attr.isupper():
        return [("member", node.attr)]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "of":
        return [("made", ast.unparse(node))]
    return [("other", ast.unparse(node))]


def data_arguments() -> list[tuple[str, int, str, str]]:
    found = []
    for path in sorted(SOURCE_ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _callee(node) in LOGGING_CALLS:
                for keyword in node.keywords:
                    if keyword.arg == "data":
                        where = str(path.relative_to(SOURCE_ROOT.parent))
                        found += [
                            (where, node.lineno, how, value) for how, value in _data_values(keyword.value)
                        ]
    return found


FOUND = data_arguments()
# "case:{}" for DataKind.CASE_STEP ("case:<step>"): what an f-string of a pattern looks like.
PATTERNS = {kinds._PLACEHOLDER.sub("{}", kind.value): kind for kind in DataKind if kind.detail_name}


def test_the_source_walk_finds_the_loggers_it_is_meant_to_check():
    literals = {value for _where, _line, how, value in FOUND if how == "literal"}

    assert len(FOUND) >= 40
    assert {"case", "report", "records_request", "collegial-notices", "case:prosthesis-adjusted"} <= literals
    assert {value for _where, _line, how, value in FOUND if how == "pattern"} >= {"case:{}", "document:{}"}


@pytest.mark.parametrize(("where", "line", "how", "value"), FOUND, ids=lambda v: str(v))
def test_every_data_name_written_in_the_source_is_a_known_kind(where, line, how, value):
    if how == "literal":
        assert kinds.is_known(value), f"{where}:{line} writes data={value!r}, which is no DataKind"
    elif how == "pattern":
        assert value in PATTERNS, f"{where}:{line} writes data=f{value!r}, which matches no DataKind pattern"
    elif how == "member":
        assert value in DataKind.__members__, f"{where}:{line}: DataKind has no {value}"
    elif how == "made":
        pass  # DataKind.X.of(detail) checks its detail when it runs
    else:
        # A variable: only the door that passes its own `data` parameter on to access_record.
        assert value == "data", f"{where}:{line} passes data={value}; use a literal or a DataKind"


# -- the basis column ----------------------------------------------------------------------------------


def every_basis_written() -> list[str]:
    """The bases the product writes: a role, "consent", "addressee", a consent purpose, and the
    distribution's rule-and-part or rule-consent-and-number (R23)."""
    bases = [str(role) for role in Role] + ["consent", "addressee"]
    bases += [f"consent:{purpose}" for purpose in Consent.Purpose.values]
    parts = ["requester", "patient", "gp_or_specialist", "practitioner_initiated", "referrer"]
    bases += [f"R23 role:{part}" for part in parts]
    bases += [f"R23 consent:{purpose}#{n}" for purpose in Consent.Purpose.values for n in (3, 1234)]
    return bases


@pytest.mark.parametrize("basis", every_basis_written())
def test_every_basis_reads_as_words_without_a_rule_id_a_number_or_a_machine_name(basis):
    text = basis_label(basis)

    assert text not in (grounds.UNKNOWN_BASIS,)
    for words in (text.nl, text.en):
        assert words.strip()
        assert not MACHINE_NAME.search(words), words


def test_the_distributions_basis_names_the_consent_or_the_role_in_words():
    assert basis_label("R23 consent:inform_own_practitioner#3").nl == (
        "uw toestemming om uw eigen behandelaar te informeren over de uitkomst"
    )
    assert basis_label("R23 role:requester").en == "role: requester of the second opinion"
    assert basis_label("R23 role:patient").nl == "rol: patiënt"
    assert basis_label("giver").nl == "rol: second opinion-gever"
    assert basis_label("consent").en == "your consent"


def distribution_bases() -> set[str]:
    """Every `role:<part>` basis protocols/distribution.py writes, its names resolved."""
    path = SOURCE_ROOT / "protocols" / "distribution.py"
    names = vars(distribution)
    bases = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        # (an f-string's constant head, "role:", is visited on its own too; it names no part)
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value[5:]
            and (node.value.startswith("role:"))
        ):
            bases.add(node.value)
        elif isinstance(node, ast.JoinedStr) and ast.unparse(node).startswith(("f'role:", 'f"role:')):
            text = "".join(
                str(p.value) if isinstance(p, ast.Constant) else str(names[ast.unparse(p.value)])
                for p in node.values
            )
            bases.add(text)
    return bases


def test_every_role_part_the_distribution_writes_has_words():
    bases = distribution_bases()

    assert {"role:requester", "role:gp_or_specialist", "role:practitioner_initiated"} <= bases
    for basis in bases:
        text = basis_label(f"{distribution.RULE} {basis}")
        assert text != grounds.UNKNOWN_BASIS, basis
        assert not MACHINE_NAME.search(text.nl + " " + text.en)


@given(st.text(max_size=60))
def test_any_basis_reads_without_rule_id_number_or_machine_name(text):
    words = basis_label(text)

    assert not MACHINE_NAME.search(words.nl + " " + words.en)


@pytest.mark.parametrize("role", [*[str(r) for r in Role], "user", "system", "nonsense_role"])
def test_every_role_reads_as_words(role):
    words = grounds.role_label(role)

    assert not MACHINE_NAME.search(words.nl + " " + words.en)
    assert words.nl.strip()
    assert words.en.strip()
