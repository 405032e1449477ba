"""The engine's exceptions: one root, so callers can catch everything the engine raises.

Spec errors come from loading and checking flow files and carry every problem found, so an
admin fixes them in one pass. Runtime errors mean a flow and a session disagree, or a reply
does not belong to the current question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a flow file, pointing at the key that needs fixing.

    `where` is a dotted path into the file (`steps.offer.options[1].go`), or `line 4` for
    YAML syntax errors, or empty when the whole file is concerned.
    """

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return ": ".join(part for part in (self.file, self.where, self.message) if part)


class FlowError(Exception):
    """Root of everything the flow engine raises."""


class FlowSpecError(FlowError):
    """Flow or instrument files failed to load or check; `problems` lists them all."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"{count} {noun} in the flow files; fix them and run `qadam flows check`:\n{lines}"
        )


class FlowRuntimeError(FlowError):
    """A session cannot go on: the flow and the session disagree, or a flow loops."""


class StaleAnswer(FlowRuntimeError):
    """A reply that belongs to no current question.

    Raised for a button from an older message (its seq is not the session's), a button
    index the question does not have, or any reply after the flow has ended. The adapter
    apologises and shows the current question again (`reprompt`) or the menu.
    """
