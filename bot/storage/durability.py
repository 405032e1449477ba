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

SQLite also folds the log back into the database file now and then (a checkpoint: every
thousand pages, about 4 MB, by default), and does it in whichever commit crosses that
size: on the event loop, writing megabytes and waiting for two `fsync`s (measured: one
commit in about 330 of a 3 KB row took 4.5-5 ms instead of under one; on a busy disk,
longer, with every reply held meanwhile). So the bot's connections never checkpoint
(`wal_autocheckpoint=0`, `NO_AUTOMATIC_CHECKPOINT`); after a sync that finds the log past
`FOLD_AFTER_BYTES`, `GroupCommit` folds it on a worker thread with a connection of its
own, a passive checkpoint that waits for nobody and keeps nobody waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from pathlib import Path

import structlog

log = structlog.get_logger()

# At most this long between a commit and the disk, however quiet the bot is.
WITHIN = 0.02
# SQLite's own threshold for folding the log (1,000 pages of 4 KiB).
FOLD_AFTER_BYTES = 4 * 1024 * 1024
# For every connection of an engine with a group commit (`bot.storage.database`).
NO_AUTOMATIC_CHECKPOINT = "PRAGMA wal_autocheckpoint=0"


class GroupCommit:
    def __init__(
        self, database: Path, within: float = WITHIN, fold_after: int = FOLD_AFTER_BYTES
    ) -> None:
        self._database = database
        self._log = database.with_name(database.name + "-wal")
        self._within = within
        self._fold_after = fold_after
        self._folder: sqlite3.Connection | None = None
        self._folding: asyncio.Future[None] | None = None
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
        if self._folding is not None:
            # Its failure, if any, is reported as it ends (`_folded`).
            await asyncio.wait([self._folding])
        if self._folder is not None:
            self._folder.close()
            self._folder = None

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
        if self._folding is None and _size(self._log) > self._fold_after:
            self._folding = asyncio.ensure_future(asyncio.to_thread(self._fold))
            self._folding.add_done_callback(self._folded)

    def _fold(self) -> None:
        """On a worker thread: copy what the log holds into the database file, as far as
        no reader needs it still (a passive checkpoint); the next commit then starts the
        log over."""
        if self._folder is None:
            # Used by one worker thread at a time (`_folding`), never by the loop.
            self._folder = sqlite3.connect(self._database, check_same_thread=False)
        self._folder.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def _folded(self, folding: asyncio.Future[None]) -> None:
        self._folding = None
        if not folding.cancelled() and (error := folding.exception()) is not None:
            # The log grows meanwhile; the next sync past the size tries again.
            log.error("db.fold_failed", error=type(error).__name__)


def _fsync(path: Path) -> None:
    # Opened afresh each time: SQLite may remove the log when its last connection closes
    # (after folding it into the database, which it syncs), or recreate it.
    with contextlib.suppress(FileNotFoundError):
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _report(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and (error := task.exception()) is not None:
        # The next flush, or the poller's, tries again; until then nothing is confirmed.
        log.error("db.sync_failed", error=type(error).__name__)
