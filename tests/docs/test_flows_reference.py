"""Every example in docs/flows.md is checked as `qadam flows check` checks, and run.

The page's fenced blocks follow a convention (described at its end, "How this page is
tested"):

- ```yaml                a complete flow file; it must pass the check and run;
- ```yaml step           the keys of one step, made the only step of a small flow;
- ```yaml top            top-level keys, added to a small one-step flow;
- ```yaml broken         a flow the check must reject; the next block, ```text output,
                         holds exactly the lines `qadam flows check` prints for it;
- `locales=en,ru`        after `yaml`: the enabled locales to check with (default `en`).

Each example is written to `flows/<its flow name>.yaml` in a copy of the repository's
`flows/` folder, so it can lead to real flows and ask real questionnaires, and checked with
`bot.content.check.check_paths`, the function behind `qadam flows check`. Passing examples
are then stepped through the pure engine (`bot.engine.interpreter`) for a few profiles,
tapping every button and typing sample answers, and every step must be reached.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from pydantic import BaseModel

from bot.content.check import check_paths
from bot.engine.conditions import OPS
from bot.engine.effects import Ask
from bot.engine.interpreter import reprompt, step_traced
from bot.engine.loader import INSTRUMENTS_DIR, load_instruments
from bot.engine.model import INPUT_KINDS, Flow, Instrument
from bot.engine.parse import parse_flow
from bot.engine.rules import NAME
from bot.engine.session import COMPUTED_FIELDS, PROFILE_FIELDS, Reply, Session, Start
from bot.spec.locales import ALL_LOCALES
from bot.spec.parse import read_spec_file, read_yaml
from bot.spec.severity import SEVERITIES

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "flows.md"
FLOWS = ROOT / "flows"
DEFAULT_LOCALES: tuple[str, ...] = ("en",)
AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

# A fence opens with ``` at the start of a line, its info string runs to the line's end,
# and it closes at the next line that is only ```.
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
YAML_MARKS = ("broken", "step", "top")

# Fragments become this flow: `step` blocks are its one step, `top` blocks add keys to it.
FRAGMENT_HEAD = "spec: 1\nflow: fragment\ntitle: Fragment\nstart: only\nsteps:\n  only:\n"
FRAGMENT_STEP = '    say: "Fragment."\n    end: true\n'

# Who the walk plays: nobody known yet, and people who make variants and routes differ,
# trends included (computed when a flow starts).
PROFILES: tuple[Mapping[str, Any], ...] = (
    {},
    {"locale": "en", "role": "self", "age_band": "adult", "gender": "female", "country": "KZ"},
    {"locale": "en", "role": "self", "age_band": "adult", "mood_avg_7d": 1.7},
    {"locale": "en", "role": "self", "age_band": "adult", "missed_checkins": 3},
    {"locale": "en", "role": "self", "age_band": "adolescent", "gender": "male", "country": "UZ"},
    {
        "locale": "en",
        "role": "caregiver",
        "age_band": "adult",
        "child_age_band": "6-12",
        "country": "other",
    },
    {
        "locale": "en",
        "role": "caregiver",
        "relationship": "grandparent",
        "age_band": "adult",
        "children": "6-12,0-5",
        "child_age_band": "6-12",
    },
)
# What the walk types for each kind of `input`.
TYPED: Mapping[str, tuple[str, ...]] = {
    "text": ("I slept badly and woke up twice",),
    "number": ("0", "1", "2", "3", "4", "5", "7,5", "12"),
    "time": ("9:30",),
    "timerange": ("22:00-07:00",),
}
# Far more states than any example has; reaching it means the walk does not converge.
MAX_STATES = 20_000


@dataclass(frozen=True)
class Block:
    line: int
    lang: str
    marks: tuple[str, ...]
    body: str


@dataclass(frozen=True)
class Example:
    line: int
    kind: str  # "flow", "step", "top" or "broken"
    body: str
    locales: tuple[str, ...]
    expected: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.kind}-line{self.line}"

    def file_text(self) -> str:
        if self.kind == "step":
            return FRAGMENT_HEAD + "".join(f"    {line}\n" for line in self.body.splitlines())
        if self.kind == "top":
            return FRAGMENT_HEAD + FRAGMENT_STEP + self.body
        return self.body

    def file_name(self) -> str:
        """`flows/<flow name>.yaml`, the file an admin would write it to."""
        try:
            data = yaml.safe_load(self.file_text())
        except yaml.YAMLError:
            data = None
        name = data.get("flow") if isinstance(data, dict) else None
        if not isinstance(name, str) or not NAME.match(name):
            name = "example"
        return f"flows/{name}.yaml"


def fenced_blocks(text: str) -> list[Block]:
    blocks = []
    for match in FENCE.finditer(text):
        words = match["info"].split()
        line = text.count("\n", 0, match.start()) + 1
        lang = words[0] if words else ""
        blocks.append(Block(line, lang, tuple(words[1:]), match["body"]))
    return blocks


def read_examples(text: str) -> tuple[list[Example], list[str]]:
    """The page's examples, and anything about its blocks that breaks the convention."""
    examples: list[Example] = []
    problems: list[str] = []
    blocks = fenced_blocks(text)
    for index, block in enumerate(blocks):
        where = f"docs/flows.md line {block.line}"
        if block.lang == "text" and block.marks == ("output",):
            before = blocks[index - 1] if index else None
            if before is None or before.lang != "yaml" or "broken" not in before.marks:
                problems.append(f"{where}: a ```text output block must follow a ```yaml broken")
            continue
        if block.lang != "yaml":
            continue
        locales = DEFAULT_LOCALES
        kinds = []
        for mark in block.marks:
            if mark.startswith("locales="):
                locales = tuple(mark.removeprefix("locales=").split(","))
            elif mark in YAML_MARKS:
                kinds.append(mark)
            else:
                problems.append(f"{where}: unknown mark {mark!r} after ```yaml")
        if len(kinds) > 1:
            problems.append(f"{where}: use one of {', '.join(YAML_MARKS)}, not several")
        kind = kinds[0] if kinds else "flow"
        expected: tuple[str, ...] = ()
        if kind == "broken":
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            if after is None or (after.lang, after.marks) != ("text", ("output",)):
                problems.append(f"{where}: a ```yaml broken block needs ```text output after it")
            else:
                expected = tuple(after.body.splitlines())
                if not expected:
                    problems.append(f"{where}: its ```text output block is empty")
        examples.append(Example(block.line, kind, block.body, locales, expected))
    return examples, problems


