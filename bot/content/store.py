"""Reading and writing content revisions and publications."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import ContentPublication, ContentRevision


async def marker(db: AsyncSession) -> int:
    """The newest publication's id, 0 before any: a process reloads when it grows."""
    found = await db.scalar(select(func.max(ContentPublication.id)))
    return int(found or 0)


async def live(db: AsyncSession) -> dict[str, ContentRevision]:
    """The published revision of every name."""
    newest = (
        select(func.max(ContentPublication.id)).group_by(ContentPublication.name).scalar_subquery()
    )
    rows = await db.scalars(
        select(ContentRevision)
        .join(ContentPublication, ContentPublication.revision_id == ContentRevision.id)
        .where(ContentPublication.id.in_(newest))
        .order_by(ContentRevision.name)
    )
    return {row.name: row for row in rows}


async def live_one(db: AsyncSession, name: str) -> ContentRevision | None:
    return await db.scalar(
        select(ContentRevision)
        .join(ContentPublication, ContentPublication.revision_id == ContentRevision.id)
        .where(ContentPublication.name == name)
        .order_by(ContentPublication.id.desc())
        .limit(1)
    )


async def revisions(db: AsyncSession, name: str | None = None) -> Sequence[ContentRevision]:
    """Every revision of `name` (or of everything), newest first."""
    query = select(ContentRevision).order_by(ContentRevision.id.desc())
    if name is not None:
        query = query.where(ContentRevision.name == name)
    return (await db.scalars(query)).all()


async def newest(db: AsyncSession, name: str) -> ContentRevision | None:
    """The last revision saved of `name`, draft or not; a discarded draft is not counted."""
    return await db.scalar(
        select(ContentRevision)
        .where(ContentRevision.name == name, ContentRevision.state != "discarded")
        .order_by(ContentRevision.id.desc())
        .limit(1)
    )


async def publications(db: AsyncSession, name: str) -> Sequence[ContentPublication]:
    rows = await db.scalars(
        select(ContentPublication)
        .where(ContentPublication.name == name)
        .order_by(ContentPublication.id.desc())
    )
    return rows.all()
