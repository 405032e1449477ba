"""Who a flow is meant for: its `audience` against a person's profile."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.engine.model import Flow


def suits(flow: Flow, facts: Mapping[str, Any]) -> bool:
    """A flow with an audience is offered only to people whose profile matches it."""
    return all(facts.get(field) in values for field, values in (flow.audience or {}).items())
