"""The content editor: every content file (flows, questionnaires, risk rules, crisis
contacts and services), the text of one to edit (the member's latest draft, or what is
published), the check of an edited text by the same linter as `qadam flows check` with
each problem at its line, and what staff do with a text through content revisions: save a
draft, publish, approve, compare and roll back. For editors and admins; every change is
audited.

`check_text` is what the editor's Check does with a text, and saving and publishing
check the same way before they keep anything.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from babel import Locale
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import content_revisions as revisions
from bot.app.console import texts_content as TC
from bot.app.console.reading import Reader, Refused, When
from bot.app.content_revisions import (
    NotADraft,
    NotPublishable,
    NotWaiting,
    Published,
    Revision,
    SelfApproval,
    StaleBase,
    UnknownRevision,
)
from bot.content import store, tree
from bot.content.changes import Change
from bot.engine.loader import scan_flow_text
from bot.engine.model import Flow
from bot.engine.texts import resolve
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.spec.errors import Problem
from bot.spec.lines import line_of

_T = TypeVar("_T")
# Authors that are not staff members, in words.
AUTHORS = {revisions.CLI: TC.BY_CLI, revisions.SEED: TC.BY_SEED}

# The audit actions of the editor's changes.
SAVED, PUBLISHED, APPROVED, ROLLED_BACK, DISCARDED, SUBMITTED = (
    "content.draft",
    "content.publish",
    "content.approve",
    "content.rollback",
    "content.discard",
    # A change that went to the approval queue, not live: published only once approved.
    "content.submit",
)


@dataclass(frozen=True)
class Listed:
    name: str
    title: str  # in the reader's language


@dataclass(frozen=True)
class Mark:
    """One problem of the text: the line it points at (None: the whole text)."""

    line: int | None
    where: str
    message: str


@dataclass(frozen=True)
class Checked:
    flow: Flow | None  # None when the text is not a flow at all
    marks: tuple[Mark, ...]


def refusal(tr: Reader) -> Refused | None:
    if staff_members.edits_content(tr.member):
        return None
    return tr.refuse("forbidden", TC.PAGE_REFUSED)


def flows(tr: Reader) -> list[Listed] | Refused:
    """Every flow the bot has loaded, by name."""
    refused = refusal(tr)
    if refused is not None:
        return refused
    loaded = tr.services.library.flows
    return [Listed(name, resolve(loaded[name].title, tr.locale)) for name in sorted(loaded)]


@dataclass(frozen=True)
class Group:
    """The content files of one folder under `flows/`, as the Content page lists them."""

    folder: str  # "" for flows, else "instruments", "risk" or "services"
    files: tuple[Listed, ...]


async def contents(tr: Reader, db: AsyncSession) -> list[Group] | Refused:
    """Every published content file, grouped: flows (with their titles), questionnaires,
    risk rules, and crisis contacts and services. All of them are edited here, since the
    crisis texts change as often as the flows that show them."""
    refused = refusal(tr)
    if refused is not None:
        return refused
    loaded = tr.services.library.flows
    names = set(await store.live(db)) | set(loaded)
    groups = []
    for folder in tree.FOLDERS:
        found = sorted(name for name in names if folder_of(name) == folder)
        files = tuple(
            Listed(name, resolve(loaded[name].title, tr.locale) if name in loaded else "")
            for name in found
        )
        if files:
            groups.append(Group(folder, files))
    return groups


def folder_of(name: str) -> str:
    """The folder of a content file's name: "" for a flow, "risk" for "risk/suicide"."""
    return name.rpartition("/")[0]


def is_flow(tr: Reader, name: str) -> bool:
    """A flow the bot has loaded: the only content the simulator runs."""
    return name in tr.services.library.flows


@dataclass(frozen=True)
class Source:
    """The text to edit and the revision it is (`base_id`, sent back with a save)."""

    text: str
    base_id: int | None  # None: a posted form that did not say
    draft: bool  # the member's own draft, newer than what is published
    # Neither the member's draft nor what is published: a revision opened from the
    # revisions page (someone's draft, or a change waiting for approval) to try it.
    other: bool = False
    # The published revision, for a link to it from a draft (None: not looked up).
    live_id: int | None = None


@dataclass(frozen=True)
class Done:
    """What a save, publish, approval or rollback did, in the reader's language."""

    message: str
    revision: Revision | None


