"""Content in versioned revisions: save a draft, publish it (checked), approve a
safety-critical change, roll back, compare, and reload what the bot says while it runs.

Every function takes the caller's transaction and writes nothing on refusal. The errors
carry structured fields for the console to word in the staff member's language; their
English text, for the command line, says what to do next.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.content import store, tree
from bot.content.changes import (
    Change,
    Summary,
    content_hash,
    diff,
    is_safety_critical,
    summarise,
)
from bot.spec.errors import FlowSpecError, Problem
from bot.spec.parse import read_yaml
from bot.storage.models import ContentPublication, ContentRevision

log = structlog.get_logger()

# Authors that are not staff members: the command line, and the first import of `flows/`.
CLI = "cli"
SEED = "seed"


class RevisionError(Exception):
    """A content change was refused; the message says what to do instead."""


class NotPublishable(RevisionError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(
            f"not published: {len(self.problems)} problem(s); nothing changed for anyone. "
            f"Fix them (`qadam flows check` shows the same) and publish again:\n{lines}"
        )


class StaleBase(RevisionError):
    """Someone else saved a newer revision since the editor opened `base_id`."""

    def __init__(self, name: str, base_id: int | None, newer: ContentRevision) -> None:
        self.name, self.base_id = name, base_id
        self.newer_id, self.newer_author, self.newer_at = newer.id, newer.author, newer.created_at
        super().__init__(
            f"not saved: {newer.author} saved revision {newer.id} of {name} at "
            f"{newer.created_at:%Y-%m-%d %H:%M} UTC since you opened "
            f"{'revision ' + str(base_id) if base_id else 'it'}; open their revision, "
            "apply your change to it, and save again"
        )


class SelfApproval(RevisionError):
    def __init__(self, revision: ContentRevision) -> None:
        self.revision_id, self.author = revision.id, revision.author
        who = "the command line" if revision.author == CLI else "its author"
        super().__init__(
            f"revision {revision.id} of {revision.name} cannot be approved by {who}: a "
            "safety-critical change needs a second staff member. Ask another admin to "
            "approve it in the console (Content, Revisions)"
        )


class UnknownRevision(RevisionError, LookupError):
    def __init__(self, name: str | None, revision_id: int) -> None:
        self.name, self.revision_id = name, revision_id
        of = f" of {name}" if name else ""
        hint = f"`qadam flows revisions {name}`" if name else "`qadam flows revisions`"
        super().__init__(f"there is no revision {revision_id}{of}; {hint} lists them")


class NotWaiting(RevisionError):
    def __init__(self, revision: ContentRevision) -> None:
        self.revision_id, self.state = revision.id, revision.state
        super().__init__(f"revision {revision.id} is not waiting for approval ({revision.state})")


class NotADraft(RevisionError):
    def __init__(self, revision: ContentRevision) -> None:
        self.revision_id = revision.id
        super().__init__(
            f"revision {revision.id} is not your draft; only your drafts are discarded"
        )


@dataclass(frozen=True)
class Revision:
    """One revision as staff and the command line see it."""

    id: int
    name: str
    content_hash: str
    author: str
    created_at: datetime
    note: str | None
    # Against `base_id`, the revision it was made from (None: the first of its name).
    summary: Summary | None
    base_id: int | None
    state: str
    safety: bool
    approved_by: str | None
    live: bool


@dataclass(frozen=True)
class Published:
    """What a publish did: which revisions went live, and which wait for approval."""

    live: tuple[Revision, ...]
    waiting: tuple[Revision, ...]
    unchanged: tuple[str, ...]


async def revisions(db: AsyncSession, name: str | None = None) -> list[Revision]:
    """Every revision of `name` (or of everything), newest first."""
    live = {row.id for row in (await store.live(db)).values()}
    return [_view(row, row.id in live) for row in await store.revisions(db, name)]


async def get(db: AsyncSession, revision_id: int) -> tuple[Revision, str]:
    """A revision and its text."""
    row = await _row(db, None, revision_id)
    current = await store.live_one(db, row.name)
    return _view(row, current is not None and current.id == row.id), row.body


async def live_text(db: AsyncSession, name: str) -> tuple[Revision, str] | None:
    """The published revision of `name` and its text, where the editor starts from."""
    row = await store.live_one(db, name)
    return None if row is None else (_view(row, True), row.body)


async def check_text(
    db: AsyncSession, name: str, body: str, locales: Sequence[str]
) -> list[Problem]:
    """The problems publishing `body` as `name` would meet, checked with everything live."""
    return await _check(await store.live(db), {name: body}, locales)


async def save_draft(
    db: AsyncSession,
    name: str,
    body: str,
    *,
    base_id: int | None,
    author: str,
    now: datetime,
    locales: Sequence[str],
    note: str | None = None,
) -> tuple[Revision, list[Problem]]:
    """Keep a draft apart from what is published, with the problems publishing it would
    meet. Refused when someone else saved a newer revision since `base_id`."""
    await _refuse_stale(db, name, base_id, author)
    live = await store.live(db)
    problems = await _check(live, {name: body}, locales)
    base = await db.get(ContentRevision, base_id) if base_id is not None else live.get(name)
    row = _new(name, body, base, author=author, note=note, now=now)
    db.add(row)
    await db.flush()
    return _view(row, False), problems


async def publish(
    db: AsyncSession,
    files: Mapping[str, str],
    *,
    author: str,
    now: datetime,
    locales: Sequence[str],
    note: str | None = None,
) -> Published:
    """Publish new texts of content files by name, checked as one set with everything
    already live. Safety-critical changes wait for a second staff member."""
    live = await store.live(db)
    changed = {
        name: body
        for name, body in files.items()
        if name not in live or live[name].content_hash != content_hash(body)
    }
    rows = [
        _new(name, body, live.get(name), author=author, note=note, now=now)
        for name, body in changed.items()
    ]
    released = await _release(db, live, rows, by=author, now=now, locales=locales)
    return replace(released, unchanged=tuple(name for name in files if name not in changed))


async def publish_text(
    db: AsyncSession,
    name: str,
    body: str,
    *,
    base_id: int | None,
    author: str,
    now: datetime,
    locales: Sequence[str],
) -> Published:
    """Publish an edited text made from revision `base_id`, checked; on any problem
    nothing is written, not even a draft (NotPublishable), so that a failed publish never
    leaves a broken text for the editor to open next time. Refused like a save when
    someone else saved a newer revision since `base_id`."""
    await _refuse_stale(db, name, base_id, author)
    live = await store.live(db)
    if name in live and live[name].content_hash == content_hash(body):
        return Published(live=(), waiting=(), unchanged=(name,))
    base = await db.get(ContentRevision, base_id) if base_id is not None else live.get(name)
    row = _new(name, body, base, author=author, note=None, now=now)
    return await _release(db, live, [row], by=author, now=now, locales=locales)


async def discard(db: AsyncSession, revision_id: int, *, by: str, name: str) -> Revision:
    """A member discards their own draft: it no longer opens in the editor and no longer
    stands in the way of others' saves; its text stays, as every revision's does."""
    row = await _row(db, name, revision_id)
    if row.state != "draft" or row.author != by:
        raise NotADraft(row)
    row.state = "discarded"
    await db.flush()
    return _view(row, False)


async def publish_draft(
    db: AsyncSession, revision_id: int, *, by: str, now: datetime, locales: Sequence[str]
) -> Published:
    """Publish a saved draft (checked, and approved where safety asks for it)."""
    row = await _row(db, None, revision_id)
    if row.state != "draft":
        raise NotWaiting(row)
    return await _release(db, await store.live(db), [row], by=by, now=now, locales=locales)


async def approve(
    db: AsyncSession,
    revision_id: int,
    *,
    by: str,
    now: datetime,
    locales: Sequence[str],
    name: str | None = None,
) -> Revision:
    """A second staff member approves a safety-critical revision, which goes live;
    UnknownRevision when it is not a revision of `name` (when given)."""
    row = await _row(db, name, revision_id)
    if row.state != "waiting":
        raise NotWaiting(row)
    if by in (row.author, CLI, SEED):
        raise SelfApproval(row)
    live = await store.live(db)
    problems = await _check(live, {row.name: row.body}, locales)
    if problems:
        raise NotPublishable(problems)
    row.state, row.approved_by, row.approved_at = "approved", by, now
    _go_live(db, row, by, now)
    await db.flush()
    log.info("content.approved", name=row.name, revision=row.id, by=by)
    return _view(row, True)


async def rollback(
    db: AsyncSession,
    name: str,
    revision_id: int,
    *,
    author: str,
    now: datetime,
    locales: Sequence[str],
) -> Published:
    """Republish an earlier revision's text: checked, and approved like any change."""
    row = await _row(db, name, revision_id)
    return await publish(
        db,
        {name: row.body},
        author=author,
        now=now,
        locales=locales,
        note=f"rollback to revision {row.id}",
    )


