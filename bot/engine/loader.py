"""Reading a directory of flows and instruments, checked as one library.

A flow may `go` to any flow in its directory, and use any instrument in `instruments/`
beneath it. Loading refuses the whole library if any file has a problem, so a broken
script can never reach users; `lint.check_paths` reports the same problems without raising.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from bot.engine.errors import FlowRuntimeError
from bot.engine.instrument_rules import lint_instrument
from bot.engine.model import Flow, Instrument
from bot.engine.parse import parse_flow, parse_instrument
from bot.engine.rules import LintContext, lint_flow
from bot.engine.screens import SCREENS
from bot.spec.errors import FlowSpecError, Problem
from bot.spec.parse import read_spec_file, read_yaml

# Screens have no steps a flow could name; they only need to exist as targets.
SCREEN_TARGETS: dict[str, frozenset[str]] = {name: frozenset() for name in SCREENS}

INSTRUMENTS_DIR = "instruments"


class Library:
    """Every flow (by flow name) and instrument (by instrument name) of a directory.

    One object per running bot, shared by every use case: a publish `replace`s its content
    in place rather than handing a new library to each holder. The flows it replaces stay
    available by revision, so a conversation under way finishes on the flow it started.
    """

    def __init__(self, flows: Mapping[str, Flow], instruments: Mapping[str, Instrument]) -> None:
        self._flows: Mapping[str, Flow] = dict(flows)
        self._instruments: Mapping[str, Instrument] = dict(instruments)
        self._revisions = {name: revision_of(flow) for name, flow in self._flows.items()}
        self._earlier: dict[str, Flow] = {}

    @property
    def flows(self) -> Mapping[str, Flow]:
        return self._flows

    @property
    def instruments(self) -> Mapping[str, Instrument]:
        return self._instruments

    def flow(self, name: str) -> Flow:
        found = self._flows.get(name)
        if found is None:
            raise FlowRuntimeError(
                f"no flow {name!r} in the library; known flows: {', '.join(sorted(self._flows))}"
            )
        return found

    def recall_days(self, name: str) -> int:
        """The longest span of days that the questionnaires flow `name` asks look back
        over; 1 for a flow without one. Asked more often, they would count days twice."""
        asked = (step.instrument for step in self.flow(name).steps.values())
        return max(
            (
                self._instruments[instrument].recall_days or 1
                for instrument in asked
                if instrument is not None and instrument in self._instruments
            ),
            default=1,
        )

    def revision(self, name: str) -> str:
        """The revision of flow `name` now in force, for a conversation to pin."""
        self.flow(name)
        return self._revisions[name]

    def pinned(self, name: str, revision: str | None) -> Flow | None:
        """The flow a conversation started on: the one in force if it is that revision (or
        the conversation pinned none), an earlier one this process still holds, else None."""
        current = self._flows.get(name)
        if revision is None or (current is not None and self._revisions[name] == revision):
            return current
        return self._earlier.get(revision)

    def replace(self, newer: Library) -> None:
        """Put `newer`'s flows and instruments in force, keeping the flows replaced."""
        for name, flow in self._flows.items():
            self._earlier[self._revisions[name]] = flow
        self._flows, self._instruments = newer.flows, newer.instruments
        self._revisions = dict(newer._revisions)


def revision_of(flow: Flow) -> str:
    """A short fingerprint of what a flow does and says, the same in every process."""
    return hashlib.sha256(flow.model_dump_json(warnings=False).encode()).hexdigest()[:16]


def load_library(directory: Path, enabled_locales: Sequence[str]) -> Library:
    """Load and check `directory`; FlowSpecError lists every problem in every file."""
    library, problems = scan_directory(directory, tuple(enabled_locales))
    if problems:
        raise FlowSpecError(problems)
    return library


def load_flow(path: Path, enabled_locales: Sequence[str]) -> Flow:
    """Load and check one flow file against the flows and instruments beside it."""
    flow, problems = scan_flow_file(path, tuple(enabled_locales))
    if problems or flow is None:
        raise FlowSpecError(problems)
    return flow