@dataclass(frozen=True)
class Listing:
    """One revision on the revisions page."""

    revision: Revision
    when: When
    note: str = ""  # in the reader's language where the system wrote it


# The notes content revisions and translations write, in English, by code: each is read
# in the reader's language; a note a member typed is shown as written.
_NOTES = (
    (re.compile(r"^imported from files$"), TC.NOTE_SEEDED),
    (re.compile(r"^rollback to revision (?P<id>\d+)$"), TC.NOTE_ROLLBACK),
    (re.compile(r"^(?P<language>[a-z]{2,3}) texts reviewed by (?P<who>\S+)$"), TC.NOTE_REVIEWED),
    (re.compile(r"^(?P<language>[a-z]{2,3}) texts imported from (?P<file>.+)$"), TC.NOTE_PO),
)


async def note_words(tr: Reader, db: AsyncSession, note: str | None) -> str:
    for pattern, words in _NOTES:
        found = pattern.match(note or "")
        if found is None:
            continue
        values = found.groupdict()
        if "language" in values:
            named = Locale.parse(values["language"]).get_display_name(tr.locale) or ""
            values["language"] = named[:1].upper() + named[1:]
        if "who" in values:
            values["who"] = await author_name(tr, db, values["who"])
        return tr(words) % values
    return note or ""


async def source(
    tr: Reader, db: AsyncSession, name: str, revision_id: int | None = None
) -> Source | Refused:
    """The text to edit: revision `revision_id` of a loaded flow when asked for, so that
    the simulator runs it; else the member's latest draft when it is newer than what is
    published, or else the published revision."""
    refused = await _known(tr, db, name)
    if refused is not None:
        return refused
    live = await revisions.live_text(db, name)
    if live is None:
        return tr.refuse("not-found", TC.NO_FLOW)
    if revision_id is not None:
        try:
            asked, text = await revisions.get(db, revision_id)
        except UnknownRevision:
            return tr.refuse("not-found", TC.NO_REVISION)
        if asked.name != name:
            return tr.refuse("not-found", TC.NO_REVISION)
        mine = asked.author == tr.member.code and asked.state == "draft"
        other = not (mine or asked.live)
        return Source(text, asked.id, draft=mine, other=other, live_id=live[0].id)
    for revision in await revisions.revisions(db, name):
        if revision.id <= live[0].id:
            break
        if revision.author == tr.member.code and revision.state == "draft":
            _, text = await revisions.get(db, revision.id)
            return Source(text, revision.id, draft=True, live_id=live[0].id)
    return Source(live[1], live[0].id, draft=False, live_id=live[0].id)


def check_draft(tr: Reader, name: str, text: str) -> Checked | Refused:
    """Check an edited text of flow `name` against the flows the bot has loaded."""
    refused = refusal(tr)
    if refused is not None:
        return refused
    if name not in tr.services.library.flows:
        return tr.refuse("not-found", TC.NO_FLOW)
    services = tr.services
    flow, problems = scan_flow_text(
        text, tree.file_of(name), services.library, services.catalogs.locales
    )
    return Checked(flow, marks(text, name, problems))


async def check_text(tr: Reader, db: AsyncSession, name: str, text: str) -> Checked | Refused:
    """Check an edited text of any content file: a flow alone against the flows the bot
    has loaded (quick), any other file with everything published, as publishing does,
    since risk rules, contacts and questionnaires are checked through the flows that use
    them."""
    if is_flow(tr, name):
        return check_draft(tr, name, text)
    refused = await _known(tr, db, name)
    if refused is not None:
        return refused
    problems = await revisions.check_text(db, name, text, tr.services.catalogs.locales)
    return Checked(None, marks(text, name, problems))


async def save(
    tr: Reader, db: AsyncSession, name: str, text: str, base_id: int | None
) -> Done | Refused:
    """Keep the text as the member's draft, apart from what is published."""
    saved = await _save(tr, db, name, text, base_id)
    if isinstance(saved, Refused):
        return saved
    return Done(tr(TC.SAVED) % {"id": saved[0].id}, saved[0])


