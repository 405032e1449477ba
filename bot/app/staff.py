"""Staff in their own chat with the bot: duty, claim, resolve, write to a person.

Staff are never enrolled as participants: once linked (`staff_link`), everything they send
comes here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.domain.messaging import split_for_telegram
from bot.domain.services import Services
from bot.escalation import cases, notes, relay, rota
from bot.escalation import staff as staff_members
from bot.i18n import texts
from bot.outbox import messages
from bot.storage.models import Escalation, OutboxMessage, Participant, Staff

Found = tuple[Escalation, Participant]


async def toggle_duty(db: AsyncSession, app: App, staff: Staff) -> None:
    """/duty: on or off shift. Going on duty shows every open case they may take."""
    await rota.by_hand(db, app.services, staff, not staff.on_duty)


async def list_cases(db: AsyncSession, app: App, staff: Staff) -> None:
    """/cases: the unresolved cases this staff member may work, most urgent first."""
    services = app.services
    found = await cases.open_for(db, staff)
    if not found:
        await say(db, services, staff, texts.STAFF_CASES_NONE)
        return
    locale = staff_members.interface_locale(staff)
    title = services.catalogs.gettext(locale, texts.STAFF_CASES_TITLE)
    lines = [await cases.summary_line(db, services, case, locale) for case in found]
    for page in split_for_telegram(["\n".join([title, *lines])]):
        await staff_members.send(db, services, staff, page)


async def case_button(db: AsyncSession, app: App, staff: Staff, data: str) -> None:
    """Claim or Resolve under a case message, checked like the typed commands: anyone may
    press any button, or forge one."""
    services = app.services
    parsed = cases.parse_button(data)
    case = await db.get(Escalation, parsed[1]) if parsed else None
    if parsed is None or case is None:
        await stale_button(db, app, staff)
        return
    action, _, outcome = parsed
    if case.participant_id is None:
        await say(db, services, staff, texts.STAFF_CASE_ERASED)
        return
    participant = await db.get_one(Participant, case.participant_id)
    if not cases.may_handle(staff, case):
        await say(db, services, staff, texts.STAFF_NOT_YOURS, about=participant)
        return
    if action == cases.CLAIM:
        if await cases.claim(db, services, case, staff):
            await say(db, services, staff, texts.STAFF_CLAIMED, case=case, about=participant)
        else:
            await say(db, services, staff, texts.STAFF_TAKEN)
        return
    if case.status == "resolved":
        return
    if not cases.may_resolve(staff, case):
        await say(db, services, staff, texts.STAFF_SUPERVISOR_RESOLVES, about=participant)
        return
    if outcome is None:
        await _ask_outcome(db, services, staff, case, participant)
        return
    await relay.end(db, services, case, participant, staff)
    await cases.resolve(db, services, case, staff, outcome)
    locale = staff_members.interface_locale(staff)
    worded = services.catalogs.gettext(locale, texts.CASE_OUTCOMES[outcome])
    await say(db, services, staff, texts.STAFF_RESOLVED_AS, about=participant, outcome=worded)


async def _ask_outcome(
    db: AsyncSession, services: Services, staff: Staff, case: Escalation, person: Participant
) -> None:
    """Resolve asks how the case ended, as the console does, so every case has an outcome."""
    locale = staff_members.interface_locale(staff)
    gettext = services.catalogs.gettext
    buttons = [
        (gettext(locale, texts.CASE_OUTCOMES[outcome]), cases.outcome_button(case.id, outcome))
        for outcome in cases.OUTCOMES
    ]
    text = gettext(locale, texts.STAFF_HOW_ENDED) % {"code": person.code}
    await staff_members.send(
        db, services, staff, text, buttons=buttons, case_id=case.id, about=person
    )


async def stale_button(db: AsyncSession, app: App, staff: Staff) -> None:
    """A button that names nothing the bot knows, such as a forged one."""
    await say(db, app.services, staff, texts.STALE_BUTTON)


async def _reply(
    db: AsyncSession, services: Services, staff: Staff, found: Found, text: str
) -> None:
    await _write(db, services, staff, *found, text)


async def _note(
    db: AsyncSession, services: Services, staff: Staff, found: Found, text: str
) -> None:
    case, participant = found
    await notes.add(db, services, case, staff, text)
    await say(db, services, staff, texts.STAFF_NOTE_SAVED, case=case, about=participant)


async def _show(db: AsyncSession, services: Services, staff: Staff, found: Found, _: str) -> None:
    case = found[0]
    summary = await notes.describe(db, services, *found, staff)
    # An unresolved case shown is one to act on: the buttons of its notice come with it.
    labels = {"open": (texts.CASE_CLAIM, texts.CASE_RESOLVE), "claimed": (texts.CASE_RESOLVE,)}
    actions = {texts.CASE_CLAIM: cases.CLAIM, texts.CASE_RESOLVE: cases.RESOLVE}
    locale = staff_members.interface_locale(staff)
    buttons = [
        (services.catalogs.gettext(locale, label), f"{actions[label]}{case.id}")
        for label in labels.get(case.status, ())
    ]
    await staff_members.send(
        db, services, staff, summary, buttons=buttons, case_id=case.id, about=found[1]
    )


async def _end(db: AsyncSession, services: Services, staff: Staff, found: Found, _: str) -> None:
    case, participant = found
    ended = await relay.end(db, services, case, participant, staff)
    said = texts.STAFF_ENDED if ended else texts.STAFF_NOT_TALKING
    await say(db, services, staff, said, case=case, about=participant)


async def _reopen(db: AsyncSession, services: Services, staff: Staff, found: Found, _: str) -> None:
    case, participant = found
    if case.status != "resolved":
        await say(db, services, staff, texts.STAFF_NOT_RESOLVED, about=participant)
        return
    await cases.reopen(db, services, case, staff)
    await say(db, services, staff, texts.STAFF_REOPENED, case=case, about=participant)


@dataclass(frozen=True)
class CaseCommand:
    """`/name CODE [text]`: what it does, whether it needs text, whether a resolved case
    will do (otherwise only an unresolved one)."""

    action: Callable[[AsyncSession, Services, Staff, Found, str], Awaitable[None]]
    text: bool = False
    resolved: bool = False


CASE_COMMANDS = {
    "reply": CaseCommand(_reply, text=True),
    "note": CaseCommand(_note, text=True, resolved=True),
    "case": CaseCommand(_show, resolved=True),
    "end": CaseCommand(_end),
    "reopen": CaseCommand(_reopen, resolved=True),
}


async def case_command(
    db: AsyncSession, app: App, staff: Staff, name: str, args: str | None
) -> None:
    """`/reply`, `/note`, `/case`, `/end`, `/reopen` with a person's code."""
    services = app.services
    spec = CASE_COMMANDS[name]
    code, _, rest = (args or "").strip().partition(" ")
    text = rest.strip()
    if not code or (spec.text and not text):
        await say(db, services, staff, texts.STAFF_HELP)
        return
    found = await cases.by_code(db, code, resolved=spec.resolved)
    if found is None:
        missing = texts.STAFF_NO_CASE_EVER if spec.resolved else texts.STAFF_NO_CASE
        await say(db, services, staff, missing, code=code)
        return
    if not cases.may_handle(staff, found[0]):
        await say(db, services, staff, texts.STAFF_NOT_YOURS, about=found[1])
        return
    await spec.action(db, services, staff, found, text)


