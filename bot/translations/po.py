"""Flow and instrument texts as gettext PO files, for translators.

`export_po` turns every text of every flow and instrument under a flows directory into one
PO message: msgctxt `<file>:<path>` (`menu.yaml:steps.choose.options[0].text`), msgid the
English source, msgstr the text in the chosen locale (empty when there is none yet), and a
comment naming the flow and step. Translators use any PO editor.

`import_po` reads such a file back. It checks everything before it writes anything: every
context must still exist with the same English text, placeholders must survive, empty and
fuzzy entries never replace a text, and the library must pass the linter afterwards with
no problem it did not have before. Files are rewritten through ruamel.yaml's round-trip
mode, so comments, key order, quoting and line folding stay as the admins wrote them.

The engine stays pure: this module does the reading and writing, and uses the engine only
to parse and lint.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import yaml
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from pydantic import BaseModel, PlainValidator
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from bot.engine.loader import INSTRUMENTS_DIR, scan_directory
from bot.engine.model import Text
from bot.engine.parse import parse_flow, parse_instrument
from bot.engine.texts import SOURCE_LOCALE
from bot.spec.errors import FlowSpecError, Problem
from bot.spec.parse import dotted, read_yaml

PathPart = str | int
# `{name}` placeholders the bot fills in; a translation must keep every one of them.
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_.]*\}")
_LOCALE = re.compile(r"^[a-z]{2,3}$")
_TEXT_VALIDATOR = next(arg for arg in get_args(Text) if isinstance(arg, PlainValidator))
# What a text is, by its last key, so translators know a button from a message.
_KINDS = {
    "say": "message",
    "ask": "question",
    "text": "button",
    "title": "title",
    "prompt": "introduction",
    "items": "question",
    "yes": "button",
    "no": "button",
}
FOLD_WIDTH = 84


@dataclass(frozen=True)
class TextEntry:
    """One translatable text: where it lives and its current wording in each locale."""

    file: str  # path relative to the flows directory, with `/`
    path: tuple[PathPart, ...]
    note: str
    texts: Mapping[str, str]

    @property
    def where(self) -> str:
        return dotted(self.path)

    @property
    def context(self) -> str:
        return f"{self.file}:{self.where}"

    @property
    def source(self) -> str | None:
        return self.texts.get(SOURCE_LOCALE)


@dataclass(frozen=True)
class ImportResult:
    """What an import did, or would do, and what stopped it."""

    locale: str
    changed: tuple[str, ...] = ()
    # The new text of each context in `changed`, in the same order.
    texts: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems


# ---- reading the library -------------------------------------------------------------------


def library_files(directory: Path) -> list[Path]:
    """Every flow file in `directory` and every instrument file in its `instruments/`."""
    found: list[Path] = []
    for folder in (directory, directory / INSTRUMENTS_DIR):
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    return found


def collect_texts(directory: Path) -> tuple[list[TextEntry], list[Problem]]:
    """Every text of every flow and instrument that can be read, and the problems of the
    files that cannot (those files' texts are left out)."""
    entries: list[TextEntry] = []
    problems: list[Problem] = []
    for path in library_files(directory):
        relative = path.relative_to(directory).as_posix()
        try:
            entries += _file_texts(path, relative)
        except FlowSpecError as error:
            problems += error.problems
    return entries, problems


def _file_texts(path: Path, relative: str) -> list[TextEntry]:
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FlowSpecError([Problem(relative, "", f"cannot read the file: {error}")]) from error
    data = read_yaml(source, relative)
    instrument = path.parent.name == INSTRUMENTS_DIR
    model: BaseModel = (
        parse_instrument(data, relative) if instrument else parse_flow(data, relative)
    )
    name = str(getattr(model, "instrument" if instrument else "flow", ""))
    owner = f"instrument {name}" if instrument else f"flow {name}"
    return [
        TextEntry(relative, where, _note(owner, where), texts)
        for where, texts in model_texts(model)
    ]


def _note(owner: str, where: tuple[PathPart, ...]) -> str:
    kind = next((_KINDS[p] for p in reversed(where) if isinstance(p, str) and p in _KINDS), "")
    if len(where) >= 2 and where[0] == "steps":
        place = f"{owner}, step {where[1]}"
    else:
        place = f"{owner}, {dotted(where)}"
    return f"{place} ({kind})" if kind else place


def model_texts(
    node: object, path: tuple[PathPart, ...] = ()
) -> Iterator[tuple[tuple[PathPart, ...], Mapping[str, str]]]:
    """Every `Text` field in a validated model, with its path in the file.

    Found by the fields' types rather than a list of names, so new text fields in the
    format (and in instruments) are exported without changes here.
    """
    if isinstance(node, BaseModel):
        for name, info in type(node).model_fields.items():
            value = getattr(node, name)
            if value is None:
                continue
            if _holds_text(info):
                yield from _texts_in(value, (*path, name))
            else:
                yield from model_texts(value, (*path, name))
    elif isinstance(node, tuple | list):
        for index, item in enumerate(node):
            yield from model_texts(item, (*path, index))
    elif isinstance(node, Mapping):
        for key, item in node.items():
            if isinstance(key, str):
                yield from model_texts(item, (*path, key))


def _texts_in(
    value: object, path: tuple[PathPart, ...]
) -> Iterator[tuple[tuple[PathPart, ...], Mapping[str, str]]]:
    if isinstance(value, Mapping) and value and all(isinstance(v, str) for v in value.values()):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _texts_in(item, (*path, str(key)))
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _texts_in(item, (*path, index))
    elif isinstance(value, BaseModel):
        yield from model_texts(value, path)


def _holds_text(info: FieldInfo) -> bool:
    return any(_is_text_marker(meta) for meta in info.metadata) or _mentions_text(info.annotation)


def _is_text_marker(meta: object) -> bool:
    return isinstance(meta, PlainValidator) and meta.func is _TEXT_VALIDATOR.func


def _mentions_text(annotation: object) -> bool:
    if get_origin(annotation) is Annotated:
        base, *metadata = get_args(annotation)
        return any(_is_text_marker(meta) for meta in metadata) or _mentions_text(base)
    return any(_mentions_text(arg) for arg in get_args(annotation))


# ---- export ----------------------------------------------------------------------------------


def check_locale(locale: str) -> str | None:
    """Why `locale` cannot be translated into, or None when it can."""
    if not _LOCALE.match(locale):
        return f"{locale!r} is not a language code; use two letters like kk or uz"
    if locale == SOURCE_LOCALE:
        return "English is the source language: edit the English texts in the flow files"
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        return f"{locale!r} is not a language Babel knows"
    return None


def export_catalog(directory: Path, locale: str) -> tuple[Catalog, list[Problem]]:
    """A PO catalog of every text under `directory`, filled in with `locale` where it exists,
    and the problems of files whose texts could not be read."""
    reason = check_locale(locale)
    if reason:
        raise ValueError(reason)
    catalog = Catalog(
        locale=locale,
        domain="flows",
        project="qadam flows",
        version="1",
        msgid_bugs_address="",
        copyright_holder="Qadam contributors",
        header_comment=(
            f"# {Locale.parse(locale).english_name} texts of Qadam's flows and instruments.\n"
            "# Made by `qadam flows export-po`; bring it back with `qadam flows import-po`.\n"
            "# msgctxt is FILE:PATH of the text; keep {placeholders} as they are.\n#"
        ),
        fuzzy=False,
    )
    entries, problems = collect_texts(directory)
    for entry in entries:
        if entry.source is None:
            continue  # no English source to translate from; the linter names it
        flags = ["python-brace-format"] if PLACEHOLDER.search(entry.source) else []
        catalog.add(
            entry.source,
            entry.texts.get(locale, ""),
            context=entry.context,
            auto_comments=[entry.note],
            flags=flags,
        )
    return catalog, problems


def export_po(directory: Path, locale: str) -> tuple[bytes, list[Problem]]:
    """The PO file `qadam flows export-po LOCALE` writes, and the files it had to leave out."""
    catalog, problems = export_catalog(directory, locale)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=80)
    return buffer.getvalue(), problems


