"""The programme's own lines (`flows/services/programme.yaml`): the counsellors a deployment
stands behind, shown first on every crisis card for the countries each line lists.

Unlike the public helplines in `crisis-contacts.yaml`, a programme line needs no
`verified` date: the programme runs it and switches it on itself (`enabled: true`). The
file is optional; without it, or with every line switched off, cards show the verified
public numbers only. Texts may be given in some languages only; see `SomeTexts.get`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from bot.directory.common import Cost, Country, Language, Strict, check_id
from bot.spec.errors import FlowSpecError, Problem
from bot.spec.migrations import Migration
from bot.spec.parse import parse_spec, read_spec_file

PROGRAMME_FILE = "programme.yaml"
PROGRAMME_SPEC_VERSION = 1
PROGRAMME_MIGRATIONS: Mapping[int, Migration] = {}

# Where a text is missing in the person's language: Russian, read by most adults in all four
# countries, then English, then whatever the line has.
FALLBACK: tuple[Language, ...] = ("ru", "en", "kk", "ky", "uz", "tg")
# Each language named in itself, as the language picker in onboarding names it, so the card
# needs no translation to say which languages the counsellors speak.
AUTONYMS: Mapping[Language, str] = {
    "en": "English",
    "ru": "Русский",
    "kk": "Қазақша",
    "ky": "Кыргызча",
    "uz": "Oʻzbekcha",
    "tg": "Тоҷикӣ",
}


def autonym(code: str) -> str:
    """A language as its speakers write it; an unknown code as it is."""
    return next((name for language, name in AUTONYMS.items() if language == code), code)


_NUMBER = re.compile(r"^\+?[0-9][0-9 -]*$")
_TELEGRAM = re.compile(r"^(@[A-Za-z][A-Za-z0-9_]{4,31}|https://t\.me/[A-Za-z0-9_+/-]+)$")


class SomeTexts(Strict):
    """A text in one or more of the six languages; a plain string means every language."""

    en: str | None = Field(default=None, min_length=1)
    ru: str | None = Field(default=None, min_length=1)
    kk: str | None = Field(default=None, min_length=1)
    ky: str | None = Field(default=None, min_length=1)
    uz: str | None = Field(default=None, min_length=1)
    tg: str | None = Field(default=None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _a_plain_string_for_all(cls, value: object) -> object:
        if isinstance(value, str):
            return dict.fromkeys(AUTONYMS, value)
        return value

    @model_validator(mode="after")
    def _at_least_one(self) -> SomeTexts:
        if all(getattr(self, language) is None for language in AUTONYMS):
            raise ValueError("give the text in at least one language (en, ru, kk, ky, uz, tg)")
        return self

    def get(self, language: Language) -> str:
        """The text in `language`, else in the first of FALLBACK that the line has."""
        for candidate in (language, *FALLBACK):
            text: str | None = getattr(self, candidate)
            if text is not None:
                return text
        raise AssertionError("validated to have at least one text")


class ProgrammeLine(Strict):
    """One line: a phone number or a Telegram handle, for one or more countries."""

    id: str
    # Written out, so that switching a line on is always a deliberate edit.
    enabled: bool
    countries: tuple[Country, ...] = Field(min_length=1)
    name: SomeTexts
    purpose: SomeTexts
    number: str | None = None
    telegram: str | None = None
    hours: SomeTexts | None
    languages: tuple[Language, ...] = Field(min_length=1)
    cost: Cost = "unknown"

    @field_validator("number")
    @classmethod
    def _a_phone_number(cls, value: str | None) -> str | None:
        if value is not None and not _NUMBER.match(value):
            raise ValueError(
                f"should be a phone number as dialled, like +996 312 000 000; got {value!r}"
            )
        return value

    @field_validator("telegram")
    @classmethod
    def _a_telegram_address(cls, value: str | None) -> str | None:
        if value is not None and not _TELEGRAM.match(value):
            raise ValueError(
                "should be a Telegram handle like @qadam_help or a link like "
                f"https://t.me/qadam_help; got {value!r}"
            )
        return value

    @model_validator(mode="after")
    def _one_way_to_reach_it(self) -> ProgrammeLine:
        if (self.number is None) == (self.telegram is None):
            raise ValueError("give either `number` or `telegram` (one of them, not both)")
        if self.enabled and self.number is not None and set(self.number) <= set("0 -+"):
            raise ValueError(
                f"{self.number} is the example's placeholder, not a number; put in the "
                "programme's real number, or leave the line `enabled: false`"
            )
        return self

    @property
    def address(self) -> str:
        """What the person dials or opens."""
        address = self.number or self.telegram
        assert address is not None  # validated: exactly one of them is set
        return address

    def purpose_in(self, language: Language) -> str:
        """The purpose, then the languages the counsellors speak, each named in itself."""
        spoken = ", ".join(AUTONYMS[code] for code in self.languages)
        return f"{self.purpose.get(language)} · {spoken}"


class ProgrammeFile(Strict):
    spec: int
    lines: tuple[ProgrammeLine, ...]


def scan_programme(
    file: Path, seen: dict[str, str]
) -> tuple[tuple[ProgrammeLine, ...], list[Problem]]:
    """Every line of the programme file and every problem; no file means no lines. `seen`
    holds the ids used so far (in the contacts file), so that no id is used twice."""
    if not file.exists():
        return (), []
    name = str(file)
    try:
        spec = parse_spec(
            read_spec_file(file),
            name,
            ProgrammeFile,
            PROGRAMME_MIGRATIONS,
            "the programme",
            keys=programme_keys(),
            version=PROGRAMME_SPEC_VERSION,
        )
    except FlowSpecError as error:
        return (), list(error.problems)
    problems: list[Problem] = []
    for index, line in enumerate(spec.lines):
        problems += check_id(name, f"lines[{index}]", line.id, seen)
    return (spec.lines, problems) if not problems else ((), problems)


def programme_keys() -> frozenset[str]:
    """Every key the format knows, for "did you mean" hints."""
    models = (SomeTexts, ProgrammeLine, ProgrammeFile)
    return frozenset(key for model in models for key in model.model_fields)
