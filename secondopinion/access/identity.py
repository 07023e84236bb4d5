"""Who a user is in the directory, read once per user object in one query: the patient and the
practitioner, the staff roles per function, and the representations in force (R8). access/policy.py
asks it before every decision; access/backends.py loads the session's user with it."""

from typing import TYPE_CHECKING, Any

from django.db.models import CharField, OuterRef, QuerySet, StringAgg, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from secondopinion.core.prepared import Prepared

if TYPE_CHECKING:
    from secondopinion.accounts.models import User


def _joined(rows: "QuerySet[Any]", value: Any) -> Subquery:
    """`value` of each of `rows` (a related model's rows of the user, `user` their foreign key) joined by
    commas, as one subquery of the user's row. Read from the related table alone: the user row is not
    joined again for each (PostgreSQL starts fewer relations for every request)."""
    joined = rows.filter(user=OuterRef("pk")).order_by().values("user")
    return Subquery(joined.annotate(joined=StringAgg(value, Value(","))).values("joined"))


def _pairs(joined: str | None) -> list[tuple[str, str]]:
    """Pairs joined as `a:b,c:d`, as [(a, b), (c, d)]; an empty part stays "" (a NULL in the join)."""
    out = []
    for entry in (joined or "").split(","):
        first, _, second = entry.partition(":")
        if first or second:
            out.append((first, second))
    return out


def identity_users() -> "QuerySet[User]":
    """Users with patient, practitioner and the joined facts _identity reads, for a query that finds
    the user another way (api/auth.py: by token) and hands the row to `remember_identity`."""
    from secondopinion.accounts.models import User

    def text(path: str) -> Cast:
        return Cast(path, output_field=CharField())

    from secondopinion.access.representation import authority_q, consent_q, facts_expression
    from secondopinion.directory.models import Representative, StaffMember

    # Whether a representation is in force depends on today's date (a child's age, R8 and the WGBO),
    # which a query compiled once (core/prepared.py) may not hold: each candidate (a consent or a
    # verified authority) is read with its facts, and _remember keeps those in force today.
    candidates = Representative.objects.filter(consent_q() | authority_q())
    facts = facts_expression()
    return User.objects.select_related("patient", "practitioner").annotate(
        tm_staff=_joined(
            StaffMember.objects.all(),
            Concat("function", Value(":"), text("organisation_id"), output_field=CharField()),
        ),
        tm_represented=_joined(
            candidates, Concat(text("patient_id"), Value(":"), facts, output_field=CharField())
        ),
        tm_invited=_joined(
            candidates.filter(invitations__accepted_at__isnull=False),
            Concat(
                text("patient_id"),
                Value(":"),
                Coalesce(text("invitations__case_id"), Value("")),
                Value(":"),
                facts,
                output_field=CharField(),
            ),
        ),
    )


def _identity_query(user_id: int) -> "QuerySet[User]":
    """The user with patient, practitioner and the joined facts _identity reads (core/prepared.py)."""
    return identity_users().filter(pk=user_id).order_by()[:1]


_IDENTITY = Prepared(_identity_query, "user_id")


def _identity(user: "User") -> None:
    """Who the user is in the directory, read once per user object in one query: the patient and
    the practitioner (kept where Django keeps `user.patient` and `user.practitioner`, unless already
    there), the staff roles (per function, the organisations), the patients whose representative
    the user is with the patient's consent in force (R8), and the representations in force that the
    user accepted by an invitation (_invited_scopes)."""
    if getattr(user, "_tm_staff_orgs", None) is not None or user.pk is None:
        return
    _remember(user, _IDENTITY.first(user_id=user.pk))


def user_with_identity(user_id: Any) -> "User | None":
    """The user with this id read together with who they are in the directory, in one query: how the
    user of a session or token is loaded (access/backends.py), so that no request reads the user
    twice."""
    try:
        row: Any = _IDENTITY.first(user_id=int(user_id))
    except (TypeError, ValueError):
        return None
    if row is not None:
        _remember(row, row)
    return row


def remember_identity(row: "User") -> None:
    """Keep on a user read through `identity_users` who the user is, so that nothing reads it again."""
    _remember(row, row)


def _remember(user: "User", row: Any) -> None:
    """Keep on `user` what the identity query read in `row` (possibly `user` itself)."""
    from secondopinion.accounts.models import User

    fields_cache = user._state.fields_cache
    relations = [name for name in ("patient", "practitioner") if name not in fields_cache]
    cache: dict[str, set[int]] = {}
    for function, org_id in _pairs(row.tm_staff if row is not None else None):
        if org_id:
            cache.setdefault(function, set()).add(int(org_id))
    for name in relations:
        related = getattr(User, name).related
        related.set_cached_value(user, related.get_cached_value(row, None) if row is not None else None)
    from secondopinion.access.representation import basis_from_facts, in_force_from_facts, today_here

    today = today_here()
    bases = {
        int(patient_id): basis_from_facts(facts, today)
        for patient_id, facts in _pairs(row.tm_represented if row is not None else None)
    }
    user._tm_represented = {patient_id for patient_id, basis in bases.items() if basis}  # type: ignore[attr-defined]
    user._tm_bases = {patient_id: basis for patient_id, basis in bases.items() if basis}  # type: ignore[attr-defined]
    invited = _pairs(row.tm_invited if row is not None else None)
    user._tm_invited = {  # type: ignore[attr-defined]
        (int(patient_id), int(case_id) if case_id else None)
        for patient_id, rest in invited
        for case_id, _sep, facts in [rest.partition(":")]
        if in_force_from_facts(facts, today)
    }
    user._tm_staff_orgs = cache  # type: ignore[attr-defined]


def identify(user: "User") -> None:
    """Read who the user is in the directory (patient, practitioner, staff roles) if not yet read."""
    _identity(user)