# ---- import ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Change:
    entry: TextEntry
    text: str


def import_po(
    directory: Path,
    po_file: Path,
    enabled_locales: Sequence[str],
    *,
    dry_run: bool = False,
) -> ImportResult:
    """Apply a translated PO file to the flows under `directory`, or change nothing.

    Problems are returned, one sentence each; when there are any, no file is touched.
    """
    try:
        data = po_file.read_bytes()
        unquoted = _unterminated(data)
        catalog = None if unquoted else read_po(io.BytesIO(data), abort_invalid=True)
    except (OSError, PoFileError, ValueError, UnicodeDecodeError) as error:
        return ImportResult("", problems=(f"{po_file}: cannot read the PO file: {error}",))
    if catalog is None:
        return ImportResult(
            "",
            problems=(
                f"{po_file}: cannot read the PO file: line {unquoted} is not a PO entry line "
                "(is a closing quote missing?)",
            ),
        )
    locale = str(catalog.locale) if catalog.locale else ""
    reason = check_locale(locale) if locale else "the PO file has no `Language:` header"
    if reason:
        return ImportResult(locale, problems=(f"{po_file}: {reason}",))
    found, unreadable = collect_texts(directory)
    entries = {entry.context: entry for entry in found}
    # A broken file the PO file does not touch is someone else's work in progress.
    touched = {(message.context or "").partition(":")[0] for message in catalog if message.id}
    blocking = [
        f"{problem} (fix this file before importing into it)"
        for problem in unreadable
        if Path(problem.file).as_posix() in touched
    ]
    if blocking:
        return ImportResult(locale, problems=tuple(blocking))

    changes, skipped, problems = _plan(catalog, entries, locale)
    if problems:
        return ImportResult(locale, skipped=tuple(skipped), problems=tuple(problems))
    by_file: dict[str, list[_Change]] = {}
    for change in changes:
        by_file.setdefault(change.entry.file, []).append(change)
    try:
        rewritten = {
            file: _rewrite(directory / file, items, locale) for file, items in by_file.items()
        }
    except _RewriteError as error:
        return ImportResult(locale, skipped=tuple(skipped), problems=(str(error),))
    problems = _new_lint_problems(directory, rewritten, (*enabled_locales, locale))
    result = ImportResult(
        locale,
        changed=tuple(change.entry.context for change in changes),
        texts=tuple(change.text for change in changes),
        files=tuple(sorted(rewritten)),
        skipped=tuple(skipped),
        problems=tuple(problems),
    )
    if result.ok and not dry_run:
        for file, text in rewritten.items():
            _write_atomically(directory / file, text)
    return result