def scan_directory(directory: Path, locales: tuple[str, ...]) -> tuple[Library, list[Problem]]:
    """The valid part of a directory's library, and every problem found in it."""
    instruments, problems = scan_instruments(directory / INSTRUMENTS_DIR, locales)
    flows: dict[str, tuple[Path, Flow]] = {}
    for path in _yaml_files(directory):
        try:
            flow = parse_flow(read_spec_file(path), str(path))
        except FlowSpecError as error:
            problems += error.problems
            continue
        if flow.flow in flows:
            problems.append(_duplicate(path, "flow", flow.flow, flows[flow.flow][0]))
        else:
            flows[flow.flow] = (path, flow)
    context = LintContext(
        flows=_step_names(directory)
        | {name: frozenset(f.steps) for name, (_, f) in flows.items()}
        | SCREEN_TARGETS,
        instruments=instruments,
        locales=locales,
    )
    for path, flow in flows.values():
        problems += lint_flow(flow, str(path), context)
    library = Library({name: flow for name, (_, flow) in flows.items()}, instruments)
    return library, problems


def scan_flow_file(path: Path, locales: tuple[str, ...]) -> tuple[Flow | None, list[Problem]]:
    """One flow, checked against the flows and instruments beside it."""
    instruments, _ = scan_instruments(path.parent / INSTRUMENTS_DIR, locales)
    try:
        flow = parse_flow(read_spec_file(path), str(path))
    except FlowSpecError as error:
        return None, list(error.problems)
    context = LintContext(
        flows=_step_names(path.parent) | {flow.flow: frozenset(flow.steps)} | SCREEN_TARGETS,
        instruments=instruments,
        locales=locales,
    )
    return flow, lint_flow(flow, str(path), context)


def scan_flow_text(
    text: str, file: str, library: Library, locales: tuple[str, ...]
) -> tuple[Flow | None, list[Problem]]:
    """A flow as typed in the console's editor, checked by the same linter against the
    library the bot has loaded, as if its file stood beside theirs."""
    try:
        flow = parse_flow(read_yaml(text, file), file)
    except FlowSpecError as error:
        return None, list(error.problems)
    steps = {name: frozenset(known.steps) for name, known in library.flows.items()}
    context = LintContext(
        flows=steps | {flow.flow: frozenset(flow.steps)} | SCREEN_TARGETS,
        instruments=library.instruments,
        locales=locales,
    )
    return flow, lint_flow(flow, file, context)


def load_instruments(directory: Path, enabled_locales: Sequence[str]) -> dict[str, Instrument]:
    """Load and check every instrument in `directory`; FlowSpecError lists every problem."""
    instruments, problems = scan_instruments(directory, tuple(enabled_locales))
    if problems:
        raise FlowSpecError(problems)
    return instruments


def scan_instruments(
    directory: Path, locales: tuple[str, ...]
) -> tuple[dict[str, Instrument], list[Problem]]:
    instruments: dict[str, tuple[Path, Instrument]] = {}
    problems: list[Problem] = []
    for path in _yaml_files(directory):
        instrument, found = scan_instrument_file(path, locales)
        problems += found
        if instrument is None:
            continue
        name = instrument.instrument
        if name in instruments:
            problems.append(_duplicate(path, "instrument", name, instruments[name][0]))
        else:
            instruments[name] = (path, instrument)
    return {name: instrument for name, (_, instrument) in instruments.items()}, problems


def scan_instrument_file(
    path: Path, locales: tuple[str, ...]
) -> tuple[Instrument | None, list[Problem]]:
    try:
        instrument = parse_instrument(read_spec_file(path), str(path))
    except FlowSpecError as error:
        return None, list(error.problems)
    return instrument, lint_instrument(instrument, str(path), locales)


def _step_names(directory: Path) -> dict[str, frozenset[str]]:
    """Flow names and their step names, read leniently so that one broken flow does not
    make every `go` into it look dangling as well."""
    names: dict[str, frozenset[str]] = {}
    for path in _yaml_files(directory):
        try:
            data = read_spec_file(path)
        except FlowSpecError:
            continue
        if isinstance(data, Mapping) and isinstance(data.get("flow"), str):
            steps = data.get("steps")
            names[data["flow"]] = frozenset(steps) if isinstance(steps, Mapping) else frozenset()
    return names


def _duplicate(path: Path, what: str, name: str, first: Path) -> Problem:
    return Problem(str(path), what, f"{what} {name!r} is already defined in {first}; rename one")


def _yaml_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.iterdir() if path.suffix in (".yaml", ".yml"))