async def publish(
    tr: Reader, db: AsyncSession, name: str, text: str, base_id: int | None
) -> Done | Checked | Refused:
    """Publish the text: live for everyone at once, or waiting for a second member's
    approval when it touches safety. The problems, at their lines, otherwise, and then
    nothing is kept: an admin who presses Publish expects the text to go out or nothing
    to happen, and a broken draft kept quietly would open in the editor next time and
    stand in the way of everyone else's saves. Save draft keeps a text on purpose."""
    refused = await _known(tr, db, name)
    if refused is not None:
        return refused
    services = tr.services
    try:
        published = await revisions.publish_text(
            db,
            name,
            text,
            base_id=base_id,
            author=tr.member.code,
            now=services.clock(),
            locales=services.catalogs.locales,
        )
    except StaleBase as stale:
        return await _stale(tr, db, stale)
    except NotPublishable as broken:
        return Checked(None, marks(text, name, broken.problems))
    return await _released(tr, db, PUBLISHED, published, TC.PUBLISHED)


async def discard(tr: Reader, db: AsyncSession, name: str, revision_id: int) -> Done | Refused:
    """The member discards their own draft."""
    discarded = await _attempt(
        tr, db, name, lambda: revisions.discard(db, revision_id, by=tr.member.code, name=name)
    )
    if isinstance(discarded, Refused):
        return discarded
    await audit(tr, db, DISCARDED, discarded)
    return Done(tr(TC.DISCARDED) % {"id": discarded.id}, discarded)


async def history(tr: Reader, db: AsyncSession, name: str) -> list[Listing] | Refused:
    """Every revision of a flow (or other content), newest first."""
    refused = await _known(tr, db, name)
    if refused is not None:
        return refused
    return [
        Listing(r, tr.when(r.created_at), await note_words(tr, db, r.note))
        for r in await revisions.revisions(db, name)
    ]


async def waiting(tr: Reader, db: AsyncSession) -> list[Listing] | Refused:
    """Every safety-critical revision waiting for a second member's approval."""
    refused = refusal(tr)
    if refused is not None:
        return refused
    return [
        Listing(r, tr.when(r.created_at))
        for r in await revisions.revisions(db)
        if r.state == "waiting"
    ]


async def compare(
    tr: Reader, db: AsyncSession, name: str, first: int, second: int
) -> list[Change] | Refused:
    """What changed from one revision of a flow to another, step by step and language by
    language."""
    refused = await _known(tr, db, name)
    if refused is not None:
        return refused
    try:
        return await revisions.compare(db, name, first, second)
    except UnknownRevision:
        return tr.refuse("not-found", TC.NO_REVISION)


@dataclass(frozen=True)
class GoingLive:
    """What a rollback (or publishing an unpublished revision) would put in force."""

    revision: Revision
    live: Revision
    changes: list[Change]  # from what is live to `revision`
    safety: bool  # it would wait for a second member's approval


async def going_live(
    tr: Reader, db: AsyncSession, name: str, revision_id: int
) -> GoingLive | Refused:
    """Revision `revision_id` of `name` against what is live, for the member to confirm."""
    refused = await _known(tr, db, name)
    if refused is not None:
        return refused
    live = await revisions.live_text(db, name)
    try:
        asked, _ = await revisions.get(db, revision_id)
        if live is None or asked.name != name or asked.live:
            raise UnknownRevision(name, revision_id)
        changes = await revisions.compare(db, name, live[0].id, revision_id)
        safety = await revisions.needs_approval(db, name, revision_id)
    except UnknownRevision:
        return tr.refuse("not-found", TC.NO_REVISION)
    return GoingLive(asked, live[0], changes, safety)


async def approve(tr: Reader, db: AsyncSession, name: str, revision_id: int) -> Done | Refused:
    """A second member approves a safety-critical revision, which goes live."""
    services = tr.services
    approved = await _attempt(
        tr,
        db,
        name,
        lambda: revisions.approve(
            db,
            revision_id,
            by=tr.member.code,
            now=services.clock(),
            locales=services.catalogs.locales,
            name=name,
        ),
    )
    if isinstance(approved, Refused):
        return approved
    await audit(tr, db, APPROVED, approved)
    return Done(tr(TC.APPROVED) % {"id": approved.id}, approved)


async def rollback(tr: Reader, db: AsyncSession, name: str, revision_id: int) -> Done | Refused:
    """Publish an earlier revision's text again, checked and approved like any change."""
    services = tr.services
    published = await _attempt(
        tr,
        db,
        name,
        lambda: revisions.rollback(
            db,
            name,
            revision_id,
            author=tr.member.code,
            now=services.clock(),
            locales=services.catalogs.locales,
        ),
    )
    if isinstance(published, Refused):
        return published
    return await _released(tr, db, ROLLED_BACK, published, TC.ROLLED_BACK)