async def text_from_staff(
    db: AsyncSession, app: App, staff: Staff, replied_to: int | None, text: str | None
) -> None:
    """A reply to a case message goes to that person; anything else gets a reminder of how."""
    services = app.services
    case = None
    if replied_to is not None:
        # The latest row with that message id: Telegram never reuses one in a chat, but
        # a restarted sandbox's emulator counts its messages from 1 again.
        case_id = await db.scalar(
            select(OutboxMessage.case_id)
            .where(
                OutboxMessage.recipient == staff_members.recipient(staff),
                OutboxMessage.result_message_id == replied_to,
            )
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
        case = await db.get(Escalation, case_id) if case_id else None
    if case is None or case.status == "resolved" or not text:
        await say(db, services, staff, texts.STAFF_HELP)
        return
    participant = await db.get_one(Participant, case.participant_id)
    await _write(db, services, staff, case, participant, text)


async def _write(
    db: AsyncSession,
    services: Services,
    staff: Staff,
    case: Escalation,
    participant: Participant,
    text: str,
) -> None:
    if case.status == "open" and not await cases.claim(db, services, case, staff):
        await say(db, services, staff, texts.STAFF_TAKEN)
        return
    await relay.to_person(db, services, case, participant, staff, text)
    await say(db, services, staff, texts.STAFF_SENT, case=case, about=participant)


async def say(
    db: AsyncSession,
    services: Services,
    staff: Staff,
    text: str,
    case: Escalation | None = None,
    *,
    about: Participant | None = None,
    priority: int = messages.PRIORITY_COUNSELLOR,
    **values: str,
) -> None:
    """Say `text` to a staff member in their language; `about` is the person it names, by
    their code, and whom it is erased with."""
    locale = staff_members.interface_locale(staff)
    translated = services.catalogs.gettext(locale, text)
    if about is not None:
        values["code"] = about.code
    await staff_members.send(
        db,
        services,
        staff,
        translated % values if values else translated,
        case_id=case.id if case else None,
        about=about,
        priority=priority,
    )
