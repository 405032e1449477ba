from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import aad
from bot.storage.crypto import Cipher, pseudonym, short_code
from bot.storage.models import (
    Answer,
    Base,
    FlowState,
    OutboxMessage,
    OutboxStatus,
    Participant,
    ProcessedUpdate,
)

Sessions = async_sessionmaker[AsyncSession]
CIPHER = Cipher(bytes(range(32)))
PSEUDONYM_KEY = b"p" * 32
# Not UTC on purpose: stored values must come back as the same instant, in UTC.
ALMATY = timezone(timedelta(hours=5))


def _participant(telegram_user_id: int = 42, chat_id: int = 4242) -> Participant:
    key = pseudonym(PSEUDONYM_KEY, telegram_user_id)
    return Participant(
        key=key,
        code=short_code(random.Random(telegram_user_id)),
        log_salt=bytes(16),
        chat_enc=CIPHER.encrypt(str(chat_id).encode(), aad.participant_chat(key)),
        locale="ru",
        role="caregiver",
        age_band="adult",
        child_age_band="6-12",
        gender="female",
        country="KZ",
        timezone="Asia/Almaty",
        checkin_time="19:30",
        consented_at=datetime(2025, 3, 1, 12, 0, tzinfo=ALMATY),
    )


async def _add(sessions: Sessions, *rows: Base) -> None:
    async with sessions() as db, db.begin():
        db.add_all(rows)


async def _with_children(sessions: Sessions) -> Participant:
    """A participant with a flow state, an answer and an outbox row."""
    person = _participant()
    await _add(sessions, person)
    await _add(
        sessions,
        FlowState(
            participant_id=person.id,
            flow="daily-checkin",
            state_enc=CIPHER.encrypt_json({"step": "mood"}, aad.flow_state(person.id)),
        ),
        Answer(participant_id=person.id, flow="daily-checkin", step="mood", var="mood", value=3),
        OutboxMessage(
            recipient=f"p:{person.id}",
            participant_id=person.id,
            method="sendMessage",
            payload_enc=CIPHER.encrypt_json(
                {"chat_id": 4242, "text": "Thank you"}, aad.outbox_payload(f"p:{person.id}")
            ),
        ),
    )
    return person


async def _count(db: AsyncSession, model: type[Base]) -> int:
    return int(await db.scalar(select(func.count()).select_from(model)) or 0)


async def test_participant_round_trip(sessions: Sessions) -> None:
    person = _participant()
    await _add(sessions, person)
    async with sessions() as db:
        stored = await db.scalar(select(Participant).where(Participant.key == person.key))
    assert stored is not None
    assert CIPHER.decrypt(stored.chat_enc, aad.participant_chat(stored.key)) == b"4242"
    assert (stored.locale, stored.timezone, stored.checkin_time) == ("ru", "Asia/Almaty", "19:30")
    assert stored.consented_at == datetime(2025, 3, 1, 7, 0, tzinfo=UTC)
    assert stored.consented_at.tzinfo is UTC
    assert stored.created_at.tzinfo is UTC
    assert abs(stored.created_at - datetime.now(UTC)) < timedelta(minutes=1)


async def test_participant_key_and_code_are_unique(sessions: Sessions) -> None:
    await _add(sessions, _participant(telegram_user_id=1))
    with pytest.raises(IntegrityError):
        await _add(sessions, _participant(telegram_user_id=1, chat_id=9))


async def test_flow_state_answer_and_outbox_round_trip(sessions: Sessions) -> None:
    person = await _with_children(sessions)
    async with sessions() as db:
        state = await db.get(FlowState, person.id)
        answer = await db.scalar(select(Answer))
        message = await db.scalar(select(OutboxMessage))
    assert state is not None and answer is not None and message is not None
    assert CIPHER.decrypt_json(state.state_enc, aad.flow_state(person.id)) == {"step": "mood"}
    assert (answer.var, answer.value, answer.text_enc) == ("mood", 3, None)
    payload = CIPHER.decrypt_json(message.payload_enc, aad.outbox_payload(message.recipient))
    assert payload == {"chat_id": 4242, "text": "Thank you"}
    assert (message.status, message.priority, message.attempts) == ("pending", 0, 0)
    assert message.status == OutboxStatus.PENDING
    assert message.not_before.tzinfo is UTC
    assert (message.sent_at, message.last_error, message.result_message_id) == (None, None, None)


