"""Translations of the published flows: each flow's status in each language (missing,
unreviewed, reviewed), a reviewer's mark, and the PO files `qadam flows export-po` and
`import-po` read and write, made from and published to content revisions.

The PO code works on a folder laid out like `flows/`: the published revisions are written
to a temporary one, so the console makes exactly the checks the command line makes.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import content_revisions
from bot.app.content_revisions import Published
from bot.content import store, tree
from bot.engine.texts import SOURCE_LOCALE
from bot.spec.errors import FlowSpecError
from bot.spec.parse import read_yaml
from bot.translations import po
from bot.translations.po import ImportResult, TextEntry

MISSING, UNREVIEWED, REVIEWED = "missing", "unreviewed", "reviewed"
STATUSES = (MISSING, UNREVIEWED, REVIEWED)
# What an uploaded file may be called in a message; anything else is called this.
UPLOAD = "upload.po"
# A name that can only be a file beside the temporary `flows/` folder, never that folder.
_SAFE_NAME = re.compile(r"^\w[\w.-]{0,76}\.po$")


class UnknownFlow(LookupError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"there is no published flow {name}")


@dataclass(frozen=True)
class Cell:
    """One flow in one language: its status, and how many of its texts lack the language."""

    locale: str
    status: str
    missing: int


@dataclass(frozen=True)
class Row:
    name: str
    cells: tuple[Cell, ...]
    entries: tuple[TextEntry, ...]  # every text of the flow


@dataclass(frozen=True)
class Overview:
    locales: tuple[str, ...]
    rows: tuple[Row, ...]
    # How many flows are in each status, by language.
    counts: Mapping[str, Mapping[str, int]]


@dataclass(frozen=True)
class Imported:
    """A PO file's import: what the checks found, and what was published (None: nothing)."""

    result: ImportResult
    published: Published | None


def translated(locales: Sequence[str]) -> tuple[str, ...]:
    """The languages translated into: every enabled one but the source."""
    return tuple(locale for locale in locales if locale != SOURCE_LOCALE)


async def overview(db: AsyncSession, locales: Sequence[str]) -> Overview:
    """Every published flow's status in every enabled language."""
    flows = {name: row.body for name, row in (await store.live(db)).items() if _is_flow(name)}
    languages = translated(locales)
    rows = await asyncio.to_thread(_rows, flows, languages)
    counts = {
        locale: {
            status: sum(1 for row in rows if row.cells[index].status == status)
            for status in STATUSES
        }
        for index, locale in enumerate(languages)
    }
    return Overview(languages, rows, counts)


async def flow_texts(
    db: AsyncSession, name: str, locale: str
) -> tuple[Cell, tuple[TextEntry, ...]] | None:
    """A published flow's texts, to read a language beside the source, and its status in
    that language; None when there is no such flow."""
    live = await store.live_one(db, name)
    if live is None or not _is_flow(name):
        return None
    [row] = await asyncio.to_thread(_rows, {name: live.body}, (locale,))
    return row.cells[0], row.entries


async def mark_reviewed(
    db: AsyncSession,
    name: str,
    locale: str,
    *,
    by: str,
    now: datetime,
    locales: Sequence[str],
) -> Published:
    """Publish the flow with its `locale` texts recorded as reviewed by `by`.

    It goes through the same checked publish as any change, but never waits for a second
    staff member: it changes only the `translations` map, which no person ever reads, and
    `is_safety_critical` sees no step changed. Asking a second reviewer to approve a
    reviewer's word would add nothing the first review did not already give."""
    live = await store.live_one(db, name)
    if live is None or not _is_flow(name):
        raise UnknownFlow(name)
    body = po.mark_reviewed(live.body, tree.file_of(name), locale)
    return await content_revisions.publish(
        db,
        {name: body},
        author=by,
        now=now,
        locales=locales,
        note=f"{locale} texts reviewed by {by}",
    )


