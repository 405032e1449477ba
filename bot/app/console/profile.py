"""A person as staff see them: the short code and broad bands, never who they are."""

from __future__ import annotations

from dataclasses import dataclass

from bot.app.console.reading import Reader
from bot.directory.programme import autonym
from bot.i18n import texts
from bot.storage.models import Participant


@dataclass(frozen=True)
class Profile:
    code: str
    age_band: str | None  # in words: "a teenager"
    writes_about: str | None  # in words, with the child's age band for a caregiver
    country: str | None
    language: str | None


def profile(person: Participant, tr: Reader) -> Profile:
    band = person.age_band
    country = texts.COUNTRY_NAMES.get(person.country or "")
    about = None
    if person.role == "caregiver":
        about = tr(texts.ROLE_CAREGIVER) % {"band": person.child_age_band or "?"}
    elif person.role == "self":
        about = tr(texts.ROLE_SELF)
    return Profile(
        code=person.code,
        age_band=tr(texts.AGE_BANDS[band]) if band in texts.AGE_BANDS else None,
        writes_about=about,
        country=tr(country) if country else person.country,
        language=autonym(person.locale) if person.locale else None,
    )