async def needs_approval(db: AsyncSession, name: str, revision_id: int) -> bool:
    """Whether publishing revision `revision_id` again now would wait for a second staff
    member, as a rollback to it would."""
    row, live = await _row(db, name, revision_id), await store.live_one(db, name)
    before = _data(live.body, name) if live is not None else None
    after = _data(row.body, name)
    return is_safety_critical(name, before, after, diff(before, after))


async def compare(db: AsyncSession, name: str, first: int, second: int) -> list[Change]:
    """What changed from revision `first` to `second` of `name`, step by step."""
    before, after = await _row(db, name, first), await _row(db, name, second)
    return diff(_data(before.body, name), _data(after.body, name))


async def seed_if_empty(
    db: AsyncSession, directory: Path, now: datetime, locales: Sequence[str] | None
) -> int:
    """Before anything is published, the files under `flows/` become the first published
    revisions. They are checked unless the caller has just loaded them (`locales` None),
    which checks the same. Returns how many files were imported."""
    if await store.marker(db):
        return 0
    files = tree.read_seed(directory)
    if locales is not None:
        problems = await asyncio.to_thread(tree.check, files, locales)
        if problems:
            raise NotPublishable(problems)
    # A first revision changes nothing against an earlier one, so it has no summary of
    # changes to work out (parsing every file again on each start costs half a second).
    rows = [
        ContentRevision(
            name=name,
            body=body,
            content_hash=content_hash(body),
            author=SEED,
            created_at=now,
            note="imported from files",
            summary=None,
            base_id=None,
            state="approved",
            safety=False,
        )
        for name, body in files.items()
    ]
    db.add_all(rows)
    await db.flush()
    for row in rows:
        _go_live(db, row, SEED, now)
    await db.flush()
    return len(files)