EXAMPLES, STRUCTURE_PROBLEMS = read_examples(DOC.read_text(encoding="utf-8"))
PASSING = [example for example in EXAMPLES if example.kind != "broken"]
BROKEN = [example for example in EXAMPLES if example.kind == "broken"]


@pytest.fixture
def flows_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's flows, as the working directory's `flows/`."""
    shutil.copytree(FLOWS, tmp_path / "flows")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "flows"


def check(example: Example) -> tuple[Path, list[str]]:
    """Write the example beside the copied flows and check it as `qadam flows check` does."""
    path = Path(example.file_name())
    path.write_text(example.file_text(), encoding="utf-8")
    return path, [str(problem) for problem in check_paths([path], example.locales)]


def test_the_page_follows_its_convention() -> None:
    assert STRUCTURE_PROBLEMS == []
    assert len(PASSING) >= 10
    assert len(BROKEN) >= 5


@pytest.mark.parametrize("example", PASSING, ids=lambda example: example.id)
def test_example_passes_the_check_and_runs(example: Example, flows_copy: Path) -> None:
    path, problems = check(example)
    assert problems == [], f"docs/flows.md line {example.line} fails `qadam flows check`"
    flow = parse_flow(read_spec_file(path), str(path))
    reached = walk(flow, shipped_instruments())
    unreached = sorted(set(flow.steps) - reached)
    assert unreached == [], f"docs/flows.md line {example.line}: the engine never reached these"


@pytest.mark.parametrize("example", BROKEN, ids=lambda example: example.id)
def test_broken_example_fails_as_the_page_says(example: Example, flows_copy: Path) -> None:
    _, problems = check(example)
    assert problems, f"docs/flows.md line {example.line} is meant to be broken, but passes"
    assert problems == list(example.expected)


@cache
def shipped_instruments() -> Mapping[str, Instrument]:
    """The repository's questionnaires, which examples may ask."""
    return load_instruments(FLOWS / INSTRUMENTS_DIR, DEFAULT_LOCALES)


