"""Profile fields a participant answers, and what follows from them."""

from __future__ import annotations

from typing import Any

from bot.engine.session import PROFILE_FIELDS
from bot.storage.models import Participant

# One zone per country: since March 2024 all of Kazakhstan is on UTC+5 (tzdata keeps this
# current). "Other" starts on UTC until the person picks a zone.
COUNTRY_ZONES = {
    "KZ": "Asia/Almaty",
    "KG": "Asia/Bishkek",
    "UZ": "Asia/Tashkent",
    "TJ": "Asia/Dushanbe",
    "other": "UTC",
}


def facts(participant: Participant) -> dict[str, Any]:
    """The profile as the engine sees it; unanswered fields are left out."""
    known = {name: getattr(participant, name) for name in PROFILE_FIELDS}
    return {name: value for name, value in known.items() if value is not None}


def set_field(participant: Participant, field: str, value: object) -> None:
    if field not in PROFILE_FIELDS:
        raise ValueError(
            f"{field!r} is not a profile field; flows may set: {', '.join(sorted(PROFILE_FIELDS))}"
        )
    text = None if value is None else str(value)
    setattr(participant, field, text)
    if field == "country" and text is not None:
        participant.timezone = COUNTRY_ZONES.get(text, "UTC")
