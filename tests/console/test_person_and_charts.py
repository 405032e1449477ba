"""A person's page by short code: who may open it, every case (a colleague's without what
it is about), and their moods and scores as chart series with the instruments' bands."""

from __future__ import annotations

from datetime import timedelta

from bot.app.console import actions
from bot.app.console.person_view import PersonView, person_view
from bot.app.console.reading import Refused
from bot.domain.services import Services
from bot.storage.models import Answer, Escalation, Measure, Participant
from tests.console.support import audit_rows, change, reader
from tests.escalation.conftest import NOW, Raise, Sessions, person


async def add_history(sessions: Sessions, who: Participant) -> None:
    async with sessions() as db, db.begin():
        for day, mood in enumerate([4, 2, "skip", 5]):
            db.add(
                Answer(
                    participant_id=who.id,
                    flow="daily-checkin",
                    step="mood",
                    var="mood",
                    value=mood,
                    created_at=NOW + timedelta(days=day),
                )
            )
        # Another flow's "mood" is not the daily check-in's 1-5 scale.
        db.add(Answer(participant_id=who.id, flow="other", step="s", var="mood", value=9))
        for week, (total, band) in enumerate([(12, "moderate"), (6, "mild")]):
            db.add(
                Measure(
                    participant_id=who.id,
                    instrument="phq9",
                    answers=[1] * 9,
                    total=total,
                    score=total,
                    band=band,
                    taken_at=NOW + timedelta(weeks=week),
                )
            )
        db.add(
            Measure(
                participant_id=who.id,
                instrument="who5",
                answers=[2] * 5,
                total=10,
                score=40,
                band="poor",
                taken_at=NOW,
            )
        )


async def test_a_counsellor_opens_a_person_they_had_a_case_with_and_sees_their_trends(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await reader(sessions, services)
    colleague = await reader(sessions, services)
    someone = await person(sessions, services, age_band="adolescent", role="self")
    await add_history(sessions, someone)
    first = await raise_for(someone, "medium", "abuse.ru.beats")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, counsellor, first.id)
        await actions.resolve(db, services, counsellor, first.id, "supported")
    # Resolved long ago: a new signal opens a new case, which a colleague takes.
    second = await raise_for(someone, "high", at=NOW + timedelta(days=30))
    async with sessions() as db, db.begin():
        await actions.claim(db, services, colleague, second.id)
        view = await person_view(db, services, counsellor, someone.code.lower(), NOW)
    assert isinstance(view, PersonView)
    assert view.profile.code == someone.code
    assert (view.profile.age_band, view.profile.writes_about) == (
        "a teenager",
        "writes about themselves",
    )
    assert [(c.id, c.reasons) for c in view.cases] == [
        (second.id, None),  # a colleague's: listed, not what it is about
        (first.id, "violence, threats or abuse"),
    ]
    assert view.cases[1].outcome == "Supported"
    mood, phq9, who5 = view.charts
    assert (mood.key, mood.low, mood.high) == ("mood", 1, 5)
    assert [p.value for p in mood.points] == [4, 2, 5]
    assert phq9.title == "Mood questionnaire (PHQ-9)"
    assert [(p.value, p.band) for p in phq9.points] == [(12, "moderate"), (6, "mild")]
    assert [(b.label, b.low, b.high) for b in phq9.bands][-2:] == [
        ("moderately severe", 15, 19),
        ("severe", 20, 27),
    ]
    assert (phq9.low, phq9.high) == (0, 27)
    # WHO-5 is banded on its percentage, so that is what is drawn.
    assert [(p.value, p.band) for p in who5.points] == [(40, "poor")]
    assert (who5.low, who5.high) == (0, 100)
    assert ("person-viewed", counsellor.id, second.id, None) in await audit_rows(sessions)


async def test_a_counsellor_is_refused_a_stranger_alike_whether_the_code_exists_or_not(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await reader(sessions, services)
    colleague = await reader(sessions, services)
    boss = await reader(sessions, services, "supervisor")
    someone = await person(sessions, services)
    case = await raise_for(someone, "medium", "abuse.ru.beats")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, colleague, case.id)
        stranger = await person_view(db, services, counsellor, someone.code, NOW)
        nobody = await person_view(db, services, counsellor, "ZZZ-ZZZ", NOW)
        for_boss = await person_view(db, services, boss, "ZZZ-ZZZ", NOW)
        seen = await person_view(db, services, boss, someone.code, NOW)
    assert stranger == nobody
    assert stranger == Refused(
        "forbidden", "You may open only people you counsel or have had a case with."
    )
    assert for_boss == Refused("not-found", "Nobody has that code.")
    assert isinstance(seen, PersonView) and seen.charts == ()
    # Their own counsellor may, with or without a case.
    await change(sessions, Participant, someone.id, counsellor_id=counsellor.id)
    await change(sessions, Escalation, case.id, participant_id=None)
    async with sessions() as db, db.begin():
        own = await person_view(db, services, counsellor, someone.code, NOW)
    assert isinstance(own, PersonView) and own.cases == ()
