"""What a step of a flow asks the outside world to do, as plain data.

The domain layer applies every effect of one step in one transaction; nothing here
performs I/O. `delay` is seconds after the event's time at which a message should
appear: `wait` steps push the messages that follow them later.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.spec.severity import Severity

# Why a question is asked again: text where buttons were expected ("choose"), or a
# typed answer that is not what the step's `input` wants.
Reask = Literal["choose", "number", "time", "timerange"]


class _Effect(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Choice(BaseModel):
    """One button of an `Ask`, its text already in the session's locale."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    index: int
    value: str | int | float | bool
    text: str


class Say(_Effect):
    """Words to show. `result` marks a sensitive screen (see `Ask`)."""

    kind: Literal["say"] = "say"
    text: str
    delay: float = 0
    result: bool = False


class Ask(_Effect):
    """A question. `seq` identifies this prompt so a stale button press can be told apart.

    `reask` is set when the person's reply did not fit (text where a button was
    expected, not a number, not a time, not two different times): the adapter adds a
    gentle note before the question, one per kind of reask.

    `result` marks a sensitive screen, which on a shared phone gives a person away, so the
    adapter offers to clear the chat under it: the first message after a questionnaire is
    scored (its result), and a step that escalates or is marked `sensitive` (crisis text,
    a safety plan).
    """

    kind: Literal["ask"] = "ask"
    text: str
    seq: int
    options: tuple[Choice, ...] = ()
    input: Literal["text", "number", "time", "timerange"] | None = None
    reask: Reask | None = None
    delay: float = 0
    result: bool = False


class SaveAnswer(_Effect):
    """An answer to keep. Free text is kept only when the step says `store: true`.

    `free_text` marks typed text, which risk detection will read (escalation work); `store`
    says whether the domain may keep that text (encrypted, with a retention period).
    """

    kind: Literal["save_answer"] = "save_answer"
    flow: str
    step: str
    var: str
    value: str | int | float | bool | None
    free_text: bool = False
    # None: the default retention; 0: kept until the person deletes it.
    retain_days: int | None = None
    store: bool = False


class SetProfile(_Effect):
    """A profile field (age_band, gender, role, locale, country, ...) was answered."""

    kind: Literal["set_profile"] = "set_profile"
    field: str
    value: str | int | float | bool | None


class Score(_Effect):
    """An instrument's answers, in item order, and their result, to store as a measure.

    `answers` is empty when a gate question was answered "no" (PC-PTSD-5: scored 0).
    See `bot.engine.instruments.scoring.InstrumentResult` for what the result fields mean.
    `severity` and `reasons` are the case the instrument's `risk:` rules call for
    (`bot.engine.instruments.risk`); None when the result needs none.
    """

    kind: Literal["score"] = "score"
    instrument: str
    answers: tuple[int, ...]
    total: int
    score: int
    band: str | None = None
    positive: bool | None = None
    flags: tuple[str, ...] = ()
    severity: Severity | None = None
    reasons: tuple[str, ...] = ()


class Escalate(_Effect):
    kind: Literal["escalate"] = "escalate"
    severity: Severity
    reason: str


class Schedule(_Effect):
    """Start `flow` for this person `after` seconds from the event's time."""

    kind: Literal["schedule"] = "schedule"
    flow: str
    after: float


class StartFlow(_Effect):
    """Leave this flow and start another (at its start step unless `step` is given).

    `delay` carries the waits before the hand-over, so the next flow's messages follow.
    """

    kind: Literal["start_flow"] = "start_flow"
    flow: str
    step: str | None = None
    delay: float = 0


class Forget(_Effect):
    """Erase everything held about this person (consent declined, too young, /forget)."""

    kind: Literal["forget"] = "forget"


class End(_Effect):
    kind: Literal["end"] = "end"


Effect = Annotated[
    Say | Ask | SaveAnswer | SetProfile | Score | Escalate | Schedule | StartFlow | Forget | End,
    Field(discriminator="kind"),
]


def effect_to_dict(effect: Effect) -> dict[str, Any]:
    """The plain-data form used by golden transcripts."""
    return effect.model_dump(mode="json", exclude_defaults=True) | {"kind": effect.kind}
