"""A lease on a job that one process at a time may do, such as draining the outbox.

The `leases` row of a job names its holder and when the lease runs out. A process takes
the lease when nobody holds it or it has expired, renews it while it works, and lets it go
when it stops; a process that dies loses it once it expires. Times come from the injected
clock, so the processes' clocks must agree to well within the lease's length.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import Lease


@dataclass
class JobLease:
    sessionmaker: async_sessionmaker[AsyncSession]
    job: str
    clock: Callable[[], datetime]
    seconds: float = 30.0
    renew_every: float = 10.0
    # Random, one per process and job: never a host name or anything else identifying.
    holder: str = field(default_factory=lambda: uuid.uuid4().hex)
    # When the lease runs out, as this process last wrote it; None while it is not ours.
    expires_at: datetime | None = field(default=None, init=False)
    _renewed_at: datetime | None = field(default=None, init=False)

    @property
    def held(self) -> bool:
        """Whether this process believes it holds the lease (`keep` checks it)."""
        return self.expires_at is not None

    async def take(self) -> bool:
        """Take the lease if nobody holds it, it has expired or it is ours already."""
        now = self.clock()
        async with self.sessionmaker() as db, db.begin():
            result = await db.execute(
                update(Lease)
                .where(
                    Lease.job == self.job, or_(Lease.expires_at <= now, Lease.holder == self.holder)
                )
                .values(holder=self.holder, expires_at=self._until(now))
            )
            if _changed(result):
                return self._held_from(now)
            if await db.scalar(select(Lease.holder).where(Lease.job == self.job)) is not None:
                return self._lost()
        try:
            async with self.sessionmaker() as db, db.begin():
                db.add(Lease(job=self.job, holder=self.holder, expires_at=self._until(now)))
        except IntegrityError:
            return self._lost()  # another process inserted it first
        return self._held_from(now)

    async def renew(self) -> bool:
        """Extend the lease if it is still ours: nobody else has taken it since, even if it
        ran out in between. False, and no longer held, when another process has it."""
        now = self.clock()
        async with self.sessionmaker() as db, db.begin():
            result = await db.execute(
                update(Lease)
                .where(Lease.job == self.job, Lease.holder == self.holder)
                .values(expires_at=self._until(now))
            )
        return self._held_from(now) if _changed(result) else self._lost()

    async def keep(self) -> bool:
        """Still ours? Renews the lease once `renew_every` seconds have passed since the
        last renewal, and otherwise answers without asking the database."""
        if self._renewed_at is None:
            return False
        if self.clock() < self._renewed_at + timedelta(seconds=self.renew_every):
            return True
        return await self.renew()

    async def release(self) -> None:
        """Let the lease go, so that another process need not wait for it to expire."""
        self._lost()
        async with self.sessionmaker() as db, db.begin():
            await db.execute(
                delete(Lease).where(Lease.job == self.job, Lease.holder == self.holder)
            )

    def _until(self, now: datetime) -> datetime:
        return now + timedelta(seconds=self.seconds)

    def _held_from(self, now: datetime) -> bool:
        self._renewed_at, self.expires_at = now, self._until(now)
        return True

    def _lost(self) -> bool:
        self._renewed_at = self.expires_at = None
        return False


def _changed(result: Any) -> bool:
    return bool(cast(CursorResult[Any], result).rowcount)
