"""Dutch identifiers, validated by python-stdnum where it knows the scheme."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn


def validate_bsn(value: str) -> None:
    """A BSN has 9 digits and passes the 11-check."""
    try:
        bsn.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("%(value)s is not a valid BSN (9 digits that pass the 11-check)."),
            code="invalid_bsn",
            params={"value": value},
        ) from exc


def normalise_bsn(value: str) -> str:
    return bsn.compact(value)


def validate_agb(value: str) -> None:
    """An AGB code is 8 digits."""
    if not (len(value) == 8 and value.isdigit()):
        raise ValidationError(_("An AGB code has exactly 8 digits."), code="invalid_agb")


def validate_big(value: str) -> None:
    """A BIG register number is 11 digits."""
    if not (len(value) == 11 and value.isdigit()):
        raise ValidationError(_("A BIG number has exactly 11 digits."), code="invalid_big")


def validate_ura(value: str) -> None:
    """A URA number is 8 digits."""
    if not (len(value) == 8 and value.isdigit()):
        raise ValidationError(_("A URA number has exactly 8 digits."), code="invalid_ura")
