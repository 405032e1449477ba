"""The linter's rules: whole-flow checks that a single step's validation cannot see.

Each check yields problems pointing at the key to fix; `lint_flow` runs them all so an
admin sees every problem in one pass. A flow with any problem is never published.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from bot.engine.conditions import Compare, comparisons
from bot.engine.graph import Edge, local_step, reachable, silent_loops, targets
from bot.engine.model import Flow, Instrument, Step
from bot.engine.profile_values import BUTTONS_ONLY, INPUT_FOR_FIELD, value_problem
from bot.engine.session import COMPUTED_FIELDS, PROFILE_FIELDS
from bot.spec.errors import Problem

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_VAR = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class LintContext:
    """What a flow may refer to: the flows beside it (with their steps) and instruments."""

    flows: Mapping[str, frozenset[str]]
    instruments: Mapping[str, Instrument]
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
        _profile_values(flow),
        _variables(flow, context.instruments),
        missing_translations(_flow_texts(flow), context.locales),
    )
    return [Problem(file, where, message) for check in checks for where, message in check]


Found = Iterator[tuple[str, str]]


def _at(where: str, message: str) -> tuple[str, str]:
    return where, message


def bad_name(what: str, name: str) -> str:
    return f"{what} name {name!r} should use only lowercase letters, digits, '-' and '_'"


def did_you_mean(name: str, known: Iterable[str]) -> str:
    matches = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean {matches[0]!r}?)" if matches else ""


def _names(flow: Flow) -> Found:
    if not NAME.match(flow.flow):
        yield "flow", bad_name("flow", flow.flow)
    for name, step in flow.steps.items():
        if not NAME.match(name):
            yield f"steps.{name}", bad_name("step", name)
        if step.save is not None and not _VAR.match(step.save):
            yield _at(
                f"steps.{name}.save",
                f"{step.save!r} should start with a letter and use only lowercase letters, "
                "digits and '_'",
            )
        if step.save == "children":
            yield _at(
                f"steps.{name}.save",
                "'children' is kept by saving 'add_child' (a band) or 'remove_child' (a "
                "child's number); save one of those",
            )
        if step.save in COMPUTED_FIELDS:
            yield _at(
                f"steps.{name}.save",
                f"{step.save!r} is computed from check-ins and cannot be saved; pick another name",
            )
    for field in flow.audience or {}:
        if field not in PROFILE_FIELDS:
            yield _at(
                f"audience.{field}",
                f"{field!r} is not a profile field{did_you_mean(field, PROFILE_FIELDS)}",
            )


def _targets(flow: Flow, context: LintContext) -> Found:
    if flow.start not in flow.steps:
        yield "start", f"no step {flow.start!r}{did_you_mean(flow.start, flow.steps)}"
    for name, step in flow.steps.items():
        for edge in targets(name, step):
            yield from _target(flow, edge, context)
        if step.schedule is not None and step.schedule.flow not in context.flows:
            yield _at(
                f"steps.{name}.schedule.flow",
                f"no flow {step.schedule.flow!r}{did_you_mean(step.schedule.flow, context.flows)}",
            )


def _target(flow: Flow, edge: Edge, context: LintContext) -> Found:
    local = local_step(flow, edge.target)
    other = edge.target.flow
    if local is not None:
        if local not in flow.steps:
            yield edge.where, f"no step {local!r}{did_you_mean(local, flow.steps)}"
        return
    assert other is not None  # local_step is None only for another flow
    if other not in context.flows:
        yield f"{edge.where}.flow", f"no flow {other!r}{did_you_mean(other, context.flows)}"
    elif edge.target.step is not None and edge.target.step not in context.flows[other]:
        yield _at(
            f"{edge.where}.step",
            f"flow {other!r} has no step {edge.target.step!r}"
            f"{did_you_mean(edge.target.step, context.flows[other])}",
        )


def _instruments(flow: Flow, context: LintContext) -> Found:
    ages = (flow.audience or {}).get("age_band")
    for name, step in flow.steps.items():
        if step.instrument is None:
            continue
        instrument = context.instruments.get(step.instrument)
        if instrument is None:
            yield _at(
                f"steps.{name}.instrument",
                f"no instrument {step.instrument!r}"
                f"{did_you_mean(step.instrument, context.instruments)}; instruments live in "
                "flows/instruments/",
            )
            continue
        # Cut-offs hold only for the ages an instrument was validated in, so a flow that
        # uses one must say who it is for, within those ages.
        meant = ", ".join(instrument.ages)
        if ages is None:
            yield _at(
                f"steps.{name}.instrument",
                f"{instrument.instrument} is meant for age_band {meant}; give the flow "
                f"`audience: {{age_band: [{meant}]}}` (or fewer)",
            )
        elif outside := [band for band in ages if band not in instrument.ages]:
            yield _at(
                "audience.age_band",
                f"{', '.join(map(str, outside))} is outside the ages {instrument.instrument} is "
                f"meant for ({meant}); narrow the audience or use another instrument",
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
        seen: dict[tuple[str, object, str], int] = {}
        for index, option in enumerate(step.options or ()):
            # 1 and true are different answers, though Python compares them equal. Options
            # shown under different conditions may share a value: one shows at a time.
            key = (type(option.value).__name__, option.value, repr(option.when))
            if key in seen:
                yield _at(
                    f"steps.{name}.options[{index}].value",
                    f"value {option.value!r} is already used by options[{seen[key]}]; "
                    "each option needs its own value, or its own `when`",
                )
            else:
                seen[key] = index


def _profile_values(flow: Flow) -> Found:
    """Reminder settings the scheduler reads must have its shapes (`profile_values`)."""
    for name, step in flow.steps.items():
        field = step.save
        if field is None:
            continue
        wanted = INPUT_FOR_FIELD.get(field)
        if step.input is not None and field in BUTTONS_ONLY:
            yield _at(
                f"steps.{name}.input",
                f"{field!r} can only be chosen with buttons; replace `input` with `options`",
            )
        elif step.input is not None and wanted is not None and step.input != wanted:
            yield _at(
                f"steps.{name}.input",
                f"{field!r} needs `input: {wanted}`, which saves what people type in the "
                "shape the reminders read",
            )
        for index, option in enumerate(step.options or ()):
            problem = value_problem(field, option.value) if option.save else None
            if problem is not None:
                yield _at(
                    f"steps.{name}.options[{index}].value",
                    f"{field} {problem}; got {option.value!r}",
                )


def _variables(flow: Flow, instruments: Mapping[str, Instrument]) -> Found:
    saved = {step.save for step in flow.steps.values() if step.save is not None}
    used = {step.instrument for step in flow.steps.values() if step.instrument}
    results: set[str] = set()
    for name in used & set(instruments):
        results |= instruments[name].result_names()
    known = PROFILE_FIELDS | COMPUTED_FIELDS | saved | results
    for name, step in flow.steps.items():
        conditions = [
            (f"steps.{name}.route[{i}].when", r.when) for i, r in enumerate(step.route or ())
        ]
        conditions += [
            (f"steps.{name}.variants[{i}].when", v.when) for i, v in enumerate(step.variants)
        ]
        conditions += [
            (f"steps.{name}.options[{i}].when", o.when) for i, o in enumerate(step.options or ())
        ]
        for where, condition in conditions:
            if condition is None:
                continue
            for compare in comparisons(condition):
                prefix = compare.var.split(".", 1)[0]
                if compare.var in known:
                    if prefix in used:
                        yield from _result_values(compare, where, instruments[prefix])
                    continue
                if prefix in used and prefix not in instruments:
                    continue  # the unknown instrument is reported at its step
                if prefix in used:
                    yield _at(
                        where,
                        f"{prefix} sets no {compare.var!r}"
                        f"{did_you_mean(compare.var, instruments[prefix].result_names())}; it "
                        f"sets {', '.join(sorted(instruments[prefix].result_names()))}",
                    )
                    continue
                yield _at(
                    where,
                    f"condition uses unknown variable {compare.var!r}"
                    f"{did_you_mean(compare.var, known)}; variables are profile fields, trends, "
                    "`save` names of this flow and results of its instruments",
                )


def _result_values(compare: Compare, where: str, instrument: Instrument) -> Found:
    """A band or flag id that does not exist would make the condition silently never hold."""
    result = compare.var.split(".", 1)[1]
    rules = instrument.scoring
    if result == "band" and rules.bands is not None and compare.op in ("eq", "ne", "in"):
        ids = [band.id for band in rules.bands.ranges]
        what = "band"
    elif result == "flags" and compare.op == "has":
        ids = [flag.id for flag in rules.flags]
        what = "flag"
    else:
        return
    values = compare.value if compare.op == "in" else (compare.value,)
    for value in values:
        if value not in ids:
            yield _at(
                where,
                f"{instrument.instrument} has no {what} {value!r}{did_you_mean(str(value), ids)}; "
                f"its {what}s are {', '.join(ids) or 'none'}",
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


def missing_translations(
    texts: Iterable[tuple[str, Mapping[str, str]]], locales: tuple[str, ...]
) -> Found:
    """Each text that lacks one of the enabled locales, as (where, problem)."""
    for where, text in texts:
        for locale in locales:
            if locale not in text:
                hint = " (a plain string counts as English only)" if set(text) == {"en"} else ""
                yield where, f"no {locale!r} text{hint}; add `{locale}: ...`"