async def _attempt(
    tr: Reader, db: AsyncSession, name: str, change: Callable[[], Awaitable[_T]]
) -> _T | Refused:
    """Make a change to a revision of `name` once the member may, with each refusal of
    content revisions said in their language."""
    refused = await _known(tr, db, name)
    if refused is not None:
        return refused
    try:
        return await change()
    except UnknownRevision:
        return tr.refuse("not-found", TC.NO_REVISION)
    except SelfApproval:
        return tr.refuse("forbidden", TC.SELF_APPROVAL)
    except NotWaiting:
        return tr.refuse("conflict", TC.NOT_WAITING)
    except NotADraft:
        return tr.refuse("conflict", TC.NOT_YOUR_DRAFT)
    except NotPublishable as broken:
        return Refused("invalid", problems_of(tr, broken.problems))


def marks(text: str, name: str, problems: Sequence[Problem]) -> tuple[Mark, ...]:
    """Problems at the lines of `text`; those of other files (a flow that goes to this
    one, say) name their file and point at no line."""
    found = (
        Mark(line_of(text, p.where), p.where, p.message)
        if p.file in ("", tree.file_of(name))
        else Mark(None, f"{p.file}: {p.where}" if p.where else p.file, p.message)
        for p in problems
    )
    return tuple(sorted(found, key=lambda m: m.line or 0))


async def _known(tr: Reader, db: AsyncSession, name: str) -> Refused | None:
    """A flow the bot has loaded, or any content file with a revision (risk rules,
    contacts, instruments, services)."""
    refused = refusal(tr)
    known = name in tr.services.library.flows or await store.newest(db, name) is not None
    if refused is None and not known:
        return tr.refuse("not-found", TC.NO_FLOW)
    return refused


async def _released(
    tr: Reader, db: AsyncSession, action: str, published: Published, live: str
) -> Done:
    """One text published: live, or waiting for approval (safety), or the same as live."""
    if not (published.waiting or published.live):
        return Done(tr(TC.UNCHANGED), None)
    revision = (published.waiting or published.live)[0]
    waits = revision.state == "waiting"
    await audit(tr, db, SUBMITTED if waits else action, revision)
    message = TC.WAITING if waits else live
    return Done(tr(message) % {"id": revision.id}, revision)


async def _save(
    tr: Reader, db: AsyncSession, name: str, text: str, base_id: int | None
) -> tuple[Revision, list[Problem]] | Refused:
    refused = await _known(tr, db, name)
    if refused is not None:
        return refused
    services = tr.services
    try:
        saved = await revisions.save_draft(
            db,
            name,
            text,
            base_id=base_id,
            author=tr.member.code,
            now=services.clock(),
            locales=services.catalogs.locales,
        )
    except StaleBase as stale:
        return await _stale(tr, db, stale)
    await audit(tr, db, SAVED, saved[0])
    return saved


@dataclass(frozen=True)
class Stale(Refused):
    """A save on top of a newer one, refused: the page links to that revision."""

    newer_id: int = 0


async def _stale(tr: Reader, db: AsyncSession, stale: StaleBase) -> Stale:
    author = await author_name(tr, db, stale.newer_author)
    when = tr.when(stale.newer_at).text
    message = tr(TC.STALE) % {"author": author, "when": when, "id": stale.newer_id}
    return Stale("conflict", message, stale.newer_id)


async def author_name(tr: Reader, db: AsyncSession, code: str) -> str:
    """An author as the console names members elsewhere, "Name (S-1234)"; the command line
    and the first import in words."""
    if code in AUTHORS:
        return tr(AUTHORS[code])
    member = await staff_members.by_code(db, code)
    return code if member is None else f"{staff_members.name(tr.services, member)} ({code})"


async def authors(tr: Reader, db: AsyncSession, listed: Sequence[Revision]) -> dict[str, str]:
    """The name of each author of `listed`, by staff code."""
    return {code: await author_name(tr, db, code) for code in {r.author for r in listed}}


def problems_of(tr: Reader, problems: Sequence[Problem]) -> str:
    return tr(TC.NOT_PUBLISHABLE) + " " + "; ".join(str(p) for p in problems)


async def audit(tr: Reader, db: AsyncSession, action: str, revision: Revision, **more: str) -> None:
    detail = {"name": revision.name, "revision": revision.id, "state": revision.state, **more}
    await cases.audit(db, None, tr.member, action, detail, tr.services.clock())
