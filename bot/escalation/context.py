"""What staff read about a case besides the code: its reasons in words, who the person is
in the broad strokes a counsellor needs (never who they are), and times in their zone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.engine import children
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
    about = writes_about(participant, tr)
    parts += [about] if about is not None else []
    parts += [participant.country or "?", participant.locale or "?"]
    return " · ".join(parts)


def writes_about(participant: Participant, tr: Translate) -> str | None:
    """Themselves, or a caregiver's tie to the children and each child's age band, in
    order, and which child they last spoke about: "grandparent · writes about children
    aged 6-12, 0-5 · last spoke about the child aged 0-5"."""
    if participant.role == "self":
        return tr(texts.ROLE_SELF)
    if participant.role != "caregiver":
        return None
    bands = children.bands(
        {"children": participant.children, "child_age_band": participant.child_age_band}
    )
    if len(bands) > 1:
        about = tr(texts.ROLE_CAREGIVER_SEVERAL) % {"bands": ", ".join(bands)}
        if participant.child_age_band in bands:
            latest = tr(texts.ROLE_CAREGIVER_LATEST) % {"band": participant.child_age_band}
            about = f"{about} · {latest}"
    else:
        about = tr(texts.ROLE_CAREGIVER) % {"band": bands[0] if bands else "?"}
    tie = texts.RELATIONSHIPS.get(participant.relationship or "")
    return f"{tr(tie)} · {about}" if tie is not None else about


def local_time(moment: datetime, member: Staff) -> str:
    """A time as the staff member reads it: in their zone, with the zone named."""
    tz = zone(member.timezone)
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M} {member.timezone or 'UTC'}"
