"""What the risk package raises: FlowErrors, so the CLI and callers report them like flows.

Problems in the rule files are `FlowSpecError`s (every problem, with file and place), the
same as for flows and instruments.
"""

from __future__ import annotations

from bot.spec.errors import FlowError


class RiskError(FlowError):
    """Root of what the risk package raises besides rule-file problems."""


class UnknownLanguage(RiskError, ValueError):
    """A language no risk rules are written for; the message lists the known ones."""