# A line of a PO file's entry: a keyword and a string, or a string continuing the one
# above, each string closed by its own quote.
_ENTRY_LINE = re.compile(
    r'^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$'
)


def _unterminated(data: bytes) -> int | None:
    """The first line (1-based) that is neither blank, a comment nor a well-formed entry
    line. Babel reads a string by dropping its first and last characters, so a closing
    quote deleted by mistake would cut the last letter off a live text."""
    for number, line in enumerate(data.decode("utf-8-sig").splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not _ENTRY_LINE.match(line):
            return number
    return None


def _plan(
    catalog: Catalog, entries: Mapping[str, TextEntry], locale: str
) -> tuple[list[_Change], list[str], list[str]]:
    changes: list[_Change] = []
    skipped: list[str] = []
    problems: list[str] = []
    for message in catalog:
        if not message.id:
            continue  # the header
        context = message.context or ""
        label = context or repr(message.id)[:60]
        if isinstance(message.id, tuple) or isinstance(message.string, tuple):
            problems.append(f"{label}: plural forms are not used in flows")
            continue
        entry = entries.get(context)
        if entry is None:
            problems.append(
                f"{label}: no such text in the flows (unknown msgctxt); "
                "export a fresh PO file and translate that"
            )
            continue
        translation = str(message.string or "")
        current = entry.texts.get(locale)
        if message.fuzzy:
            if translation and translation != current:
                skipped.append(f"{context}: fuzzy, left as it was")
            continue
        if not translation:
            if current:
                skipped.append(f"{context}: empty, the existing text stays")
            continue
        if message.id != entry.source:
            problems.append(
                f"{context}: the English text has changed since this file was exported; "
                "export a fresh PO file and translate that"
            )
            continue
        missing = sorted(
            set(PLACEHOLDER.findall(message.id)) - set(PLACEHOLDER.findall(translation))
        )
        extra = sorted(set(PLACEHOLDER.findall(translation)) - set(PLACEHOLDER.findall(message.id)))
        if missing:
            problems.append(f"{context}: the translation drops {', '.join(missing)}; keep it as is")
        if extra:
            problems.append(
                f"{context}: the translation has {', '.join(extra)}, which the English does not"
            )
        if missing or extra:
            continue
        if translation != current:
            changes.append(_Change(entry, translation))
    return changes, skipped, problems


class _RewriteError(Exception):
    pass


def _yaml() -> YAML:
    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = 4096  # never re-wrap lines we did not change
    handler.indent(mapping=2, sequence=4, offset=2)
    return handler


def _rewrite(path: Path, changes: Sequence[_Change], locale: str) -> str:
    """The file's new text with the changes applied; everything else is kept verbatim."""
    handler = _yaml()
    try:
        document = handler.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError) as error:
        raise _RewriteError(f"{path}: cannot read the file: {error}") from error
    for change in changes:
        _set_text(document, change, locale)
    _mark_unreviewed(document, locale)
    buffer = io.StringIO()
    handler.dump(document, buffer)
    return buffer.getvalue()


