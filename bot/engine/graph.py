"""The shape of a flow as a graph of steps: where each step can lead, and what it reaches.

Only edges inside the flow count; going to another flow ends this flow's session, so a
loop through another flow (menu -> breathing -> menu) is not a loop here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.engine.model import Flow, Step, Target


@dataclass(frozen=True)
class Edge:
    where: str
    target: Target


def targets(name: str, step: Step) -> Iterator[Edge]:
    """Every `go` of a step (option, route entry or the step's own), with its path."""
    base = f"steps.{name}"
    for index, option in enumerate(step.options or ()):
        if option.go is not None:
            yield Edge(f"{base}.options[{index}].go", option.go)
    for index, route in enumerate(step.route or ()):
        yield Edge(f"{base}.route[{index}].go", route.go)
    if step.go is not None:
        yield Edge(f"{base}.go", step.go)


def local_step(flow: Flow, target: Target) -> str | None:
    """The step of `flow` a target leads to, or None when it leaves for another flow."""
    if target.flow is not None and target.flow != flow.flow:
        return None
    return target.step or flow.start


def successors(flow: Flow, name: str) -> list[str]:
    found: list[str] = []
    for edge in targets(name, flow.steps[name]):
        nxt = local_step(flow, edge.target)
        if nxt is not None and nxt in flow.steps and nxt not in found:
            found.append(nxt)
    return found


def reachable(flow: Flow, start: str, through: frozenset[str] | None = None) -> set[str]:
    """Steps reachable from `start` in one or more moves, optionally only via `through`."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        for nxt in successors(flow, stack.pop()):
            if nxt not in seen and (through is None or nxt in through):
                seen.add(nxt)
                stack.append(nxt)
    return seen


def silent_loops(flow: Flow) -> list[list[str]]:
    """Groups of steps that can cycle without asking anything, in file order.

    Such a loop would send messages forever within one event, so the linter refuses it.
    """
    silent = frozenset(name for name, step in flow.steps.items() if not step.waits_for_reply)
    reach = {name: reachable(flow, name, silent) for name in silent}
    loops: list[list[str]] = []
    grouped: set[str] = set()
    for name in flow.steps:
        if name not in silent or name in grouped or name not in reach[name]:
            continue
        group = [
            other for other in flow.steps if other in reach[name] and name in reach.get(other, ())
        ]
        grouped.update(group)
        loops.append(group)
    return loops
