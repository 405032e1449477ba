"""What the crisis contacts file and the programme file share: countries, languages, costs,
ids and the strictness of their models."""

from __future__ import annotations

import re
from typing import Literal, TypeAlias, get_args

from pydantic import BaseModel, ConfigDict

from bot.spec.errors import Problem

SERVICES_DIR = "services"

Country: TypeAlias = Literal["KZ", "KG", "UZ", "TJ", "other"]
Language: TypeAlias = Literal["en", "ru", "kk", "ky", "uz", "tg"]
Cost: TypeAlias = Literal["free", "paid", "unknown"]

COUNTRIES: tuple[Country, ...] = get_args(Country)
LANGUAGES: tuple[Language, ...] = get_args(Language)
OTHER: Country = "other"

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Strict(BaseModel):
    """Unknown keys are refused (with a did-you-mean), and nothing changes after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def language_of(locale: str | None) -> Language:
    """The person's language, or English for a locale the files do not know."""
    for language in LANGUAGES:
        if locale == language:
            return language
    return "en"


def check_id(file: str, where: str, value: str, seen: dict[str, str]) -> list[Problem]:
    """An id is lower-case words joined by - and unique across both files, because
    `qadam contacts verify ID` and the start-up warning name contacts by it. `seen` maps
    each id met so far to where it was."""
    if not _ID.match(value):
        return [
            Problem(
                file,
                f"{where}.id",
                f"{value!r} should be lower-case letters and digits joined by - (like kz-112)",
            )
        ]
    if value in seen:
        return [Problem(file, f"{where}.id", f"{value!r} is already used at {seen[value]}")]
    seen[value] = where
    return []
