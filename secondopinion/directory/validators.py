"""Dutch identifiers, validated by python-stdnum where it knows the scheme."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn

# A BSN is written in ASCII digits; python-stdnum would also read fullwidth or other scripts' digits.
_NINE_ASCII_DIGITS = re.compile(r"[0-9]{9}")
# What may separate the digits as people write them (1112.22.333, 111 222 333, 111-222-333).
_SEPARATORS = str.maketrans("", "", " .-")


def validate_bsn(value: str) -> None:
    """A BSN has 9 ASCII digits and passes the 11-check."""
    try:
        if not _NINE_ASCII_DIGITS.fullmatch(value):
            raise StdnumError
        bsn.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("%(value)s is not a valid BSN (9 digits that pass the 11-check)."),
            code="invalid_bsn",
            params={"value": value},
        ) from exc


def normalise_bsn(value: str) -> str:
    """Separators and surrounding spaces out, and as python-stdnum does, an 8-digit number padded
    with a leading zero; no other character is changed (a fullwidth digit stays one, and is refused)."""
    compact = value.translate(_SEPARATORS).strip()
    return compact.zfill(9) if compact.isascii() else compact


def validate_agb(value: str) -> None:
    """An AGB code is 8 ASCII digits (str.isdigit alone would take fullwidth or other scripts' digits)."""
    if not (len(value) == 8 and value.isascii() and value.isdigit()):
        raise ValidationError(_("An AGB code has exactly 8 digits."), code="invalid_agb")


def validate_big(value: str) -> None:
    """A BIG register number is 11 ASCII digits."""
    if not (len(value) == 11 and value.isascii() and value.isdigit()):
        raise ValidationError(_("A BIG number has exactly 11 digits."), code="invalid_big")


def validate_ura(value: str) -> None:
    """A URA number is 8 ASCII digits."""
    if not (len(value) == 8 and value.isascii() and value.isdigit()):
        raise ValidationError(_("A URA number has exactly 8 digits."), code="invalid_ura")
