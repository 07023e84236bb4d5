"""Validity periods of tariffs and prices: ordered, inside their code's period, and never two for the
same thing on one day. The checks name the field at fault, in the administrator's language."""

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext


class Period(Protocol):
    valid_from: dt.date
    valid_until: dt.date | None


def overlaps(a: Period, b: Period) -> bool:
    """Two closed periods share a day (an open end runs on for ever)."""
    a_end = a.valid_until or dt.date.max
    b_end = b.valid_until or dt.date.max
    return a.valid_from <= b_end and b.valid_from <= a_end


def describe(period: Period) -> str:
    start = f"{period.valid_from:%d-%m-%Y}"
    if period.valid_until is None:
        return gettext("from %(start)s") % {"start": start}
    return gettext("%(start)s to %(end)s") % {"start": start, "end": f"{period.valid_until:%d-%m-%Y}"}


def check_order(period: Period) -> None:
    if period.valid_from and period.valid_until and period.valid_until < period.valid_from:
        raise ValidationError(
            {
                "valid_until": gettext("The end date lies before the start date (%(start)s).")
                % {"start": f"{period.valid_from:%d-%m-%Y}"}
            }
        )


def check_within(period: Period, outer: Period, what: str) -> None:
    """The period lies inside `outer` (the validity of the tariff code it prices)."""
    if period.valid_from < outer.valid_from:
        raise ValidationError(
            {
                "valid_from": gettext("Starts before tariff code %(code)s is valid (%(period)s).")
                % {"code": what, "period": describe(outer)}
            }
        )
    if outer.valid_until is not None and (
        period.valid_until is None or period.valid_until > outer.valid_until
    ):
        raise ValidationError(
            {
                "valid_until": gettext("Ends after tariff code %(code)s stops being valid (%(period)s).")
                % {"code": what, "period": describe(outer)}
            }
        )


def check_no_overlap(period: Period, others: Iterable[Period]) -> None:
    for other in others:
        if overlaps(period, other):
            raise ValidationError(
                {
                    "valid_from": gettext(
                        "This period overlaps with another one for the same code: %(period)s."
                    )
                    % {"period": describe(other)}
                }
            )
