"""Quick exit is one tap under every screen that would give a person away on a shared
phone: a step that asks for a counsellor (its crisis text), and whatever it leads to at
once ("While you wait…", "a counsellor will write to you here")."""

from __future__ import annotations

from pathlib import Path

from bot.engine.loader import load_library
from bot.engine.model import Flow, Step, Target
from bot.spec.locales import ALL_LOCALES

FLOWS = load_library(Path(__file__).resolve().parents[2] / "flows", ALL_LOCALES)


def _ways_out(step: Step) -> list[Target]:
    targets = [step.go] if step.go is not None else []
    targets += [option.go for option in step.options or () if option.go is not None]
    targets += [route.go for route in step.route or ()]
    return targets


def _step(flow: Flow, target: Target) -> tuple[str, Step] | None:
    """The step a way out leads to; None for another flow's beginning (an exercise)."""
    if target.flow is not None and target.flow != flow.flow:
        if target.step is None:
            return None
        other = FLOWS.flow(target.flow)
        return f"{other.flow}.{target.step}", other.steps[target.step]
    name = target.step or flow.start
    return f"{flow.flow}.{name}", flow.steps[name]


def test_what_follows_a_request_for_a_counsellor_carries_quick_exit() -> None:
    unmarked = []
    for flow in FLOWS.flows.values():
        for name, step in flow.steps.items():
            if step.escalate is None:
                continue
            for target in _ways_out(step):
                found = _step(flow, target)
                if found is not None and not found[1].shows_sensitive:
                    unmarked.append(f"{flow.flow}.{name} -> {found[0]}")
    assert unmarked == []


def test_a_finished_safety_plan_carries_quick_exit() -> None:
    plan = FLOWS.flow("safety-plan")
    assert plan.steps["done"].shows_sensitive and plan.steps["reminder"].shows_sensitive
