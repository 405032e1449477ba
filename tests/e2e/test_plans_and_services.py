"""An individual plan, the service directory and a referral, end to end over the emulator:
the counsellor's side through the use cases the console calls, the person's in the chat."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import plans, referrals
from bot.app.context import App
from bot.directory import local_services
from bot.directory.local_services import ServiceData
from bot.i18n import texts
from bot.jobs import care_once
from bot.sandbox.emulator import BotApiEmulator
from bot.scheduling.individual import Checkin
from bot.storage.models import Participant, Referral, Schedule, Staff
from tests.support.chat import forge, wait_for_bot
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.staff import linked

JOBS = ServiceData(
    "work", "KZ", "Job centre", "+7 727 111 11 11", ("ru", "en"), region="Almaty", hours="9-18"
)


async def test_a_plan_services_and_a_referral_reach_the_person(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5559101, "Aigul", languages=("en",))
    person = emu.add_user(5559102, "Madina")
    await onboard_in(person, "en", country="KZ")

    [none] = await person.send("/plan")
    assert none.text == texts.CARE_PLAN_NONE
    # The bot loaded the sample directory at start: Kazakhstan's entry, not yet verified.
    [sample] = await person.send("/services")
    assert [b["text"] for b in sample.buttons()] == ["Social support"]
    [sample_card] = await person.tap("Social support")
    assert texts.SERVICE_NOT_VERIFIED in sample_card.text

    assembly = bot.assembly
    app = App(assembly.services, assembly.risk)
    now = assembly.clock.now()
    async with assembly.sessionmaker() as db, db.begin():
        service = await local_services.add(db, JOBS, now)
        someone = await db.scalar(select(Participant))
        staff = await db.scalar(select(Staff))
        assert someone is not None and staff is not None
        someone.counsellor_id = staff.id  # as claiming their first case makes them
        someone.quiet_hours = "off"  # the follow-up below comes at any hour the test runs
        await plans.set_plan(
            db,
            app,
            staff,
            someone,
            goals="Find work near home",
            checkin=Checkin("checkin-wellbeing", 14, 26, now.date()),
            review_on=now.date() + timedelta(days=28),
        )
        await plans.assign_modules(db, app, staff, someone, ["sleep"])
        agreed = await db.scalar(select(Schedule).where(Schedule.kind == "plan"))
    assert agreed is not None and agreed.flow == "checkin-wellbeing"

    [shown] = await person.send("/plan")
    assert shown.text.startswith(texts.CARE_PLAN_TITLE)
    assert "Find work near home" in shown.text and "every 2 weeks" in shown.text
    [module] = shown.buttons()
    opened = await person.tap(module["text"])
    assert opened, "the plan's module button opens the module"

    [menu] = await person.send("/services")
    assert menu.text == texts.SERVICES_TITLE
    assert [b["text"] for b in menu.buttons()] == ["Work", "Social support"]
    [card] = await person.tap("Work")
    assert card.text.startswith("Job centre\n(Work)") and "Contact: +7 727 111 11 11" in card.text
    [stale, *_] = await forge(emu, person, "svc:c:nothing")
    assert stale.text == texts.STALE_BUTTON

    before = len(person.messages())
    async with assembly.sessionmaker() as db, db.begin():
        await referrals.refer(
            db,
            app,
            await db.get_one(Staff, staff.id),
            await db.get_one(Participant, someone.id),
            service.id,
        )
    [referred] = await wait_for_bot(person, before)
    assert referred.text.startswith(texts.REFERRAL_INTRO) and "Job centre" in referred.text

    assembly.clock.advance(timedelta(days=7, minutes=1))
    before = len(person.messages())
    await care_once(assembly.sessionmaker, assembly.services)
    [question] = await wait_for_bot(person, before)
    assert "Job centre" in question.text
    told = len(counsellor.messages())
    await person.tap(texts.REFERRAL_REACHED)
    async with assembly.sessionmaker() as db:
        answered = await db.scalar(select(Referral))
    assert answered is not None and answered.outcome == "reached"
    [word] = await wait_for_bot(counsellor, told)
    assert word.text.endswith("about Job centre: reached them")
