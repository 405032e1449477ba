"""Golden transcripts: a flow, the person's facts, events, and the effects expected.

A transcript file (tests/transcripts/*.yaml):

    description: what the case shows
    flow: flows/onboarding.yaml        # a path from the project root, or an inline flow
    instruments: {NAME: {...}}         # optional inline instruments
    locales: [en, ru]                  # locales an inline flow is checked for (default en)
    facts: {locale: en}
    turns:
      - start: {}                      # or {step: NAME}
        expect: [...effects...]
      - reply: {choice: 0}             # seq defaults to the session's current seq
        expect: [...]
      - reply: {choice: 0, seq: 1}
        raises: StaleAnswer
    session: {...}                     # status, step, seq, vars, facts after the last turn

`expect`, `raises` and `session` are the golden parts: `pytest --update-goldens` rewrites
them from what the engine does now (comments in the file are not kept).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.engine.effects import Effect, effect_to_dict
from bot.engine.interpreter import step_traced
from bot.engine.loader import Library, load_library
from bot.engine.model import Flow, Instrument
from bot.engine.parse import parse_flow, parse_instrument
from bot.engine.rules import LintContext, lint_flow
from bot.engine.session import Event, Reply, Session, Start
from bot.spec.errors import FlowError

ROOT = Path(__file__).resolve().parents[2]
TRANSCRIPTS = ROOT / "tests" / "transcripts"
FLOWS = ROOT / "flows"
CLOCK = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
LIBRARY_LOCALES = ("en", "ru")


@dataclass
class Outcome:
    """What running a transcript produced: the golden parts, plus the steps visited."""

    flow: Flow
    turns: list[dict[str, Any]] = field(default_factory=list)
    session: dict[str, Any] = field(default_factory=dict)
    visited: set[str] = field(default_factory=set)


@functools.cache
def published_library() -> Library:
    """The shipped flows, loaded and linted once per test run rather than per transcript."""
    return load_library(FLOWS, LIBRARY_LOCALES)


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: a transcript is a mapping"
    return data


def flow_of(data: dict[str, Any], file: str) -> tuple[Flow, dict[str, Instrument]]:
    instruments = {
        name: parse_instrument(raw, f"{file}: instruments.{name}")
        for name, raw in (data.get("instruments") or {}).items()
    }
    source = data["flow"]
    if isinstance(source, str):
        library = published_library()
        flow = library.flow(load(ROOT / source)["flow"])
        return flow, dict(library.instruments) | instruments
    flow = parse_flow(source, f"{file}: flow")
    known = {path.stem for path in FLOWS.glob("*.yaml")} | {flow.flow}
    context = LintContext(
        flows={name: frozenset() for name in known} | {flow.flow: frozenset(flow.steps)},
        instruments=instruments,
        locales=tuple(data.get("locales", ["en"])),
    )
    problems = lint_flow(flow, f"{file}: flow", context)
    assert not problems, "\n".join(map(str, problems))
    return flow, instruments


def run(path: Path) -> Outcome:
    data = load(path)
    flow, instruments = flow_of(data, path.name)
    session = Session(flow=flow.flow, facts=dict(data.get("facts") or {}))
    outcome = Outcome(flow)
    for index, turn in enumerate(data["turns"]):
        event = _event(turn, session, CLOCK + timedelta(minutes=index))
        golden: dict[str, Any] = {key: turn[key] for key in ("start", "reply") if key in turn}
        try:
            session, effects, trace = step_traced(flow, session, event, instruments=instruments)
        except FlowError as error:
            golden["raises"] = type(error).__name__
        else:
            golden["expect"] = [_plain(effect) for effect in effects]
            outcome.visited.update(trace)
        outcome.turns.append(golden)
    outcome.session = session.model_dump(
        mode="json", include={"status", "step", "seq", "vars", "facts"}
    )
    return outcome


def _plain(effect: Effect) -> dict[str, Any]:
    data = effect_to_dict(effect)
    # kind first, so a golden file reads like the conversation it records.
    return {"kind": data.pop("kind"), **data}


def _event(turn: dict[str, Any], session: Session, at: datetime) -> Event:
    if "start" in turn:
        return Start(at=at, **(turn["start"] or {}))
    reply = dict(turn["reply"])
    if "choice" in reply:
        reply.setdefault("seq", session.seq)
    return Reply(at=at, **reply)


def rewrite(path: Path, outcome: Outcome) -> None:
    data = load(path)
    data["turns"] = outcome.turns
    data["session"] = outcome.session
    path.write_text(
        yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None
        ),
        encoding="utf-8",
    )


def golden_parts(data: dict[str, Any]) -> dict[str, Any]:
    turns = [
        {key: turn[key] for key in ("start", "reply", "expect", "raises") if key in turn}
        for turn in data["turns"]
    ]
    return {"turns": turns, "session": data.get("session")}
