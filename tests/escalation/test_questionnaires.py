"""Questionnaire results open cases by the instruments' `risk:` rules, over a real database:
the person answers a check-in, and the case comes from the score, not from a flow step.
Except where the check-in asks first (PHQ-9 moderate, GAD-7 severe, CRIES-8 positive): there
only the person's "Yes" opens the medium case, and "Not now" is respected."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import conversations
from bot.domain import participants
from bot.domain.services import Services
from bot.engine.session import Reply
from bot.i18n import texts
from bot.outbox.queue import decode_payload
from bot.storage.models import Escalation, Measure, OutboxMessage, Participant
from tests.domain.conftest import make_services

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
Sessions = async_sessionmaker[AsyncSession]

_ids = itertools.count(9100)
# The mood check-in's PHQ-9 step, without the PHQ-2 before it.
PHQ9 = {"start": "checkin-mood", "step": "more"}


@pytest.fixture(scope="module")
def services() -> Services:
    return replace(make_services(ROOT / "flows"), clock=lambda: NOW)


async def person(
    sessions: Sessions, services: Services, *, consented: bool = True, age_band: str = "adult"
) -> int:
    async with sessions() as db, db.begin():
        found = await participants.enrol(db, services, next(_ids), next(_ids))
        found.locale, found.age_band = "en", age_band
        found.consented_at = NOW if consented else None
        return found.id


async def answer(
    sessions: Sessions,
    services: Services,
    who: int,
    instrument: str,
    values: Sequence[int],
    *,
    start: str | None = None,
    step: str | None = None,
) -> None:
    """Tap the buttons for `values`, in item order: in the flow `start` (at `step`) when
    given, else in the flow the person is in."""
    scale = [point.value for point in services.library.instruments[instrument].scale]
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, who)
        if start is not None:
            await conversations.start(db, services, found, start, step=step)
        for value in values:
            session = await conversations.load_session(db, services, found)
            assert session is not None
            event = Reply(at=NOW, choice=scale.index(value), seq=session.seq)
            await conversations.reply(
                db, services, found, await conversations.load_session(db, services, found), event
            )


async def choose(sessions: Sessions, services: Services, who: int, value: str) -> None:
    """Tap the option with this value in the step the person is at."""
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, who)
        session = await conversations.load_session(db, services, found)
        assert session is not None and session.step is not None
        options = services.library.flow(session.flow).steps[session.step].options or ()
        index = [option.value for option in options].index(value)
        await conversations.reply(
            db,
            services,
            found,
            await conversations.load_session(db, services, found),
            Reply(at=NOW, choice=index, seq=session.seq),
        )


async def cases_of(sessions: Sessions, who: int) -> list[Escalation]:
    async with sessions() as db:
        return list(await db.scalars(select(Escalation).where(Escalation.participant_id == who)))


async def test_phq9_item9_with_a_low_total_opens_a_critical_case(
    sessions: Sessions, services: Services
) -> None:
    someone = await person(sessions, services)
    # Total 2 (minimal): only item 9 says anything is wrong.
    await answer(sessions, services, someone, "phq9", [1, 0, 0, 0, 0, 0, 0, 0, 1], **PHQ9)
    [case] = await cases_of(sessions, someone)
    assert (case.severity, case.reason, case.reasons) == ("critical", "phq9-item9", ["phq9-item9"])
    assert case.signal == "questionnaire"
    async with sessions() as db:
        measure = await db.scalar(select(Measure).where(Measure.participant_id == someone))
    assert measure is not None and (measure.band, measure.flags) == ("minimal", ["item9"])
    # Nobody is on duty here: the person is told so, honestly, whatever raised the case.
    async with sessions() as db:
        rows = await db.scalars(
            select(OutboxMessage).where(OutboxMessage.participant_id == someone)
        )
        said = [decode_payload(services.cipher, row).get("text", "") for row in rows]
    assert any(texts.REPLY_OFF_DUTY in text for text in said)


async def test_phq2_positive_opens_a_low_case_that_phq9_item9_raises_to_critical(
    sessions: Sessions, services: Services
) -> None:
    someone = await person(sessions, services)
    await answer(sessions, services, someone, "phq2", [2, 2], start="checkin-mood")
    [case] = await cases_of(sessions, someone)
    assert (case.severity, case.reasons) == ("low", ["phq2-positive"])
    await answer(sessions, services, someone, "phq9", [1, 1, 0, 0, 0, 0, 0, 0, 2])
    [case] = await cases_of(sessions, someone)
    assert (case.severity, case.reasons) == ("critical", ["phq2-positive", "phq9-item9"])


async def test_a_positive_who5_opens_a_low_case(sessions: Sessions, services: Services) -> None:
    someone = await person(sessions, services)
    # 40%: poor well-being, screen-positive.
    await answer(sessions, services, someone, "who5", [2] * 5, start="checkin-wellbeing")
    [case] = await cases_of(sessions, someone)
    assert (case.severity, case.reasons, case.signal) == ("low", ["who5-positive"], "questionnaire")


async def test_a_negative_screen_opens_no_case(sessions: Sessions, services: Services) -> None:
    someone = await person(sessions, services)
    # 80%: good well-being, screen-negative.
    await answer(sessions, services, someone, "who5", [4] * 5, start="checkin-wellbeing")
    assert await cases_of(sessions, someone) == []


async def test_no_case_for_someone_who_has_not_consented(
    sessions: Sessions, services: Services
) -> None:
    someone = await person(sessions, services, consented=False)
    await answer(sessions, services, someone, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 3], **PHQ9)
    assert await cases_of(sessions, someone) == []


# The check-ins that ask "Would you like a counsellor to write to you here?" before opening
# a medium case: (flow, its instrument step, instrument, answers, age band, the option that
# says yes, the reason it escalates with). No `risk:` rule may open that case at scoring.
OPT_INS = {
    # Total 12: moderate, item 9 zero.
    "phq9-moderate": ("checkin-mood", "more", "phq9", [2, 2, 2, 2, 2, 2, 0, 0, 0], "adult"),
    # Total 21: severe; also GAD-7 screen-positive (a low case for review).
    "gad7-severe": ("checkin-worry", "more", "gad7", [3] * 7, "adult"),
    # Total 40: positive.
    "cries8-positive": ("checkin-reactions", "questions", "cries8", [5] * 8, "adolescent"),
}


@pytest.mark.parametrize("reason", OPT_INS)
async def test_not_now_after_an_opt_in_result_opens_no_medium_case(
    sessions: Sessions, services: Services, reason: str
) -> None:
    flow, step, instrument, values, age_band = OPT_INS[reason]
    someone = await person(sessions, services, age_band=age_band)
    await answer(sessions, services, someone, instrument, values, start=flow, step=step)
    await choose(sessions, services, someone, "later")
    found = await cases_of(sessions, someone)
    # At most a low case for staff to review (a positive GAD-7), never the medium outreach.
    assert all(case.severity == "low" and reason not in case.reasons for case in found)
    if reason == "gad7-severe":
        [case] = found
        assert (case.severity, case.reasons) == ("low", ["gad7-positive"])
    else:
        assert found == []


@pytest.mark.parametrize("reason", OPT_INS)
async def test_yes_after_an_opt_in_result_opens_the_medium_case(
    sessions: Sessions, services: Services, reason: str
) -> None:
    flow, step, instrument, values, age_band = OPT_INS[reason]
    someone = await person(sessions, services, age_band=age_band)
    await answer(sessions, services, someone, instrument, values, start=flow, step=step)
    await choose(sessions, services, someone, "talk")
    [case] = await cases_of(sessions, someone)
    assert case.severity == "medium" and reason in case.reasons


async def test_phq9_moderate_and_not_now_keeps_only_the_phq2_review_case(
    sessions: Sessions, services: Services
) -> None:
    someone = await person(sessions, services)
    await answer(sessions, services, someone, "phq2", [2, 2], start="checkin-mood")
    await answer(sessions, services, someone, "phq9", [2, 2, 2, 2, 2, 2, 0, 0, 0])
    await choose(sessions, services, someone, "later")
    [case] = await cases_of(sessions, someone)
    assert (case.severity, case.reasons, case.signal) == ("low", ["phq2-positive"], "questionnaire")