async def export(db: AsyncSession, directory: Path) -> list[str]:
    """Write every published revision to `directory`, laid out like `flows/`."""
    live = await store.live(db)
    tree.write({name: row.body for name, row in live.items()}, directory)
    return sorted(live)


async def preview(db: AsyncSession, revision_id: int, locales: Sequence[str]) -> tree.Loaded:
    """Everything live, with one revision (a draft, say) in place of its name: what a
    simulator runs. FlowSpecError (with `NAME.yaml` files) when that set is broken."""
    row = await _row(db, None, revision_id)
    files = {name: live.body for name, live in (await store.live(db)).items()}
    return await asyncio.to_thread(tree.load, files | {row.name: row.body}, locales)


async def load_live(db: AsyncSession, locales: Sequence[str]) -> tuple[int, tree.Loaded]:
    """The publication marker and the content published up to it."""
    marker = await store.marker(db)
    files = {name: row.body for name, row in (await store.live(db)).items()}
    return marker, await asyncio.to_thread(tree.load, files, locales)


async def refresh(db: AsyncSession, app: App, known: int, locales: Sequence[str]) -> int:
    """Reload the bot's content when something was published since `known` (one indexed
    read otherwise); returns the marker now in force. A set that fails to load (it was
    checked when published, so only a newer bot's content could) is logged and the old
    content kept."""
    if await store.marker(db) == known:
        return known
    try:
        marker, published = await load_live(db, locales)
    except FlowSpecError as error:
        log.error("content.reload_failed", problems=[str(p) for p in error.problems])
        return known
    apply(app, published)
    log.info("content.reloaded", marker=marker, flows=len(published.library.flows))
    return marker


