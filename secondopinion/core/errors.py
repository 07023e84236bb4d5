"""The one error family of the domain. Web and API render each the same way, in the user's language.

Which status a refusal takes: 422 when the input itself is wrong (a field missing, malformed, or
refused by a rule on what was sent); 409 when the input is fine but the case, request or consent is
not in a state that allows it now (a step from the wrong status, a request already answered, a
consent already revoked); 403 for a related user whose role may not act; 404 for anyone else."""

from typing import TYPE_CHECKING

from secondopinion.core.text import Text

if TYPE_CHECKING:  # the engine's Violation; core imports no other package at run time
    from secondopinion.protocols.engine import Violation


class DomainError(Exception):
    status = 400
    code = "invalid"
    title = Text("Ongeldig verzoek", "Invalid request")

    def __init__(
        self,
        detail: Text,
        *,
        field: str | None = None,
        violations: tuple["Violation", ...] = (),
    ) -> None:
        super().__init__(detail.en)
        self.detail = detail
        self.field = field
        self.violations = violations

    @property
    def rule_ids(self) -> list[str]:
        return [v.rule_id for v in self.violations]


class InvalidInput(DomainError):
    status = 422
    code = "invalid_input"
    title = Text("Ongeldige invoer", "Invalid input")


class NotFound(DomainError):
    status = 404
    code = "not_found"
    title = Text("Niet gevonden", "Not found")


class NotPermitted(DomainError):
    status = 403
    code = "not_permitted"
    title = Text("Geen toestemming", "Not permitted")


class TransitionNotAllowed(DomainError):
    status = 409
    code = "transition_not_allowed"
    title = Text("Stap niet mogelijk vanuit deze status", "Step not possible from this status")


class RuleBlocked(DomainError):
    status = 422
    code = "blocked_by_rule"
    title = Text("Geblokkeerd door een regel", "Blocked by a rule")


class ConcurrentChange(DomainError):
    status = 409
    code = "concurrent_change"
    title = Text("De casus is intussen gewijzigd", "The case was changed meanwhile")


CASE_NOT_FOUND = Text(
    "Deze casus bestaat niet of u heeft er geen toegang toe.",
    "This case does not exist or you have no access to it.",
)
REPRESENTATION_NOT_FOUND = Text("Deze vertegenwoordiger bestaat niet.", "This representative does not exist.")
