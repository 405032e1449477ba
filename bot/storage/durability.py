"""On SQLite, the bot's replies reach the disk together, and before Telegram is told.

A commit with SQLite's `synchronous=FULL` waits for the disk (`fsync` of the write-ahead
log): 0.25 to 0.8 ms on this kind of machine, with the event loop stopped, for each of the
one or two commits of every reply. On the throughput bench (issue #17) that was a sixth
of the bot's time. What must survive a power cut is narrower: an update Telegram has been
told was handled (the next `getUpdates` confirms it, and Telegram forgets it), and what
the sender did in a person's chat (the trace quick exit deletes by).

So the sessions of the handlers and the sender (`sqlite_driver.ON_LOOP`) commit with
`synchronous=NORMAL`, which writes the log without waiting for the disk and, after a power
cut, keeps the database whole but may lose its last commits; `GroupCommit` then makes the
log durable with one `fsync` on a worker thread for all of them: within `WITHIN` seconds of
a commit, and always before the poller confirms an update (`durable`). A lost commit is
therefore always one of an update Telegram sends again. Every other session (the console,
the jobs, the `qadam` commands) keeps `synchronous=FULL`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from pathlib import Path

import structlog

log = structlog.get_logger()

# At most this long between a commit and the disk, however quiet the bot is.
WITHIN = 0.02


class GroupCommit:
    def __init__(self, database: Path, within: float = WITHIN) -> None:
        self._log = database.with_name(database.name + "-wal")
        self._within = within
        self._committed = 0
        self._synced = 0
        self._syncing: asyncio.Future[None] | None = None
        self._timer: asyncio.TimerHandle | None = None

    @property
    def pending(self) -> bool:
        """Commits not yet known to be on disk."""
        return self._synced < self._committed

    def committed(self) -> None:
        """A commit was made without waiting for the disk (on the event loop's thread)."""
        self._committed += 1
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self._within, self._flush)

    async def durable(self) -> None:
        """Return once every commit made so far is on disk; OSError if it could not be."""
        target = self._committed
        while self._synced < target:
            if self._syncing is None:
                self._syncing = asyncio.ensure_future(self._sync())
            await asyncio.shield(self._syncing)

    async def stop(self) -> None:
        """As the bot stops: everything committed is made durable, and no sync is left
        scheduled for a loop that is about to close."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        await self.durable()

    def _flush(self) -> None:
        self._timer = None
        task = asyncio.ensure_future(self.durable())
        task.add_done_callback(_report)

    async def _sync(self) -> None:
        upto = self._committed
        try:
            await asyncio.to_thread(_fsync, self._log)
            self._synced = max(self._synced, upto)
        finally:
            self._syncing = None


def _fsync(path: Path) -> None:
    # Opened afresh each time: SQLite may remove the log when its last connection closes
    # (after folding it into the database, which it syncs), or recreate it.
    with contextlib.suppress(FileNotFoundError):
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _report(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and (error := task.exception()) is not None:
        # The next flush, or the poller's, tries again; until then nothing is confirmed.
        log.error("db.sync_failed", error=type(error).__name__)
