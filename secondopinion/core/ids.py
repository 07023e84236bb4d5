"""An id as a query string or a form sends it (?organisation=12, practitioner=34): read only when it is
ASCII digits a database id can be. `str.isdigit` alone also takes "²", which `int` refuses (a 500),
and "١٢", which `int` reads as 12; `int` refuses more than 4,300 digits outright."""

MAX_ID = 2**63 - 1  # the largest id a database row can have (a bigint)
MAX_DIGITS = 19  # MAX_ID has 19 digits


def id_from(raw: str | None) -> int | None:
    """The number `raw` writes in ASCII digits, or None for anything else (empty, other characters,
    more digits than any id has; leading zeros are no digits)."""
    if not raw or not (raw.isascii() and raw.isdigit()) or len(raw.lstrip("0")) > MAX_DIGITS:
        return None
    return int(raw)