def _set_text(document: object, change: _Change, locale: str) -> None:
    where = change.entry.path
    parent: Any = document
    try:
        for part in where[:-1]:
            parent = parent[part]
        node = parent[where[-1]]
    except (KeyError, IndexError, TypeError) as error:
        raise _RewriteError(
            f"{change.entry.context}: cannot find this place in the file to write to"
        ) from error
    if isinstance(node, str):
        # A plain string is English only: it becomes a map of locale to text.
        texts = CommentedMap()
        texts[SOURCE_LOCALE] = node
        texts[locale] = _styled(change.text, node)
        if "\n" not in node and len(node) + len(change.text) < 60:
            texts.fa.set_flow_style()
        parent[where[-1]] = texts
    elif isinstance(node, CommentedMap):
        like = node.get(locale, node.get(SOURCE_LOCALE))
        node[locale] = _styled(change.text, like)
    else:
        raise _RewriteError(f"{change.entry.context}: this place does not hold a text")


def _mark_unreviewed(document: object, locale: str) -> None:
    """A new locale's texts are recorded as not yet reviewed (flows) or not validated
    (instruments), where the file keeps such a `translations` map. A flow's reviewed
    language whose texts changed needs reading again, so it is unreviewed once more."""
    if not isinstance(document, CommentedMap):
        return
    instrument = "instrument" in document
    _set_status(document, locale, "validated" if instrument else "reviewed", False, not instrument)


def mark_reviewed(text: str, file: str, locale: str) -> str:
    """A flow file's text with its `locale` texts recorded as reviewed; everything else is
    kept verbatim. FlowSpecError when the text is not a flow."""
    handler = _yaml()
    try:
        document = handler.load(text)
    except YAMLError as error:
        raise FlowSpecError([Problem(file, "", f"cannot read the file: {error}")]) from error
    if not isinstance(document, CommentedMap) or "flow" not in document:
        raise FlowSpecError([Problem(file, "", "this file is not a flow")])
    _set_status(document, locale, "reviewed", True, True)
    buffer = io.StringIO()
    handler.dump(document, buffer)
    return buffer.getvalue()


