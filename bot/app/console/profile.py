"""A person as staff see them: the short code and broad bands, never who they are."""

from __future__ import annotations

from dataclasses import dataclass

from bot.app.console.reading import Reader
from bot.directory.programme import autonym
from bot.escalation.context import writes_about
from bot.i18n import texts
from bot.storage.models import Participant


@dataclass(frozen=True)
class Profile:
    code: str
    age_band: str | None  # in words: "a teenager"
    # In words, with a caregiver's tie to the children and each child's age band.
    writes_about: str | None
    country: str | None
    language: str | None


def profile(person: Participant, tr: Reader) -> Profile:
    band = person.age_band
    country = texts.COUNTRY_NAMES.get(person.country or "")
    return Profile(
        code=person.code,
        age_band=tr(texts.AGE_BANDS[band]) if band in texts.AGE_BANDS else None,
        writes_about=writes_about(person, tr),
        country=tr(country) if country else person.country,
        language=autonym(person.locale) if person.locale else None,
    )
