"""What staff read about a case besides the code: its reasons in words, who the person is
in the broad strokes a counsellor needs (never who they are), and times in their zone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.i18n import texts
from bot.spec.calendar import zone
from bot.storage.models import Participant, Staff

Translate = Callable[[str], str]


def reasons_in_words(reasons: Sequence[str], tr: Translate) -> str:
    """`suicide.ru.not_want_to_live` -> "thoughts of suicide...", `phq9-severe` ->
    "questionnaire PHQ-9: severe"; one line, each meaning once, in order."""
    words = [_in_words(code, tr) for code in reasons]
    return ", ".join(dict.fromkeys(words))


def _in_words(code: str, tr: Translate) -> str:
    category = code.split(".", 1)[0] if code.count(".") >= 2 else None
    if category in texts.REASON_WORDS:
        return tr(texts.REASON_WORDS[category])
    if code in texts.REASON_WORDS:
        return tr(texts.REASON_WORDS[code])
    name, dash, result = code.partition("-")
    if dash:
        band = texts.QUESTIONNAIRE_BANDS.get(result)
        return tr(texts.REASON_QUESTIONNAIRE) % {
            "name": texts.INSTRUMENT_NAMES.get(name, name.upper()),
            "result": tr(band) if band else result,
        }
    return code


def profile_in_words(participant: Participant, tr: Translate) -> str:
    """Age band, whom they write about, country and language: what a counsellor needs to
    answer well, and nothing that identifies them."""
    parts = (
        [tr(texts.AGE_BANDS[participant.age_band])]
        if participant.age_band in texts.AGE_BANDS
        else []
    )
    if participant.role == "caregiver":
        parts.append(tr(texts.ROLE_CAREGIVER) % {"band": participant.child_age_band or "?"})
    elif participant.role == "self":
        parts.append(tr(texts.ROLE_SELF))
    parts += [participant.country or "?", participant.locale or "?"]
    return " · ".join(parts)


def local_time(moment: datetime, member: Staff) -> str:
    """A time as the staff member reads it: in their zone, with the zone named."""
    tz = zone(member.timezone)
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M} {member.timezone or 'UTC'}"