async def test_free_text_answer_is_encrypted_with_expiry(sessions: Sessions) -> None:
    person = _participant()
    await _add(sessions, person)
    expires = datetime(2025, 6, 1, tzinfo=UTC)
    sealed = CIPHER.encrypt(b"I can't sleep", aad.answer_text(person.id))
    await _add(
        sessions,
        Answer(
            participant_id=person.id,
            flow="f",
            step="s",
            var="note",
            text_enc=sealed,
            expires_at=expires,
        ),
    )
    async with sessions() as db:
        answer = await db.scalar(select(Answer))
        # None is SQL NULL, not JSON null, so "has no value" is an ordinary query.
        without_value = await db.scalar(
            select(func.count()).select_from(Answer).where(Answer.value.is_(None))
        )
    assert answer is not None and answer.text_enc is not None
    assert CIPHER.decrypt(answer.text_enc, aad.answer_text(person.id)) == b"I can't sleep"
    assert answer.expires_at == expires
    assert without_value == 1


async def test_outbox_status_is_checked(sessions: Sessions) -> None:
    person = _participant()
    await _add(sessions, person)
    with pytest.raises(IntegrityError):
        await _add(
            sessions,
            OutboxMessage(recipient="p:1", method="sendMessage", payload_enc=b"x", status="lost"),
        )


async def test_outbox_due_rows_come_in_priority_then_insertion_order(sessions: Sessions) -> None:
    now = datetime.now(UTC)
    rows = [
        OutboxMessage(recipient="s:1", method="sendMessage", payload_enc=b"a", priority=5),
        OutboxMessage(recipient="s:1", method="sendMessage", payload_enc=b"b", priority=0),
        OutboxMessage(recipient="s:2", method="sendMessage", payload_enc=b"c", priority=5),
        OutboxMessage(
            recipient="s:2",
            method="sendMessage",
            payload_enc=b"later",
            not_before=now + timedelta(hours=1),
        ),
    ]
    for row in rows:  # one at a time, so ids follow list order
        await _add(sessions, row)
    now = datetime.now(UTC)
    async with sessions() as db:
        due = await db.scalars(
            select(OutboxMessage.payload_enc)
            .where(OutboxMessage.status == "pending", OutboxMessage.not_before <= now)
            .order_by(OutboxMessage.priority, OutboxMessage.id)
        )
        assert list(due) == [b"b", b"a", b"c"]


async def test_processed_update_is_unique(sessions: Sessions) -> None:
    big = 2**40  # update ids outgrow 32 bits
    await _add(sessions, ProcessedUpdate(update_id=big))
    async with sessions() as db:
        stored = await db.get(ProcessedUpdate, big)
    assert stored is not None and stored.processed_at.tzinfo is UTC
    with pytest.raises(IntegrityError):
        await _add(sessions, ProcessedUpdate(update_id=big))


async def test_naive_datetime_is_refused(sessions: Sessions) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        await _add(sessions, ProcessedUpdate(update_id=1, processed_at=datetime(2025, 1, 1)))


@pytest.mark.parametrize("how", ["statement", "orm"])
async def test_deleting_a_participant_removes_everything_of_theirs(
    sessions: Sessions, how: str
) -> None:
    person = await _with_children(sessions)
    other = _participant(telegram_user_id=7, chat_id=77)
    await _add(sessions, other)
    await _add(sessions, Answer(participant_id=other.id, flow="f", step="s", var="mood", value=5))
    async with sessions() as db, db.begin():
        if how == "statement":
            await db.execute(delete(Participant).where(Participant.id == person.id))
        else:
            await db.delete(await db.get_one(Participant, person.id))
    async with sessions() as db:
        assert await _count(db, FlowState) == 0
        assert await _count(db, OutboxMessage) == 0
        assert await db.scalar(select(Answer.participant_id)) == other.id
        assert await _count(db, Answer) == 1


def test_no_telegram_identity_is_stored() -> None:
    """Privacy guard: adding a column here is a design decision, not a drive-by change."""
    columns = {c.name for c in Participant.__table__.columns}
    assert columns == {
        "id",
        "key",
        "code",
        "log_salt",
        "chat_enc",
        "locale",
        "role",
        "age_band",
        "relationship",
        "children",
        "child_age_band",
        "gender",
        "country",
        "timezone",
        "checkin_time",
        "checkin_days",
        "quiet_hours",
        "reminders",
        "paused_until",
        "unreachable_at",
        "counsellor_gender",
        "counsellor_id",
        "discreet",
        "clear_after",
        "consented_at",
        "simulated",
        "created_at",
        "updated_at",
    }
    forbidden = ("user_id", "username", "name", "phone", "language_code", "photo", "chat_id")
    for table in Base.metadata.tables.values():
        for column in table.columns:
            if (table.name, column.name) == ("staff", "name_enc"):
                # A staff member's name, typed by an admin for colleagues, encrypted: staff
                # data, never a participant's Telegram identity.
                continue
            if (table.name, column.name) == ("services", "name"):
                # An organisation's public name in the service directory: nobody's identity.
                continue
            assert not any(word in column.name for word in forbidden), (table.name, column.name)
