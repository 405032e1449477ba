"""The content editor: the flows the bot has loaded, the text of one to edit, and the
check of an edited text by the same linter as `qadam flows check`, each problem with the
line of the text it points at. For editors and admins.

`check_draft` is what the editor's Check does with a text; keeping a draft and publishing
it (content revisions) are to follow the same check.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.app.console import texts_content as TC
from bot.app.console.reading import Reader, Refused
from bot.content.sources import FlowFiles
from bot.engine.loader import scan_flow_text
from bot.engine.model import Flow
from bot.engine.texts import resolve
from bot.escalation import staff as staff_members
from bot.spec.lines import line_of


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


def source(tr: Reader, files: FlowFiles, name: str) -> str | Refused:
    """The text of a loaded flow, to edit."""
    refused = refusal(tr)
    if refused is not None:
        return refused
    text = files.text(name) if name in tr.services.library.flows else None
    return text if text is not None else tr.refuse("not-found", TC.NO_FLOW)


def check_draft(tr: Reader, name: str, text: str) -> Checked | Refused:
    """Check an edited text of flow `name` against the flows the bot has loaded."""
    refused = refusal(tr)
    if refused is not None:
        return refused
    if name not in tr.services.library.flows:
        return tr.refuse("not-found", TC.NO_FLOW)
    services = tr.services
    flow, problems = scan_flow_text(text, name, services.library, services.catalogs.locales)
    marks = (Mark(line_of(text, p.where), p.where, p.message) for p in problems)
    return Checked(flow, tuple(sorted(marks, key=lambda m: m.line or 0)))
