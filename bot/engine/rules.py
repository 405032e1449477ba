"""The linter's rules: whole-flow checks that a single step's validation cannot see.

Each check yields problems pointing at the key to fix; `lint_flow` runs them all so an
admin sees every problem in one pass. A flow with any problem is never published.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from bot.engine.conditions import variables
from bot.engine.errors import Problem
from bot.engine.graph import Edge, local_step, reachable, silent_loops, targets
from bot.engine.model import Flow, Instrument, Step
from bot.engine.session import PROFILE_FIELDS, TREND_FIELDS

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_VAR = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class LintContext:
    """What a flow may refer to: the flows beside it (with their steps) and instruments."""

    flows: Mapping[str, frozenset[str]]
    instruments: frozenset[str]
    locales: tuple[str, ...]


def lint_flow(flow: Flow, file: str, context: LintContext) -> list[Problem]:
    checks = (
        _names(flow),
        _targets(flow, context),
        _instruments(flow, context),
        _unreachable(flow),
        _no_way_out(flow),
        _loops(flow),
        _duplicate_values(flow),
        _variables(flow),
        _translations(_flow_texts(flow), context.locales),
    )
    return [Problem(file, where, message) for check in checks for where, message in check]


def lint_instrument(instrument: Instrument, file: str, locales: Sequence[str]) -> list[Problem]:
    texts: list[tuple[str, Mapping[str, str]]] = [("title", instrument.title)]
    if instrument.prompt is not None:
        texts.append(("prompt", instrument.prompt))
    texts += [(f"items[{index}]", item) for index, item in enumerate(instrument.items)]
    texts += [(f"scale[{index}].text", point.text) for index, point in enumerate(instrument.scale)]
    found = list(_translations(texts, tuple(locales)))
    if not _NAME.match(instrument.instrument):
        found.append(("instrument", _bad_name("instrument", instrument.instrument)))
    values = [point.value for point in instrument.scale]
    for index, value in enumerate(values):
        if value in values[:index]:
            found.append((f"scale[{index}].value", f"value {value!r} is used twice"))
    return [Problem(file, where, message) for where, message in found]


Found = Iterator[tuple[str, str]]


def _at(where: str, message: str) -> tuple[str, str]:
    return where, message


def _bad_name(what: str, name: str) -> str:
    return f"{what} name {name!r} should use only lowercase letters, digits, '-' and '_'"


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    matches = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean {matches[0]!r}?)" if matches else ""


def _names(flow: Flow) -> Found:
    if not _NAME.match(flow.flow):
        yield "flow", _bad_name("flow", flow.flow)
    for name, step in flow.steps.items():
        if not _NAME.match(name):
            yield f"steps.{name}", _bad_name("step", name)
        if step.save is not None and not _VAR.match(step.save):
            yield _at(
                f"steps.{name}.save",
                f"{step.save!r} should start with a letter and use only lowercase letters, "
                "digits and '_'",
            )
        if step.save in TREND_FIELDS:
            yield _at(
                f"steps.{name}.save",
                f"{step.save!r} is computed from check-ins and cannot be saved; pick another name",
            )
    for field in flow.audience or {}:
        if field not in PROFILE_FIELDS:
            yield _at(
                f"audience.{field}",
                f"{field!r} is not a profile field{_did_you_mean(field, PROFILE_FIELDS)}",
            )


def _targets(flow: Flow, context: LintContext) -> Found:
    if flow.start not in flow.steps:
        yield "start", f"no step {flow.start!r}{_did_you_mean(flow.start, flow.steps)}"
    for name, step in flow.steps.items():
        for edge in targets(name, step):
            yield from _target(flow, edge, context)
        if step.schedule is not None and step.schedule.flow not in context.flows:
            yield _at(
                f"steps.{name}.schedule.flow",
                f"no flow {step.schedule.flow!r}{_did_you_mean(step.schedule.flow, context.flows)}",
            )


def _target(flow: Flow, edge: Edge, context: LintContext) -> Found:
    local = local_step(flow, edge.target)
    other = edge.target.flow
    if local is not None:
        if local not in flow.steps:
            yield edge.where, f"no step {local!r}{_did_you_mean(local, flow.steps)}"
        return
    assert other is not None  # local_step is None only for another flow
    if other not in context.flows:
        yield f"{edge.where}.flow", f"no flow {other!r}{_did_you_mean(other, context.flows)}"
    elif edge.target.step is not None and edge.target.step not in context.flows[other]:
        yield _at(
            f"{edge.where}.step",
            f"flow {other!r} has no step {edge.target.step!r}"
            f"{_did_you_mean(edge.target.step, context.flows[other])}",
        )


def _instruments(flow: Flow, context: LintContext) -> Found:
    for name, step in flow.steps.items():
        if step.instrument is not None and step.instrument not in context.instruments:
            yield _at(
                f"steps.{name}.instrument",
                f"no instrument {step.instrument!r}"
                f"{_did_you_mean(step.instrument, context.instruments)}; instruments live in "
                "flows/instruments/",
            )


def _unreachable(flow: Flow) -> Found:
    if flow.start not in flow.steps:
        return
    seen = reachable(flow, flow.start) | {flow.start}
    for name in flow.steps:
        if name not in seen:
            yield _at(
                f"steps.{name}",
                f"unreachable: no step leads here from the start step {flow.start!r}; "
                "point a `go` at it or remove it",
            )


def _no_way_out(flow: Flow) -> Found:
    for name, step in flow.steps.items():
        if step.end or step.go is not None:
            continue
        if step.route is not None:
            if step.route[-1].when is not None:
                yield _at(
                    f"steps.{name}.route",
                    "when no `when` matches there is no way on; end the route with an entry "
                    "that has only `go`",
                )
            continue
        stuck = [index for index, option in enumerate(step.options or ()) if option.go is None]
        if step.options and not stuck:
            continue
        for index in stuck:
            yield _at(
                f"steps.{name}.options[{index}]",
                "this option leads nowhere; give it `go`, or give the step `go`, `route` or "
                "`end: true`",
            )
        if not step.options:
            yield f"steps.{name}", "no way out; add `go`, `route` or `end: true`"


def _loops(flow: Flow) -> Found:
    for group in silent_loops(flow):
        path = " -> ".join([*group, group[0]])
        yield _at(
            f"steps.{group[0]}",
            f"steps {path} loop without asking anything, so the bot would send messages "
            "forever; add an `ask` to the loop or leave it with `end: true`",
        )


def _duplicate_values(flow: Flow) -> Found:
    for name, step in flow.steps.items():
        seen: dict[tuple[str, object], int] = {}
        for index, option in enumerate(step.options or ()):
            # 1 and true are different answers, though Python compares them equal.
            key = (type(option.value).__name__, option.value)
            if key in seen:
                yield _at(
                    f"steps.{name}.options[{index}].value",
                    f"value {option.value!r} is already used by options[{seen[key]}]; "
                    "each option needs its own value",
                )
            else:
                seen[key] = index


def _variables(flow: Flow) -> Found:
    saved = {step.save for step in flow.steps.values() if step.save is not None}
    instruments = {step.instrument for step in flow.steps.values() if step.instrument}
    known = PROFILE_FIELDS | TREND_FIELDS | saved
    for name, step in flow.steps.items():
        conditions = [
            (f"steps.{name}.route[{i}].when", r.when) for i, r in enumerate(step.route or ())
        ]
        conditions += [
            (f"steps.{name}.variants[{i}].when", v.when) for i, v in enumerate(step.variants)
        ]
        for where, condition in conditions:
            if condition is None:
                continue
            for var in variables(condition):
                if var in known or var.split(".", 1)[0] in instruments:
                    continue
                suggestions = known | {f"{inst}.total" for inst in instruments}
                yield _at(
                    where,
                    f"condition uses unknown variable {var!r}{_did_you_mean(var, suggestions)}; "
                    "variables are profile fields, trends, `save` names of this flow and "
                    "results of its instruments",
                )


def _flow_texts(flow: Flow) -> Iterator[tuple[str, Mapping[str, str]]]:
    yield "title", flow.title
    for name, step in flow.steps.items():
        yield from _step_texts(f"steps.{name}", step)


def _step_texts(base: str, step: Step) -> Iterator[tuple[str, Mapping[str, str]]]:
    if step.say is not None:
        yield f"{base}.say", step.say
    if step.ask is not None:
        yield f"{base}.ask", step.ask
    for index, option in enumerate(step.options or ()):
        yield f"{base}.options[{index}].text", option.text
    for index, variant in enumerate(step.variants):
        if variant.say is not None:
            yield f"{base}.variants[{index}].say", variant.say
        if variant.ask is not None:
            yield f"{base}.variants[{index}].ask", variant.ask


def _translations(
    texts: Iterable[tuple[str, Mapping[str, str]]], locales: tuple[str, ...]
) -> Found:
    for where, text in texts:
        for locale in locales:
            if locale not in text:
                hint = " (a plain string counts as English only)" if set(text) == {"en"} else ""
                yield where, f"no {locale!r} text{hint}; add `{locale}: ...`"
