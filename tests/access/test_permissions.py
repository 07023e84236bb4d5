"""The one permissions table (access/permissions.py): complete, bilingual, and the only place that
decides which roles may take an action. Web views, API routers, presenters and template tags ask it."""

import ast
import pathlib

import pytest

from secondopinion.access.permissions import (
    PERMISSIONS,
    UPLOAD_ACTIONS,
    Action,
    acting_role,
    actions_for,
    permitted,
    reads_internal_notes,
    refusal,
    writes_internal_note,
)
from secondopinion.core.roles import Role
from secondopinion.documents.models import Document

SOURCE = pathlib.Path(__file__).resolve().parents[2] / "secondopinion"
# The lifecycle's transition table names who takes each step (domain.md, "Case lifecycle"); the
# documents service adds the treating practitioner as supplier only while the patient's consent to
# request records is in force (R16, R18), a condition on the ledger that no role alone settles.
MAY_NAME_ROLE_SETS = {"access/permissions.py", "protocols/lifecycle.py", "documents/services.py"}


def _is_role(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role"


def _decisions_outside_the_table() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if "migrations" in path.parts or relative in MAY_NAME_ROLE_SETS:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Set) and any(_is_role(element) for element in node.elts):
                found.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
            if (
                isinstance(node, ast.Compare)
                and _is_role(node.left)
                and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops)
            ):
                found.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_module_outside_access_decides_which_roles_may_act():
    assert _decisions_outside_the_table() == []


@pytest.mark.parametrize("action", list(Action))
def test_every_action_has_roles_and_a_refusal_in_both_languages(action):
    permission = PERMISSIONS[action]
    assert permission.roles, action
    assert Role.ADMINISTRATOR not in permission.roles  # maintaining the directory opens no case
    if permission.roles != frozenset(Role) - {Role.ADMINISTRATOR}:
        assert permission.refusal.nl.strip()
        assert permission.refusal.en.strip()
        assert permission.refusal.nl != permission.refusal.en


def test_every_document_purpose_has_its_upload_action():
    assert set(UPLOAD_ACTIONS) == set(Document.Purpose.values)


def test_a_role_not_in_the_table_is_refused_and_told_why():
    roles = frozenset({Role.REFERRER})
    assert not permitted(Action.WRITE_REPORT, roles)
    assert acting_role(Action.WRITE_REPORT, roles) is None
    assert refusal(Action.WRITE_REPORT).en == "Only the giver writes the report."


def test_the_acting_role_is_the_most_specific_one_permitted():
    # A giver who also coordinates bills as the giver; a coordinator alone bills as coordinator.
    assert acting_role(Action.BILL, frozenset({Role.COORDINATOR, Role.GIVER})) == Role.GIVER
    assert acting_role(Action.BILL, frozenset({Role.COORDINATOR})) == Role.COORDINATOR


def test_what_a_page_offers_is_what_the_table_permits():
    patient = actions_for(frozenset({Role.PATIENT}))
    assert Action.FILE_COMPLAINT in patient
    assert Action.EVALUATE in patient
    assert Action.WRITE_REPORT not in patient
    assert Action.BILL not in patient
    officer = actions_for(frozenset({Role.COMPLAINTS_OFFICER}))
    assert officer == {Action.READ_CASE, Action.READ_DRAFT_REPORT, Action.READ_FINAL_REPORT}.union(
        {Action.READ_DOCUMENTS, Action.HANDLE_COMPLAINT, Action.READ_COMPLAINTS}
    ).union({Action.READ_COMPLAINT_LETTER, Action.READ_OUTCOMES, Action.READ_INTERNAL_NOTES})
    assert actions_for(frozenset()) == frozenset()


def test_internal_notes_stay_with_the_practice():
    for role in (Role.COORDINATOR, Role.GIVER, Role.COMPLAINTS_OFFICER):
        assert reads_internal_notes(frozenset({role})), role
    for role in (Role.PATIENT, Role.REPRESENTATIVE, Role.TREATING, Role.REFERRER):
        assert not reads_internal_notes(frozenset({role})), role
    # A patient who also works at the practice reads her own case as the patient.
    assert not reads_internal_notes(frozenset({Role.PATIENT, Role.COORDINATOR}))
    assert writes_internal_note(Role.COORDINATOR)
    assert writes_internal_note(Role.GIVER)
    assert not writes_internal_note(Role.PATIENT)
    assert not writes_internal_note(Role.REPRESENTATIVE)
    assert not writes_internal_note(None)
