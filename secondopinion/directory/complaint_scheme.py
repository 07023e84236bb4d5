"""R28: which organisation's complaint scheme takes a complaint about how a second opinion went."""

from typing import TYPE_CHECKING

from secondopinion.directory.models import Organisation

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase


def complaint_organisation(case: "SecondOpinionCase") -> Organisation:
    """The giver's organisation (seed 000: "de klachtenregeling van de second opinion-gever"), which
    need not be the organisation that handles the request; before a giver is assigned, the handling
    organisation's. A case read with its rule facts (cases/snapshot.py) has both joined already."""
    giver = case.giver if case.giver_id is not None else None
    return giver.organisation if giver is not None else case.organisation
