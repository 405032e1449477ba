"""Where a person is in a flow, and what the engine is told happened."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.engine import children

# Profile fields a flow may ask for with `save:` and test in conditions.
PROFILE_FIELDS: frozenset[str] = frozenset(
    {
        "locale",
        "role",
        "age_band",
        # A caregiver's tie to the children: mother, father, grandparent, relative, other.
        "relationship",
        # The children's age bands and the one last spoken about (`bot.engine.children`).
        "children",
        "child_age_band",
        "gender",
        "country",
        "timezone",
        # Reminders: "HH:MM" or "off"; ISO weekday digits ("12345"); "HH:MM-HH:MM" or "off"
        # (unset means 22:00-08:00). `bot.engine.profile_values` checks what flows save.
        "checkin_time",
        "checkin_days",
        "quiet_hours",
        # "female" when the person would rather talk to a woman counsellor, else "any".
        "counsellor_gender",
        # "on" when others may see the phone: neutral wording where a lock screen shows it.
        "discreet",
        # Hours after which the bot deletes the chat's messages itself, or "off".
        "clear_after",
    }
)
# Facts computed from the person's history when a flow starts (`bot.app.conversations`);
# flows may test them but not set them. Trends of their moods and check-ins:
TREND_FIELDS: frozenset[str] = frozenset({"mood_avg_7d", "missed_checkins"})
# Whether they have a case open now, so a counsellor may be reading their words:
CASE_FIELDS: frozenset[str] = frozenset({"open_case"})
COMPUTED_FIELDS: frozenset[str] = TREND_FIELDS | CASE_FIELDS | children.DERIVED


class InstrumentProgress(BaseModel):
    """Answers given so far while an `instrument` step asks its items."""

    model_config = ConfigDict(extra="forbid")

    instrument: str
    answers: list[int] = Field(default_factory=list)
    # Set once the instrument's gate question (if it has one) was answered "yes".
    gate_passed: bool = False


class Session(BaseModel):
    """One person's place in one flow. Serialised as JSON by the storage layer.

    `seq` grows with every question asked; buttons carry it, so a press on an old
    message is recognised as stale. `facts` holds profile fields and trends.
    """

    model_config = ConfigDict(extra="forbid")

    flow: str
    # The revision of the flow it started on (`Library.revision`): a publish meanwhile
    # does not change a conversation under way.
    revision: str | None = None
    step: str | None = None
    seq: int = 0
    status: Literal["active", "ended"] = "active"
    vars: dict[str, Any] = Field(default_factory=dict)
    facts: dict[str, Any] = Field(default_factory=dict)
    instrument: InstrumentProgress | None = None
    started_at: datetime | None = None
    updated_at: datetime | None = None


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    at: datetime


class Start(_Event):
    """Begin the flow at its start step, or at `step`."""

    kind: Literal["start"] = "start"
    step: str | None = None


class Reply(_Event):
    """The person answered: a button (`choice` index with the `seq` it carried) or text."""

    kind: Literal["reply"] = "reply"
    text: str | None = None
    choice: int | None = None
    seq: int | None = None


Event = Annotated[Start | Reply, Field(discriminator="kind")]
