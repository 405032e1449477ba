"""Finding and enrolling people by pseudonym; erasing them."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.services import Services
from bot.outbox.queue import decode_payload, withdraw
from bot.storage import aad, crypto
from bot.storage.crypto import pseudonym, short_code
from bot.storage.database import note_erasure
from bot.storage.models import OutboxMessage, OutboxStatus, Participant


async def find(db: AsyncSession, services: Services, telegram_user_id: int) -> Participant | None:
    key = pseudonym(services.keys.pseudonym, telegram_user_id)
    return await db.scalar(select(Participant).where(Participant.key == key))


async def enrol(
    db: AsyncSession, services: Services, telegram_user_id: int, chat_id: int
) -> Participant:
    """A new participant: a pseudonym, a staff-facing code and the encrypted chat id only."""
    code = short_code(services.rng)
    while await db.scalar(select(Participant.id).where(Participant.code == code)) is not None:
        code = short_code(services.rng)
    now = services.clock()
    key = pseudonym(services.keys.pseudonym, telegram_user_id)
    participant = Participant(
        key=key,
        code=code,
        log_salt=services.rng.randbytes(crypto.LOG_SALT_SIZE),
        simulated=services.simulated,
        chat_enc=services.cipher.encrypt(str(chat_id).encode(), aad.participant_chat(key)),
        created_at=now,
        updated_at=now,
    )
    db.add(participant)
    await db.flush()
    return participant


# The outbox address of messages still going to someone who erased themselves.
GONE = "gone:"


def recipient(participant: Participant) -> str:
    return recipient_of(participant.id)


def recipient_of(participant_id: int) -> str:
    """The outbox address of a person: per-chat order and limits, no Telegram id."""
    return f"p:{participant_id}"


def chat_id(services: Services, participant: Participant) -> int:
    return chat_from(services, participant.key, participant.chat_enc)


def chat_from(services: Services, key: str, chat_enc: bytes) -> int:
    """The chat id sealed in a participant row's `chat_enc`, given the row's `key`."""
    return int(services.cipher.decrypt(chat_enc, aad.participant_chat(key)).decode())


async def forget(db: AsyncSession, services: Services, participant: Participant) -> None:
    """Erase the person; the database removes what hangs off their row (ON DELETE CASCADE).

    Messages still queued for them (the goodbye) go out, readdressed to a recipient made up
    for this once: their old address names their row id, which SQLite may give to the next
    person enrolled, whose messages would then wait behind these, or fail with them.
    """
    gone = f"{GONE}{services.rng.getrandbits(64):016x}"
    await withdraw(db)
    queued = await db.scalars(
        select(OutboxMessage).where(
            OutboxMessage.participant_id == participant.id,
            OutboxMessage.status == OutboxStatus.PENDING,
        )
    )
    for row in queued:
        payload = decode_payload(services.cipher, row)
        row.payload_enc = services.cipher.encrypt_json(payload, aad.outbox_payload(gone))
        row.recipient, row.participant_id = gone, None
    await db.flush()
    await db.execute(delete(Participant).where(Participant.id == participant.id))
    note_erasure(db)


def log_tag(participant: Participant) -> str:
    """The person as log lines name them (`crypto.log_tag`): never their code."""
    return crypto.log_tag(participant.log_salt, participant.code)


def heard_from(participant: Participant) -> None:
    """The person wrote to the bot, so a block they lifted no longer holds their messages."""
    if participant.unreachable_at is not None:
        participant.unreachable_at = None