def apply(app: App, published: tree.Loaded) -> None:
    """Put newly published content in force; conversations under way keep their flows."""
    app.services.library.replace(published.library)
    app.risk, app.contacts = published.risk, published.contacts


async def _release(
    db: AsyncSession,
    live: Mapping[str, ContentRevision],
    rows: Sequence[ContentRevision],
    *,
    by: str,
    now: datetime,
    locales: Sequence[str],
) -> Published:
    """Check the rows against everything live, then make each live or let it wait."""
    problems = await _check(live, {row.name: row.body for row in rows}, locales)
    waiting = [row for row in rows if row.safety]
    if waiting and len(waiting) < len(rows):
        # What goes live now must also stand without the changes that wait.
        problems += await _check(
            live, {row.name: row.body for row in rows if not row.safety}, locales
        )
    if problems:
        raise NotPublishable(problems)
    for row in rows:
        row.state = "waiting" if row.safety else "approved"
        if row.id is None:
            db.add(row)
        await db.flush()
        if not row.safety:
            _go_live(db, row, by, now)
    await db.flush()
    for row in waiting:
        log.info("content.waiting_for_approval", name=row.name, revision=row.id, by=by)
    return Published(
        live=tuple(_view(row, True) for row in rows if not row.safety),
        waiting=tuple(_view(row, False) for row in waiting),
        unchanged=(),
    )


async def _refuse_stale(db: AsyncSession, name: str, base_id: int | None, author: str) -> None:
    newer = await store.newest(db, name)
    if newer is not None and newer.author != author and (base_id is None or newer.id > base_id):
        raise StaleBase(name, base_id, newer)


def _go_live(db: AsyncSession, row: ContentRevision, by: str, now: datetime) -> None:
    db.add(ContentPublication(name=row.name, revision_id=row.id, published_by=by, published_at=now))
    log.info("content.published", name=row.name, revision=row.id, by=by)


async def _check(
    live: Mapping[str, ContentRevision], files: Mapping[str, str], locales: Sequence[str]
) -> list[Problem]:
    candidate = {name: row.body for name, row in live.items()} | dict(files)
    # Checking every flow takes about a second: off the event loop, so the bot answers.
    return await asyncio.to_thread(tree.check, candidate, locales)


def _new(
    name: str,
    body: str,
    base: ContentRevision | None,
    *,
    author: str,
    note: str | None,
    now: datetime,
) -> ContentRevision:
    before = _data(base.body, name) if base is not None else None
    after = _data(body, name)
    changes = diff(before, after)
    return ContentRevision(
        name=name,
        body=body,
        content_hash=content_hash(body),
        author=author,
        created_at=now,
        note=note,
        summary=summarise(changes).as_json(),
        base_id=base.id if base is not None else None,
        state="draft",
        safety=is_safety_critical(name, before, after, changes),
    )


def _data(body: str, name: str) -> object:
    """The parsed text, or None where it is not valid YAML (a draft may be broken)."""
    try:
        return read_yaml(body, tree.file_of(name))
    except FlowSpecError:
        return None


async def _row(db: AsyncSession, name: str | None, revision_id: int) -> ContentRevision:
    row = await db.get(ContentRevision, revision_id)
    if row is None or (name is not None and row.name != name):
        raise UnknownRevision(name, revision_id)
    return row


def _view(row: ContentRevision, live: bool) -> Revision:
    summary = row.summary or {}
    return Revision(
        id=row.id,
        name=row.name,
        content_hash=row.content_hash,
        author=row.author,
        created_at=row.created_at,
        note=row.note,
        summary=Summary(tuple(summary.get("steps", ())), tuple(summary.get("languages", ())))
        if row.summary is not None
        else None,
        base_id=row.base_id,
        state=row.state,
        safety=row.safety,
        approved_by=row.approved_by,
        live=live,
    )
