"""How an instrument is scored (`scoring:`) and which results need a counsellor (`risk:`),
as typed data read from its file.

Every rule names its `source`, so staff can check each number against the publication
(or, for `risk:`, against the clinical policy that set it).
Ranges are inclusive whole numbers; `of: score` means the derived score
(total x `multiplier`, e.g. WHO-5's percentage), `of: total` the plain sum.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.spec.severity import Severity

RESULT_ID = r"^[a-z][a-z0-9-]*$"
Of = Literal["total", "score"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Threshold(_Strict):
    """An inclusive range with one open side allowed: `min: 10`, `max: 50`, or both."""

    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _bounded(self) -> Threshold:
        if self.min is None and self.max is None:
            raise ValueError("give `min`, `max` or both (inclusive)")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"`min` ({self.min}) is above `max` ({self.max})")
        return self

    def holds(self, value: int) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class Band(_Strict):
    id: str = Field(pattern=RESULT_ID)
    min: int
    max: int

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.min > self.max:
            raise ValueError(f"band {self.id!r}: `min` ({self.min}) is above `max` ({self.max})")
        return self


class Bands(_Strict):
    """Severity bands; together they must cover every possible value once (the linter checks)."""

    of: Of = "total"
    source: str
    ranges: tuple[Band, ...] = Field(min_length=1)


class Positive(Threshold):
    """The screen-positive rule: the result is positive when the value lies in the range."""

    of: Of = "total"
    source: str


class Flag(Threshold):
    """Raised when one item's answer lies in the range (PHQ-9 item 9 > 0: `min: 1`)."""

    id: str = Field(pattern=RESULT_ID)
    item: int = Field(ge=1, description="1-based item number")
    source: str


class Subscale(_Strict):
    id: str = Field(pattern=RESULT_ID)
    items: tuple[int, ...] = Field(min_length=1, description="1-based item numbers")
    source: str


class Scoring(_Strict):
    method: Literal["sum"]
    # score = total x multiplier (WHO-5: raw 0-25 x 4 = percentage); 1 means score = total.
    multiplier: int = Field(default=1, ge=1)
    source: str
    bands: Bands | None = None
    positive: Positive | None = None
    flags: tuple[Flag, ...] = ()
    subscales: tuple[Subscale, ...] = ()


class RiskRule(_Strict):
    """The severity of the case a result opens, and who decided it (`source`)."""

    severity: Severity
    source: str


class Risk(_Strict):
    """Which results open a case for a counsellor: by flag id, by band id, and when the
    screen is positive. The ids must be the instrument's own (the linter checks); a result
    meeting several rules opens one case at the highest of their severities.
    """

    flags: dict[str, RiskRule] = Field(default_factory=dict)
    bands: dict[str, RiskRule] = Field(default_factory=dict)
    positive: RiskRule | None = None


SCORING_MODELS: tuple[type[BaseModel], ...] = (
    Threshold,
    Band,
    Bands,
    Positive,
    Flag,
    Subscale,
    Scoring,
    RiskRule,
    Risk,
)
