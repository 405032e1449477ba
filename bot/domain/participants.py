"""Finding and enrolling people by pseudonym; erasing them."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.services import Services
from bot.storage import aad, crypto
from bot.storage.crypto import pseudonym, short_code
from bot.storage.models import OutboxMessage, Participant


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
        chat_enc=services.cipher.encrypt(str(chat_id).encode(), aad.participant_chat(key)),
        created_at=now,
        updated_at=now,
    )
    db.add(participant)
    await db.flush()
    return participant


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


async def forget(db: AsyncSession, participant: Participant) -> None:
    """Erase the person. Goodbye messages already queued still go out: they hold no link back."""
    await db.execute(
        update(OutboxMessage)
        .where(OutboxMessage.participant_id == participant.id, OutboxMessage.status == "pending")
        .values(participant_id=None)
    )
    await db.execute(delete(Participant).where(Participant.id == participant.id))


def log_tag(participant: Participant) -> str:
    """The person as log lines name them (`crypto.log_tag`): never their code."""
    return crypto.log_tag(participant.log_salt, participant.code)


def heard_from(participant: Participant) -> None:
    """The person wrote to the bot, so a block they lifted no longer holds their messages."""
    if participant.unreachable_at is not None:
        participant.unreachable_at = None
