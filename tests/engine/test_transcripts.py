"""Runs every golden transcript; `pytest --update-goldens` rewrites the expected parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.graph import local_step, targets
from bot.engine.model import Flow, Step
from tests.engine.transcript import FLOWS, TRANSCRIPTS, golden_parts, load, rewrite, run

CASES = sorted(TRANSCRIPTS.glob("*.yaml"))
STEP_KINDS = frozenset(
    {
        "say",
        "ask+options",
        "ask+input text",
        "ask+input number",
        "ask+input time",
        "ask+input timerange",
        "option saves nothing",
        "route",
        "go",
        "go-flow",
        "end",
        "variants",
        "escalate",
        "schedule",
        "wait",
        "instrument",
        "forget",
    }
)


@pytest.mark.parametrize("path", CASES, ids=[case.stem for case in CASES])
def test_transcript(path: Path, update_goldens: bool) -> None:
    outcome = run(path)
    if update_goldens:
        rewrite(path, outcome)
        return
    expected = golden_parts(load(path))
    actual = {"turns": outcome.turns, "session": outcome.session}
    assert actual == expected, (
        f"{path.name} differs; if the change is intended, rerun with --update-goldens"
    )


def kinds(flow: Flow, name: str, step: Step) -> set[str]:
    found = {
        kind
        for kind, present in (
            ("say", step.say is not None),
            ("ask+options", step.options is not None),
            ("ask+input text", step.input == "text"),
            ("ask+input number", step.input == "number"),
            ("ask+input time", step.input == "time"),
            ("ask+input timerange", step.input == "timerange"),
            ("option saves nothing", any(not option.save for option in step.options or ())),
            ("route", step.route is not None),
            ("end", step.end),
            ("variants", bool(step.variants)),
            ("escalate", step.escalate is not None),
            ("schedule", step.schedule is not None),
            ("wait", step.wait is not None),
            ("instrument", step.instrument is not None),
            ("forget", step.forget),
        )
        if present
    }
    for edge in targets(name, step):
        found.add("go" if local_step(flow, edge.target) is not None else "go-flow")
    return found


def test_every_step_kind_has_a_golden_case() -> None:
    covered: set[str] = set()
    for path in CASES:
        outcome = run(path)
        for name in outcome.visited:
            covered |= kinds(outcome.flow, name, outcome.flow.steps[name])
    assert STEP_KINDS - covered == set(), "add a transcript that runs these step kinds"


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_every_published_flow_has_a_golden_transcript_in(locale: str) -> None:
    names = {path.name for path in TRANSCRIPTS.glob("*.yaml")}
    missing = [
        flow.stem
        for flow in sorted(FLOWS.glob("*.yaml"))
        if not any(name.startswith(f"{flow.stem}-{locale}") for name in names)
    ]
    assert missing == [], f"add tests/transcripts/<flow>-{locale}-*.yaml for these"
