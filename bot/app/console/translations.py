"""The translations page (editors and admins): every flow's status in every language, one
flow's texts in a language beside English and Russian, a reviewer's mark, and PO files
downloaded and uploaded. Marks and imports are published revisions, and audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import content_translations as translations
from bot.app.console import texts_translations as TT
from bot.app.console.content_editor import SUBMITTED, Done, audit, problems_of, refusal
from bot.app.console.reading import Reader, Refused
from bot.app.content_revisions import NotPublishable, Published
from bot.app.content_translations import REVIEWED, Cell, Imported, Overview
from bot.escalation import staff as staff_members
from bot.translations.po import TextEntry

REVIEWED_ACTION, IMPORTED_ACTION = "content.translation_reviewed", "content.po_import"
# The language read beside the source when the one reviewed is not itself Russian, which
# most reviewers in the region read.
REFERENCE = "ru"


@dataclass(frozen=True)
class Texts:
    """One flow's texts in a language, to review."""

    name: str
    locale: str
    language: str  # in the reader's language
    cell: Cell
    entries: tuple[TextEntry, ...]
    reference: str | None  # a second language to read beside English
    # Why the member may not mark these texts reviewed (None: they may), in their language.
    not_theirs: str | None


@dataclass(frozen=True)
class Uploaded:
    """What an upload did, in the reader's language, and each problem and skipped text."""

    message: str
    ok: bool
    problems: tuple[str, ...]
    skipped: tuple[str, ...]
    # Each text the file changes (or would): its msgctxt and its new text, shortened.
    changes: tuple[tuple[str, str], ...] = ()


# How much of a changed text the page shows: enough to recognise it.
SHOWN = 80


def _shortened(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHOWN else flat[: SHOWN - 1] + "…"


def language(tr: Reader, locale: str) -> str:
    """A language's name in the reader's language."""
    name = Locale.parse(locale).get_display_name(tr.locale) or locale
    return name[:1].upper() + name[1:]


async def overview(tr: Reader, db: AsyncSession) -> Overview | Refused:
    refused = refusal(tr)
    if refused is not None:
        return refused
    return await translations.overview(db, tr.services.catalogs.locales)


async def texts(tr: Reader, db: AsyncSession, name: str, locale: str) -> Texts | Refused:
    refused = _language(tr, locale)
    if refused is not None:
        return refused
    found = await translations.flow_texts(db, name, locale)
    if found is None:
        return tr.refuse("not-found", TT.NO_FLOW)
    cell, entries = found
    named = language(tr, locale)
    not_theirs = None
    if not staff_members.speaks(tr.member, locale):
        yours = ", ".join(language(tr, code) for code in tr.member.languages.split(","))
        not_theirs = tr(TT.NOT_YOUR_LANGUAGE) % {"language": named, "yours": yours}
    reference = REFERENCE if locale != REFERENCE else None
    return Texts(name, locale, named, cell, entries, reference, not_theirs)


async def mark_reviewed(tr: Reader, db: AsyncSession, name: str, locale: str) -> Done | Refused:
    """Record that the member, who speaks `locale`, has read the flow's texts in it."""
    shown = await texts(tr, db, name, locale)
    if isinstance(shown, Refused):
        return shown
    if shown.not_theirs is not None:
        return Refused("forbidden", shown.not_theirs)
    if shown.cell.status == REVIEWED:
        return tr.refuse("conflict", TT.ALREADY_REVIEWED)
    if shown.cell.missing:
        return tr.refuse("conflict", TT.STILL_MISSING)
    services = tr.services
    try:
        published = await translations.mark_reviewed(
            db,
            name,
            locale,
            by=tr.member.code,
            now=services.clock(),
            locales=services.catalogs.locales,
        )
    except NotPublishable as broken:
        return Refused("invalid", problems_of(tr, broken.problems))
    if not published.live:
        # Someone marked it a moment ago: the text is already the one published.
        return tr.refuse("conflict", TT.ALREADY_REVIEWED)
    revision = published.live[0]
    await audit(tr, db, REVIEWED_ACTION, revision, locale=locale)
    return Done(tr(TT.REVIEWED_DONE) % {"id": revision.id}, revision)


async def export_po(tr: Reader, db: AsyncSession, locale: str) -> bytes | Refused:
    refused = _language(tr, locale)
    if refused is not None:
        return refused
    return await translations.export_po(db, locale)


async def import_po(
    tr: Reader, db: AsyncSession, data: bytes | None, filename: str, *, dry_run: bool
) -> Uploaded | Refused:
    """Check an uploaded PO file and, unless only checking, publish what it changes."""
    refused = refusal(tr)
    if refused is not None:
        return refused
    if not data:
        return Uploaded(tr(TT.NO_FILE), False, (), ())
    services = tr.services
    try:
        imported = await translations.import_po(
            db,
            data,
            filename,
            author=tr.member.code,
            now=services.clock(),
            locales=services.catalogs.locales,
            dry_run=dry_run,
        )
    except NotPublishable as broken:
        problems = tuple(str(problem) for problem in broken.problems)
        return Uploaded(tr(TT.NOT_IMPORTED) % {"count": len(problems)}, False, problems, ())
    return await _uploaded(tr, db, imported, dry_run)


async def _uploaded(tr: Reader, db: AsyncSession, imported: Imported, dry_run: bool) -> Uploaded:
    result = imported.result
    if not result.ok:
        message = tr(TT.NOT_IMPORTED) % {"count": len(result.problems)}
        return Uploaded(message, False, result.problems, result.skipped)
    if not result.changed:
        return Uploaded(tr(TT.NOTHING_TO_IMPORT), True, (), result.skipped)
    values = {"count": len(result.changed), "language": language(tr, result.locale)}
    new = zip(result.changed, result.texts, strict=True)
    changes = tuple((context, _shortened(text)) for context, text in new)
    if dry_run or imported.published is None:
        return Uploaded(tr(TT.CHECKED) % values, True, (), result.skipped, changes)
    message = tr(TT.IMPORTED) % values
    published: Published = imported.published
    for revision in published.live:
        await audit(tr, db, IMPORTED_ACTION, revision, locale=result.locale)
    for revision in published.waiting:
        await audit(tr, db, SUBMITTED, revision, locale=result.locale)
    if published.waiting:
        names = ", ".join(revision.name for revision in published.waiting)
        message += " " + tr(TT.IMPORT_WAITING) % {"names": names}
    return Uploaded(message, True, (), result.skipped, changes)


def _language(tr: Reader, locale: str) -> Refused | None:
    refused = refusal(tr)
    if refused is None and locale not in translations.translated(tr.services.catalogs.locales):
        return tr.refuse("not-found", TT.NO_LANGUAGE)
    return refused