def walk(flow: Flow, instruments: Mapping[str, Instrument]) -> set[str]:
    """Every step the engine runs, from the start, tapping every button and typing samples.

    States are told apart without `seq` (a question asked again is the same state), and a
    questionnaire in progress by how many items are answered and their sum, so that nine
    PHQ-9 items are not 4^9 paths; every answer to the last item is still tried.
    """
    reached: set[str] = set()
    seen: set[str] = set()
    for facts in PROFILES:
        first, _, trace = step_traced(
            flow, Session(flow=flow.flow, facts=dict(facts)), Start(at=AT), instruments=instruments
        )
        reached.update(trace)
        pending = [first]
        while pending:
            session = pending.pop()
            key = _state(session)
            if key in seen or session.status == "ended":
                continue
            seen.add(key)
            assert len(seen) < MAX_STATES, f"flow {flow.flow!r}: the walk does not converge"
            for reply in _replies(flow, session, instruments):
                after, _, trace = step_traced(flow, session, reply, instruments=instruments)
                reached.update(trace)
                pending.append(after)
    return reached


def _replies(
    flow: Flow, session: Session, instruments: Mapping[str, Instrument]
) -> Iterator[Reply]:
    [question] = reprompt(flow, session, instruments=instruments)
    assert isinstance(question, Ask)
    if question.options:
        for choice in question.options:
            yield Reply(at=AT, choice=choice.index, seq=session.seq)
        return
    for text in TYPED[question.input or "text"]:
        yield Reply(at=AT, text=text)


def _state(session: Session) -> str:
    data = session.model_dump(mode="json", exclude={"seq", "started_at", "updated_at"})
    if session.instrument is not None:
        answers = session.instrument.answers
        data["instrument"]["answers"] = [len(answers), sum(answers)]
    return json.dumps(data, sort_keys=True)


# -- the page describes the whole format --------------------------------------------------


def _passing_flows() -> list[tuple[Flow, object]]:
    found = []
    for example in PASSING:
        data = read_yaml(example.file_text(), example.file_name())
        found.append((parse_flow(data, example.file_name()), data))
    return found


def _fields_set(value: object) -> Iterator[tuple[str, str]]:
    """(model name, key) for every key written in the file, through nested models."""
    if isinstance(value, BaseModel):
        for name in value.model_fields_set:
            yield type(value).__name__, name
        for name in type(value).model_fields:
            yield from _fields_set(getattr(value, name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _fields_set(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _fields_set(item)


def _condition_keys(data: object, inside: bool = False) -> Iterator[str]:
    """Every mapping key inside a `when:` of the raw file data."""
    if isinstance(data, dict):
        for key, value in data.items():
            if inside:
                yield str(key)
            yield from _condition_keys(value, inside or key == "when")
    elif isinstance(data, list):
        for item in data:
            yield from _condition_keys(item, inside)


def _models(model: type[BaseModel]) -> set[type[BaseModel]]:
    """`model` and every model its fields hold, however deeply (Flow -> Step -> Option ...)."""
    found = {model}
    for field in model.model_fields.values():
        for kind in _types(field.annotation):
            if isinstance(kind, type) and issubclass(kind, BaseModel) and kind not in found:
                found |= _models(kind)
    return found


def _types(annotation: object) -> Iterator[object]:
    yield annotation
    for argument in get_args(annotation):
        yield from _types(argument)


def test_examples_use_every_key_of_the_format() -> None:
    used = {pair for flow, _ in _passing_flows() for pair in _fields_set(flow)}
    every = {(model.__name__, name) for model in _models(Flow) for name in model.model_fields}
    assert sorted(every - used) == []


def test_examples_use_every_condition_operator_and_input() -> None:
    flows = _passing_flows()
    keys = {key for _, data in flows for key in _condition_keys(data)}
    assert sorted({*OPS, "all", "any", "not"} - keys) == []
    inputs = {step.input for flow, _ in flows for step in flow.steps.values()}
    assert sorted(set(INPUT_KINDS) - inputs) == []


def test_the_page_names_every_variable_severity_and_locale() -> None:
    text = DOC.read_text(encoding="utf-8")
    names = [*PROFILE_FIELDS, *COMPUTED_FIELDS, *SEVERITIES, *OPS]
    names += [f"NAME.{result}" for result in ("total", "score", "band", "positive", "flags")]
    names += ["NAME.answers", "NAME.item1"]
    assert sorted(name for name in names if f"`{name}`" not in text) == []
    assert ",".join(ALL_LOCALES) in text  # the default of QADAM_LOCALES
