"""The root of every content error, and spec errors: one root, so callers can catch
everything that loading content or running a flow raises.

Spec errors come from loading and checking content files (flows, instruments, risk rules,
contacts) and carry every problem found, so an admin fixes them in one pass.
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