def _set_status(
    document: CommentedMap, locale: str, key: str, value: bool, overwrite: bool
) -> None:
    statuses = document.get("translations")
    if statuses is None and "flow" in document:
        statuses = CommentedMap()
        keys = list(document)
        document.insert(
            keys.index("steps") if "steps" in keys else len(keys), "translations", statuses
        )
    if not isinstance(statuses, CommentedMap):
        return
    if isinstance(statuses.get(locale), CommentedMap):
        if overwrite:
            statuses[locale][key] = value
        return
    if locale in statuses and not overwrite:
        return
    status = CommentedMap()
    status[key] = value
    status.fa.set_flow_style()
    statuses[locale] = status


def _styled(text: str, like: object) -> object:
    """`text` written in the same YAML style as its neighbour `like`."""
    if isinstance(like, LiteralScalarString):
        return LiteralScalarString(text)
    if "\n" in text:
        return DoubleQuotedScalarString(text)
    if isinstance(like, FoldedScalarString):
        folded = FoldedScalarString(text)
        folded.fold_pos = _fold_positions(text, _fold_width(like))
        return folded
    if isinstance(like, SingleQuotedScalarString) and "'" not in text:
        return SingleQuotedScalarString(text)
    if isinstance(like, DoubleQuotedScalarString | SingleQuotedScalarString):
        return DoubleQuotedScalarString(text)
    return text if _plain_is_safe(text) else DoubleQuotedScalarString(text)


def _plain_is_safe(text: str) -> bool:
    # The engine reads YAML 1.1, where `no`, `on` and `09:00` are not strings.
    try:
        return bool(yaml.safe_load(text) == text)
    except yaml.YAMLError:
        return False


def _fold_width(like: FoldedScalarString) -> int:
    positions = [-1, *getattr(like, "fold_pos", []), len(like)]
    longest = max(end - start - 1 for start, end in pairwise(positions))
    return max(longest, 40) if len(positions) > 2 else FOLD_WIDTH


def _fold_positions(text: str, width: int) -> list[int]:
    """Where to break a folded scalar: spaces that keep each line within `width`."""
    positions: list[int] = []
    line_start = 0
    last_space = -1
    for index, char in enumerate(text):
        if char == " " and index > 0 and text[index - 1] != " ":
            if index - line_start > width and last_space > line_start:
                positions.append(last_space)
                line_start = last_space + 1
            last_space = index
    if len(text) - line_start > width and last_space > line_start:
        positions.append(last_space)
    return positions


def _new_lint_problems(
    directory: Path, rewritten: Mapping[str, str], locales: Sequence[str]
) -> list[str]:
    """Lint a copy of the library with the rewritten files; report only new problems."""
    unique = tuple(dict.fromkeys(locales))
    before = _lint(directory, unique)
    with tempfile.TemporaryDirectory(prefix="qadam-import-") as scratch:
        copy = Path(scratch) / "flows"
        shutil.copytree(directory, copy)
        for file, text in rewritten.items():
            (copy / file).write_text(text, encoding="utf-8")
        after = _lint(copy, unique)
    return [
        f"{file}: {where}: {message}"
        for file, where, message in after
        if (file, where, message) not in before
    ]


def _lint(directory: Path, locales: tuple[str, ...]) -> list[tuple[str, str, str]]:
    _, problems = scan_directory(directory, locales)
    found: list[tuple[str, str, str]] = []
    for problem in problems:
        try:
            file = Path(problem.file).relative_to(directory).as_posix()
        except ValueError:
            file = problem.file
        found.append((file, problem.where, problem.message))
    return found


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
