"""The flow file format (spec 1) as pydantic models; unknown keys are errors.

Loading validates shape and the rules inside one step; rules that need the whole flow or
the whole library (targets, reachability, loops, translations) live in `lint`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal, TypeAlias, get_args

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, model_validator
from pydantic_core import PydanticCustomError

from bot.engine.conditions import Condition, parse_condition
from bot.engine.instruments.model import SCORING_MODELS, Risk, Scoring
from bot.spec.severity import Severity

_LOCALE = re.compile(r"^[a-z]{2,3}$")


def _text(value: object) -> dict[str, str]:
    # A plain string is the English source; normalising here means every consumer sees
    # one shape: locale -> text.
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, Mapping) or not value:
        raise PydanticCustomError(
            "text", "should be text, or a map of language code to text like {en: ..., ru: ...}"
        )
    texts: dict[str, str] = {}
    for locale, text in value.items():
        if not isinstance(locale, str) or not _LOCALE.match(locale):
            raise PydanticCustomError(
                "text",
                "{locale!r} is not a language code; use two letters like en or ru",
                {"locale": locale},
            )
        if not isinstance(text, str) or not text.strip():
            raise PydanticCustomError(
                "text", "the {locale} text should be non-empty text", {"locale": locale}
            )
        texts[locale] = text
    return texts


def _scalar(value: object) -> str | int | float | bool:
    if isinstance(value, str | int | float | bool):
        return value
    raise PydanticCustomError("scalar", "should be a single value: text, a number or true/false")


def _condition(value: object) -> Condition:
    try:
        return parse_condition(value)
    except ValueError as error:
        raise PydanticCustomError("condition", "{error}", {"error": str(error)}) from error


Text: TypeAlias = Annotated[dict[str, str], PlainValidator(_text)]
Scalar: TypeAlias = Annotated[str | int | float | bool, PlainValidator(_scalar)]
When: TypeAlias = Annotated[Condition, PlainValidator(_condition)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Target(_Strict):
    """Where `go` leads: a step of this flow, or another flow (its start, or `step`)."""

    flow: str | None = None
    step: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _step_name(cls, value: Any) -> Any:
        return {"step": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _something(self) -> Target:
        if self.flow is None and self.step is None:
            raise ValueError("give a step name, or {flow: NAME} to go to another flow")
        return self


# What a typed answer must be: any text, a number, a time of day ("HH:MM"), or a span of
# two times ("HH:MM-HH:MM"); see `bot.engine.clocktime` for what people may type.
InputKind: TypeAlias = Literal["text", "number", "time", "timerange"]
INPUT_KINDS: tuple[str, ...] = get_args(InputKind)


class Option(_Strict):
    value: Scalar
    text: Text
    # Shown only when this holds (a caregiver's second child): options with the same value
    # may then each name it differently.
    when: When | None = None
    go: Target | None = None
    # False for a button that only leads on and answers nothing ("Another time" going to a
    # step where the time is typed): the step's `save` is left as it was.
    save: bool = True

    @model_validator(mode="after")
    def _leads_somewhere(self) -> Option:
        if not self.save and self.go is None:
            raise ValueError(
                "an option with `save: false` answers nothing, so it needs `go` to the step "
                "that asks instead"
            )
        return self


class Route(_Strict):
    when: When | None = None
    go: Target


class Variant(_Strict):
    when: When
    say: Text | None = None
    ask: Text | None = None

    @model_validator(mode="after")
    def _replaces_something(self) -> Variant:
        if self.say is None and self.ask is None:
            raise ValueError("a variant needs `say` or `ask` to replace the step's text")
        return self


class EscalateSpec(_Strict):
    severity: Severity
    reason: str


class ScheduleSpec(_Strict):
    flow: str
    after: float = Field(gt=0)


class Step(_Strict):
    say: Text | None = None
    ask: Text | None = None
    options: tuple[Option, ...] | None = None
    input: InputKind | None = None
    save: str | None = None
    # Keep every answer in a list instead of the last one (a "choose all that apply" loop).
    collect: bool = False
    store: bool = False
    # Days kept typed text lives; 0 keeps it until the person deletes it (a safety plan).
    retain_days: int | None = Field(default=None, ge=0)
    # The step asks the person to write about hard things (their warning signs): risk
    # found in the answer is passed to a counsellor quietly, without interrupting; only
    # explicit intent (a critical signal) still brings the crisis card.
    hard_words: bool = False
    instrument: str | None = None
    variants: tuple[Variant, ...] = ()
    escalate: EscalateSpec | None = None
    # The step shows what gives a person away on a shared phone (crisis text, their safety
    # plan): quick exit is one tap under it. A step that escalates is always sensitive.
    sensitive: bool = False
    schedule: ScheduleSpec | None = None
    forget: bool = False
    wait: float | None = Field(default=None, gt=0)
    route: tuple[Route, ...] | None = None
    go: Target | None = None
    end: bool = False

    @property
    def shows_sensitive(self) -> bool:
        return self.sensitive or self.escalate is not None

    @property
    def waits_for_reply(self) -> bool:
        """Asks and instruments stop the run until the person answers."""
        return self.ask is not None or self.instrument is not None

    @model_validator(mode="after")
    def _consistent(self) -> Step:
        problems = _step_conflicts(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _step_conflicts(step: Step) -> list[str]:
    rules = [
        (step.options is not None and step.ask is None, "`options` need an `ask` to go with"),
        (step.input is not None and step.ask is None, "`input` needs an `ask` to go with"),
        (
            step.ask is not None and step.options is None and step.input is None,
            "`ask` needs `options` (buttons) or "
            f"{', '.join(f'`input: {kind}`' for kind in INPUT_KINDS[:-1])} or "
            f"`input: {INPUT_KINDS[-1]}`",
        ),
        (
            step.options is not None and step.input is not None,
            "use either `options` or `input`, not both",
        ),
        (step.options == (), "`options` is empty; give at least one"),
        (step.hard_words and step.input != "text", "`hard_words` goes with `input: text`"),
        (
            step.instrument is not None and step.ask is not None,
            "an `instrument` step asks the instrument's items itself; remove `ask`",
        ),
        (step.save is not None and step.ask is None, "`save` needs an `ask` whose answer it keeps"),
        (
            step.save is None and any(not option.save for option in step.options or ()),
            "an option has `save: false`, but the step saves nothing; remove it",
        ),
        (step.collect and step.save is None, "`collect: true` gathers answers, so it needs `save`"),
        (
            step.retain_days is not None and not step.store,
            "`retain_days` says how long kept text lives, so it needs `store: true`",
        ),
        (
            step.store and step.input != "text",
            "`store: true` keeps typed text, so it needs `input: text`",
        ),
        (
            step.wait is not None and step.waits_for_reply,
            "`wait` delays the next step's messages, but this step stops for a reply; "
            "move the wait to a step without `ask` or `instrument`",
        ),
        (step.go is not None and step.route is not None, "use either `go` or `route`, not both"),
        (
            step.end and (step.go is not None or step.route is not None),
            "`end: true` cannot be combined with `go` or `route`",
        ),
        (step.route == (), "`route` is empty; give at least one entry"),
        (
            any(v.say is not None for v in step.variants) and step.say is None,
            "a variant replaces `say`, but the step has no `say`",
        ),
        (
            any(v.ask is not None for v in step.variants) and step.ask is None,
            "a variant replaces `ask`, but the step has no `ask`",
        ),
    ]
    return [message for broken, message in rules if broken]


class TranslationStatus(_Strict):
    reviewed: bool = False


class LibraryEntry(_Strict):
    """Where a self-help flow appears in /library."""

    topic: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    order: int = 0
    minutes: int = Field(default=2, ge=1, le=15)


class Flow(_Strict):
    spec: int
    flow: str
    title: Text
    audience: dict[str, tuple[Scalar, ...]] | None = None
    library: LibraryEntry | None = None
    start: str
    steps: dict[str, Step] = Field(min_length=1)
    translations: dict[str, TranslationStatus] = Field(default_factory=dict)


class ScalePoint(_Strict):
    value: int
    text: Text


class Gate(_Strict):
    """A yes/no question asked before the items (PC-PTSD-5's trauma-exposure question).

    "No" completes the instrument without asking the items, with no answers and a total
    of 0, as the published scoring says. It asks only whether something happened, never
    what: nobody is asked to describe events.
    """

    ask: Text
    # Named so, because YAML reads a bare `yes:` or `no:` key as true/false.
    yes_text: Text
    no_text: Text
    source: str


class InstrumentTranslation(_Strict):
    """Whether a locale's wording is an official or validated translation.

    False means our own translation: its cut-offs are provisional until it is validated.
    """

    validated: bool
    source: str | None = None
    note: str | None = None


AgeBand = Literal["child", "adolescent", "adult"]


class Instrument(_Strict):
    """A questionnaire: items asked one by one, each answered on the same scale.

    `scoring` is typed data interpreted by `bot.engine.instruments.scoring`, `risk` by
    `bot.engine.instruments.risk`; `ages` are the `age_band` values the instrument was made and
    validated for.
    """

    spec: int
    instrument: str
    title: Text
    prompt: Text | None = None
    gate: Gate | None = None
    items: tuple[Text, ...] = Field(min_length=1)
    scale: tuple[ScalePoint, ...] = Field(min_length=2)
    scoring: Scoring
    risk: Risk = Field(default_factory=Risk)
    ages: tuple[AgeBand, ...] = Field(min_length=1)
    # The days its items ask about ("over the last two weeks"): a plan may not ask it more
    # often (`bot.scheduling.individual`).
    recall_days: int | None = Field(default=None, ge=1)
    licence: str
    citation: str
    translations: dict[str, InstrumentTranslation] = Field(min_length=1)

    def result_names(self) -> frozenset[str]:
        """The variables a completed instrument sets, as `NAME.<result>` (see interpreter)."""
        names = {"answers", "total", "score", "flags"}
        names |= {f"item{number}" for number in range(1, len(self.items) + 1)}
        if self.scoring.bands is not None:
            names.add("band")
        if self.scoring.positive is not None:
            names.add("positive")
        return frozenset(f"{self.instrument}.{name}" for name in names)


def model_keys() -> frozenset[str]:
    """Every key the format knows, for "did you mean" hints on unknown keys."""
    models: tuple[type[BaseModel], ...] = (
        Target,
        Option,
        Route,
        Variant,
        EscalateSpec,
        ScheduleSpec,
        Step,
        TranslationStatus,
        Flow,
        LibraryEntry,
        ScalePoint,
        Gate,
        InstrumentTranslation,
        Instrument,
        *SCORING_MODELS,
    )
    return frozenset(name for model in models for name in model.model_fields)
