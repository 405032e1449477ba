"""The engine's runtime errors: a flow and a session disagree, or a reply does not belong
to the current question. Spec errors (loading and checking files) live in `bot.spec.errors`.
"""

from __future__ import annotations

from bot.spec.errors import FlowError


class FlowRuntimeError(FlowError):
    """A session cannot go on: the flow and the session disagree, or a flow loops."""


class StaleAnswer(FlowRuntimeError):
    """A reply that belongs to no current question.

    Raised for a button from an older message (its seq is not the session's), a button
    index the question does not have, or any reply after the flow has ended. The adapter
    apologises and shows the current question again (`reprompt`) or the menu.
    """
