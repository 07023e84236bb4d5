"""Bilingual text for rules and guidance: Dutch first, English complete."""

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True, slots=True)
class Text:
    nl: str
    en: str

    def in_language(self, language: str | None) -> str:
        return self.en if (language or "").startswith("en") else self.nl

    def __str__(self) -> str:
        return self.in_language(get_language())

    def as_dict(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}