async def export_po(db: AsyncSession, locale: str) -> bytes:
    """The PO file of every published flow and instrument text in `locale`, as
    `qadam flows export-po` writes it. ValueError when `locale` cannot be translated into."""
    files = {name: row.body for name, row in (await store.live(db)).items()}

    def export() -> bytes:
        with tempfile.TemporaryDirectory(prefix="qadam-po-") as folder:
            tree.write(files, Path(folder))
            return po.export_po(Path(folder), locale)[0]

    return await asyncio.to_thread(export)


async def import_po(
    db: AsyncSession,
    data: bytes,
    filename: str,
    *,
    author: str,
    now: datetime,
    locales: Sequence[str],
    dry_run: bool,
) -> Imported:
    """Check a translated PO file as `qadam flows import-po` does and, unless `dry_run` or
    anything is wrong, publish the files it changes: checked as one set, with instrument
    texts waiting for a second staff member like any safety-critical change. Nothing
    changes when a check fails."""
    files = {name: row.body for name, row in (await store.live(db)).items()}
    named = filename if _SAFE_NAME.match(filename) else UPLOAD
    result, changed = await asyncio.to_thread(_import, files, data, named, locales, dry_run)
    if not result.ok or dry_run or not changed:
        return Imported(result, None)
    published = await content_revisions.publish(
        db,
        changed,
        author=author,
        now=now,
        locales=locales,
        note=f"{result.locale} texts imported from {named}",
    )
    return Imported(result, published)


def _import(
    files: Mapping[str, str], data: bytes, named: str, locales: Sequence[str], dry_run: bool
) -> tuple[ImportResult, dict[str, str]]:
    with tempfile.TemporaryDirectory(prefix="qadam-po-") as folder:
        root, upload = Path(folder) / "flows", Path(folder) / named
        tree.write(files, root)
        upload.write_bytes(data)
        result = po.import_po(root, upload, locales, dry_run=dry_run)
        # The temporary folder means nothing to the reader; the file's own name does.
        problems = tuple(p.replace(str(upload), named) for p in result.problems)
        result = replace(result, problems=problems)
        if not result.ok or dry_run:
            return result, {}
        changed = {
            tree.name_of(root / file, root): (root / file).read_text(encoding="utf-8")
            for file in result.files
        }
        return result, changed


def _is_flow(name: str) -> bool:
    return "/" not in name


def _entries(flows: Mapping[str, str]) -> dict[str, list[TextEntry]]:
    """Every text of each flow, by flow name; a flow that cannot be read has none."""
    with tempfile.TemporaryDirectory(prefix="qadam-texts-") as folder:
        tree.write(flows, Path(folder))
        entries, _ = po.collect_texts(Path(folder))
    found: dict[str, list[TextEntry]] = {}
    for entry in entries:
        found.setdefault(entry.file.removesuffix(tree.SUFFIX), []).append(entry)
    return found


def _rows(flows: Mapping[str, str], languages: Sequence[str]) -> tuple[Row, ...]:
    # Reading every flow takes a good part of a second: the callers run this off the loop.
    found = _entries(flows)
    return tuple(
        Row(name, _cells(texts, body, languages), tuple(texts))
        for name, body in flows.items()
        for texts in [found.get(name, [])]
    )


def _cells(entries: Sequence[TextEntry], body: str, locales: Sequence[str]) -> tuple[Cell, ...]:
    reviewed = _reviewed(body)
    cells = []
    for locale in locales:
        missing = sum(1 for e in entries if e.source is not None and locale not in e.texts)
        status = MISSING if missing else REVIEWED if locale in reviewed else UNREVIEWED
        cells.append(Cell(locale, status, missing))
    return tuple(cells)


def _reviewed(body: str) -> set[str]:
    """The languages a flow's `translations` map records as reviewed."""
    try:
        data = read_yaml(body, "")
    except FlowSpecError:
        return set()
    statuses = data.get("translations") if isinstance(data, Mapping) else None
    if not isinstance(statuses, Mapping):
        return set()
    return {
        str(locale)
        for locale, status in statuses.items()
        if isinstance(status, Mapping) and status.get("reviewed") is True
    }
