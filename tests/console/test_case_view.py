"""The case page: who may see it, what it shows in words, the conversation decrypted and
every view audited."""

from __future__ import annotations

from datetime import timedelta

from bot.app.console import actions
from bot.app.console.case_view import CaseView, case_view
from bot.app.console.reading import Refused
from bot.domain.services import Services
from bot.escalation import relay
from bot.storage.models import Escalation, Participant
from tests.console.support import audit_rows, change, reader
from tests.escalation.conftest import NOW, Raise, Sessions, clocked, member, person


async def test_a_counsellor_reads_their_case_in_words_in_their_zone_and_the_view_is_audited(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await reader(sessions, services, timezone="Asia/Almaty")
    someone = await person(
        sessions, services, age_band="adult", role="caregiver", child_age_band="6-12", country="KZ"
    )
    case = await raise_for(someone, "medium", "abuse.ru.beats")
    later = NOW + timedelta(minutes=10)
    await raise_for(someone, "high", "suicide.ru.want_to_die", at=later)
    then = clocked(services, later)
    async with sessions() as db, db.begin():
        assert isinstance(await actions.claim(db, then, counsellor, case.id), actions.Done)
        await actions.reply(db, then, counsellor, case.id, "Здравствуйте, я рядом.")
        await actions.note(db, then, counsellor, case.id, "Первый контакт.")
        found = await db.get_one(Escalation, case.id)
        await relay.from_person(
            db, then, found, await db.get_one(Participant, someone.id), "Спасибо"
        )
    before = len(await audit_rows(sessions))
    async with sessions() as db, db.begin():
        view = await case_view(db, services, counsellor, case.id, later)
    assert isinstance(view, CaseView)
    assert view.case.severity == "high" and view.case.status == "claimed"
    assert view.case.holder is not None and view.case.holder.code == counsellor.code
    assert view.case.code == someone.code
    assert view.profile is not None
    assert view.profile.age_band == "an adult"
    assert view.profile.writes_about == "writes about a child aged 6-12"
    assert (view.profile.country, view.profile.language) == ("Kazakhstan", "Русский")
    assert view.words == "не хочу жить"
    assert [entry.text for entry in view.timeline] == [
        "Case opened, Medium: violence, threats or abuse",
        "Severity raised to High: thoughts of suicide or of not wanting to live",
        f"Claimed by {counsellor.code}",
    ]
    # Asia/Almaty is UTC+5: the reader sees their own clock, with the zone named.
    assert view.timeline[0].at.text == "2026-11-20 14:00 Asia/Almaty"
    assert view.timeline[0].at.iso == "2026-11-20T09:00:00+00:00"
    assert [(m.kind, m.staff, m.text) for m in view.relay] == [
        ("to_person", counsellor.code, "Здравствуйте, я рядом."),
        ("note", counsellor.code, "Первый контакт."),
        ("from_person", None, "Спасибо"),
    ]
    assert view.actions == {"note", "reply", "resolve", "transfer"}
    rows = await audit_rows(sessions)
    assert rows[before:] == [("viewed", counsellor.id, case.id, {"in": "console"})]
    # What was said, written or noted is nowhere in the audit log.
    logged = repr(rows)
    assert not any(said in logged for said in ("рядом", "контакт", "Спасибо", "жить"))


async def test_a_colleagues_case_is_refused_unread_and_unaudited(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    holder = await reader(sessions, services)
    other = await reader(sessions, services)
    case = await raise_for(await person(sessions, services), "high")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, holder, case.id)
    before = await audit_rows(sessions)
    async with sessions() as db, db.begin():
        refused = await case_view(db, services, other, case.id, NOW)
        missing = await case_view(db, services, other, case.id + 1000, NOW)
    assert refused == Refused(
        "forbidden", "This case is a colleague's; ask a supervisor if you need it."
    )
    assert isinstance(missing, Refused) and missing.reason == "not-found"
    assert await audit_rows(sessions) == before


async def test_an_unclaimed_case_is_open_to_any_counsellor_and_offers_claim(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    await reader(sessions, services)  # the one assignment picks
    other = await reader(sessions, services)
    case = await raise_for(await person(sessions, services), "medium", "abuse.ru.beats")
    async with sessions() as db, db.begin():
        view = await case_view(db, services, other, case.id, NOW + timedelta(hours=25))
    assert isinstance(view, CaseView)
    assert view.actions == {"claim", "note", "reply", "resolve"}
    assert view.case.deadline is not None
    assert view.case.deadline.missed and view.case.deadline.minutes_left == -60


async def test_felt_unsafe_is_for_supervisors_alone(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await reader(sessions, services)
    boss = await reader(sessions, services, "supervisor")
    case = await raise_for(await person(sessions, services), "medium", "abuse.ru.beats")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, counsellor, case.id)
    await change(sessions, Escalation, case.id, felt_unsafe=True)
    async with sessions() as db, db.begin():
        refused = await case_view(db, services, counsellor, case.id, NOW)
        seen = await case_view(db, services, boss, case.id, NOW)
    assert isinstance(refused, Refused) and refused.reason == "forbidden"
    assert isinstance(seen, CaseView)
    assert seen.case.flags.felt_unsafe and seen.case.flag_words == ("felt unsafe",)


async def test_the_timeline_tells_hand_overs_outcomes_and_reopening(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    first = await reader(sessions, services)
    second = await reader(sessions, services)
    case = await raise_for(await person(sessions, services), "low", "missed-checkins")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, first, case.id)
        await actions.transfer(db, services, first, case.id, second.code)
        await actions.claim(db, services, second, case.id)
        await actions.resolve(db, services, second, case.id, "referred")
    async with sessions() as db, db.begin():
        await actions.reopen(db, clocked(services, NOW + timedelta(hours=1)), second, case.id)
    async with sessions() as db, db.begin():
        view = await case_view(db, services, second, case.id, NOW)
    assert isinstance(view, CaseView)
    assert [entry.text for entry in view.timeline] == [
        "Case opened, Low: missed several check-ins in a row",
        f"Claimed by {first.code}",
        f"{first.code} handed it to {second.code}",
        f"Claimed by {second.code}",
        f"Resolved by {second.code}: Referred to a service",
        f"Reopened by {second.code}",
    ]
    assert view.case.flag_words == ("reopened",) and view.case.outcome is None


async def test_an_erased_persons_case_shows_its_stub_and_offers_nothing(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    boss = await reader(sessions, services, "supervisor")
    case = await raise_for(await person(sessions, services), "critical")
    await change(
        sessions,
        Escalation,
        case.id,
        participant_id=None,
        status="resolved",
        outcome="erased",
        evidence_enc=None,
        resolved_at=NOW,
    )
    async with sessions() as db, db.begin():
        view = await case_view(db, services, boss, case.id, NOW)
    assert isinstance(view, CaseView)
    assert view.profile is None and view.charts == () and view.words is None
    assert view.case.code is None and view.case.flag_words == ("erased",)
    assert view.case.outcome == "The person deleted their data"
    assert view.actions == frozenset()


async def test_a_staff_member_reads_the_case_in_their_own_language(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    russian = await member(sessions, services)  # reads Russian
    case = await raise_for(await person(sessions, services), "low", "missed-checkins")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, russian, case.id)
        view = await case_view(db, services, russian, case.id, NOW)
    assert isinstance(view, CaseView)
    assert (view.case.severity_words, view.case.status_words) == ("Низкий", "Взято")
    assert view.timeline[-1].text == f"Взял(а): {russian.code}"


async def test_a_caregivers_tie_and_every_childs_age_band_are_read_without_names(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await reader(sessions, services)
    someone = await person(
        sessions,
        services,
        age_band="adult",
        role="caregiver",
        relationship="grandparent",
        children="6-12,0-5",
        child_age_band="0-5",
    )
    case = await raise_for(someone, "medium", "child-severe-distress")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, counsellor, case.id)
        view = await case_view(db, services, counsellor, case.id, NOW)
    assert isinstance(view, CaseView) and view.profile is not None
    assert view.profile.writes_about == (
        "grandparent · writes about children aged 6-12, 0-5 · last spoke about the child aged 0-5"
    )
    assert view.timeline[0].text == (
        "Case opened, Medium: their child sleeps badly, hardly plays and is often afraid "
        "(check-in about the child)"
    )
