"""Flows and instruments from parsed YAML to validated models (see `bot.spec.parse`)."""

from __future__ import annotations

from bot.engine.model import Flow, Instrument, model_keys
from bot.spec.migrations import FLOW_MIGRATIONS, INSTRUMENT_MIGRATIONS
from bot.spec.parse import parse_spec


def parse_flow(data: object, file: str) -> Flow:
    """Migrate and validate one flow's data; FlowSpecError lists every problem."""
    return parse_spec(data, file, Flow, FLOW_MIGRATIONS, "a flow", keys=model_keys())


def parse_instrument(data: object, file: str) -> Instrument:
    """Migrate and validate one instrument's data; FlowSpecError lists every problem."""
    return parse_spec(
        data, file, Instrument, INSTRUMENT_MIGRATIONS, "an instrument", keys=model_keys()
    )
