"""The letter around the report's sections: letterhead, addressee, reference block, opening,
closing, signature block, dated additions, footer and the file's metadata.

Everything printed comes from the sealed content (reports/content.py), so a final letter shows the
letterhead, the addressee and the date of examination as they stood at sign-off. Content sealed
before seal version 3 has no letter data: its letter prints the organisation's name only and no
date of examination, rather than today's data under an old seal. The verification line in the
footer points at the case page, where the full seal (SHA-256) is shown under "Report".
"""

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils import timezone, translation

from secondopinion.core.dates import long_date, long_moment
from secondopinion.core.text import Text
from secondopinion.directory.models import Discipline
from secondopinion.protocols.vocabulary import REQUESTER_KINDS
from secondopinion.reports.document import Addition, Letterhead, Metadata, Signature
from secondopinion.reports.labels import OWN_PRACTITIONER

if TYPE_CHECKING:
    from secondopinion.reports.models import Addendum

FINGERPRINT_LENGTH = 16
LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}


def format_date(iso: str, language: str) -> str:
    """A sealed ISO day as the pages write it (core/dates.py)."""
    return long_date(dt.date.fromisoformat(iso[:10]), language) if iso else ""


def format_moment(iso: str, language: str) -> str:
    """A sealed ISO moment as the pages write it (core/dates.py)."""
    return long_moment(dt.datetime.fromisoformat(iso), language) if iso else ""


def short_fingerprint(content_hash: str) -> str:
    """The first 16 characters of the seal, in groups of four: easy to read out and compare."""
    head = content_hash[:FINGERPRINT_LENGTH]
    return " ".join(head[i : i + 4] for i in range(0, len(head), 4))


def _joined(parts: Iterable[str], separator: str = " · ") -> str:
    return separator.join(part for part in parts if part)


class LetterFrame:
    """The letter's fixed parts for one sealed (or draft) content in one language."""

    def __init__(self, content: dict[str, Any], language: str, label: dict[str, str]) -> None:
        self.c = content
        self.language = language
        self.label = label
        letter = content.get("letter") or {}
        self.organisation: dict[str, str] = letter.get("organisation") or {"name": content["organisation"]}
        self.addressee_data: dict[str, str] = letter.get("addressee") or {
            "name": content["patient"]["name"],
            "on_behalf_of": "",
        }
        self.examined_on: str = letter.get("examined_on", "")
        # R28: where a complaint goes, the giver's organisation's scheme (seal version 4); a letter
        # sealed before it named the handling organisation's scheme in its letterhead.
        self.complaints: dict[str, str] = letter.get("complaints") or {
            "organisation": self.organisation["name"],
            "scheme": self.organisation.get("complaint_scheme", ""),
        }
        finalised = content.get("finalised_at", "")
        self.report_date = (
            format_date(finalised, language) if finalised else long_date(timezone.localdate(), language)
        )

    def t(self, text: Text) -> str:
        return text.in_language(self.language)

    def letterhead(self) -> Letterhead:
        org, lb = self.organisation, self.label
        place = _joined((org.get("postcode", ""), org.get("city", "")), " ")
        lines = (
            _joined((org.get("street_address", ""), place), ", "),
            _joined(
                (
                    f"{lb['phone']} {org['phone']}" if org.get("phone") else "",
                    f"{lb['email']} {org['email']}" if org.get("email") else "",
                )
            ),
            f"{lb['agb']} {org['agb_code']}" if org.get("agb_code") else "",
        )
        return Letterhead(name=org["name"], lines=tuple(line for line in lines if line))

    def place_date(self) -> str:
        return _joined((self.organisation.get("city", ""), self.report_date), ", ")

    def addressee(self) -> tuple[str, ...]:
        who = self.addressee_data
        behalf = self.label["on_behalf_of"].format(patient=who["on_behalf_of"]) if who["on_behalf_of"] else ""
        return tuple(line for line in (who["name"], behalf) if line)

    def particulars(self) -> tuple[tuple[str, str], ...]:
        c, lb = self.c, self.label
        kind = REQUESTER_KINDS.get(c["requester"]["kind"])
        requester = self.t(kind).capitalize() if kind else c["requester"]["kind"]
        if c["requester"]["name"]:
            requester = f"{requester}: {c['requester']['name']}"
        rows = (
            (lb["patient"], c["patient"]["name"]),
            (lb["dob"], format_date(c["patient"]["date_of_birth"], self.language)),
            (lb["requester"], requester),
            (lb["referral"], self._referral()),
            (lb["treating"], f"{c['treating']['name']} ({c['treating']['organisation']})"),
            (lb["examined_on"], format_date(self.examined_on, self.language)),
            (lb["report_date"], self.report_date),
            (lb["our_reference"], c["case"]["reference"]),
        )
        return tuple(row for row in rows if row[1])

    def _referral(self) -> str:
        referrer = self.c["referrer"]
        if referrer:
            return f"{referrer['name']} ({referrer['organisation']})"
        return self.label["referral_yes" if self.c["has_referral"] else "referral_none"]

    def salutation(self) -> str:
        return self.label["salutation"].format(name=self.addressee_data["name"])

    def opening(self) -> str:
        if not self.examined_on:
            return self.label["opening"]
        behalf = self.addressee_data["on_behalf_of"]
        return self.label["opening_examined"].format(
            date=format_date(self.examined_on, self.language), whom=behalf or self.label["you"]
        )

    def closing(self, discipline: str) -> tuple[str, ...]:
        own = self.t(OWN_PRACTITIONER.get(discipline, OWN_PRACTITIONER["dentist"]))
        lines = [self.label["decision"].format(own=own)]
        if self.complaints.get("scheme"):
            lines.append(
                self.label["complaints"].format(
                    organisation=self.complaints["organisation"], scheme=self.complaints["scheme"]
                )
            )
        return tuple(lines)

    def signature(self) -> Signature:
        giver, lb = self.c["giver"], self.label
        lines: list[str] = []
        if giver:
            with translation.override(self.language):
                discipline = str(Discipline(giver["discipline"]).label) if giver["discipline"] else ""
            lines = [
                giver["name"],
                discipline[:1].upper() + discipline[1:],
                f"{lb['big']} {giver['big_number']}" if giver["big_number"] else "",
                f"{lb['agb']} {giver['agb_code']}" if giver["agb_code"] else "",
                giver["organisation"],
            ]
        if self.c["finalised_at"]:
            note = lb["signed"].format(
                at=format_moment(self.c["finalised_at"], self.language), by=self.c["finalised_by"]
            )
        else:
            note = lb["unsigned"]
        return Signature(greeting=lb["greeting"], lines=tuple(line for line in lines if line), note=note)

    def additions(self, addenda: Iterable["Addendum"]) -> tuple[Addition, ...]:
        lb = self.label
        made = []
        for item in addenda:
            at = timezone.localtime(item.created_at)
            made.append(
                Addition(
                    heading=lb["addendum_heading"].format(date=long_date(at, self.language)),
                    byline=lb["addendum_byline"].format(
                        at=long_moment(at, self.language), author=item.author, report_date=self.report_date
                    ),
                    text=item.text,
                )
            )
        return tuple(made)

    def metadata(self, title: str) -> Metadata:
        giver = self.c["giver"]
        return Metadata(
            title=f"{title} {self.c['case']['reference']}",
            author=giver["name"] if giver else self.organisation["name"],
            subject=self.label["subject"].format(patient=self.c["patient"]["name"]),
            language=LANGUAGE_TAGS.get(self.language, self.language),
        )
