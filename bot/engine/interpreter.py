"""Running a flow: `step(flow, session, event) -> (session, effects)`, with no I/O.

One event runs the flow forward until it needs the person again (an `ask` or an
instrument item), ends, or hands over to another flow. The input session is never
changed; the caller stores the returned one together with applying the effects.

Within one step the effects come in this order: escalate, schedule, say, forget, then the
question or the move on. `wait` adds to the delay of every message that follows it in the
same run. A reply that does not fit (text where buttons are expected, or typed text that is
not the number, time or span of times the step's `input` wants) re-sends the same question
with the same seq, so its buttons stay valid. Times are saved as "HH:MM" and spans as
"HH:MM-HH:MM" (`bot.engine.clocktime`). An option with `save: false` only leads on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.engine import children
from bot.engine.clocktime import parse_time, parse_timerange
from bot.engine.conditions import evaluate
from bot.engine.effects import (
    Ask,
    Choice,
    Effect,
    End,
    Escalate,
    Forget,
    Reask,
    SaveAnswer,
    Say,
    Schedule,
    Score,
    SetProfile,
    StartFlow,
)
from bot.engine.errors import FlowRuntimeError, StaleAnswer
from bot.engine.instruments.risk import assess
from bot.engine.instruments.scoring import score
from bot.engine.model import Flow, Instrument, Option, ScalePoint, Step, Target
from bot.engine.session import PROFILE_FIELDS, Event, InstrumentProgress, Reply, Session, Start
from bot.engine.texts import resolve

# The two buttons of an instrument's gate question, in this order.
GATE_YES, GATE_NO = 0, 1

# Far more steps than any real flow runs between two questions; hitting it means a loop
# the linter did not see (for instance a route that keeps choosing the same way).
MAX_STEPS_PER_EVENT = 200

Value = str | int | float | bool


def begin(
    flow: Flow,
    facts: Mapping[str, Any],
    at: datetime,
    *,
    seq: int = 0,
    instruments: Mapping[str, Instrument] | None = None,
) -> tuple[Session, list[Effect]]:
    """Start `flow` for a person with these profile facts.

    Pass the previous session's `seq` when one flow hands over to another, so that buttons
    left on older messages can never match a question of the new flow.
    """
    session = Session(flow=flow.flow, facts=dict(facts), seq=seq)
    return step(flow, session, Start(at=at), instruments=instruments)


def step(
    flow: Flow,
    session: Session,
    event: Event,
    *,
    instruments: Mapping[str, Instrument] | None = None,
) -> tuple[Session, list[Effect]]:
    """Apply one event to a session; raises StaleAnswer or FlowRuntimeError."""
    new_session, effects, _ = step_traced(flow, session, event, instruments=instruments)
    return new_session, effects


def step_traced(
    flow: Flow,
    session: Session,
    event: Event,
    *,
    instruments: Mapping[str, Instrument] | None = None,
) -> tuple[Session, list[Effect], list[str]]:
    """`step`, also returning the names of the steps run (for tests and debugging)."""
    if session.flow != flow.flow:
        raise FlowRuntimeError(
            f"session belongs to flow {session.flow!r} but was run with flow {flow.flow!r}"
        )
    run = _Run(flow, session.model_copy(deep=True), instruments or {}, event.at)
    if isinstance(event, Start):
        run.restart()
        run.enter(event.step or flow.start)
    else:
        run.reply(event)
    run.session.updated_at = event.at
    return run.session, run.effects, run.trace


def reprompt(
    flow: Flow, session: Session, *, instruments: Mapping[str, Instrument] | None = None
) -> list[Effect]:
    """The current question again, same seq (after /help or a stale button); [] if ended."""
    if session.status == "ended":
        return []
    run = _Run(flow, session.model_copy(deep=True), instruments or {}, session.updated_at)
    return [run.ask(run.current_step())]


class _Run:
    """The working state of one call: a private copy of the session plus the effects."""

    def __init__(
        self,
        flow: Flow,
        session: Session,
        instruments: Mapping[str, Instrument],
        at: datetime | None,
    ) -> None:
        self.flow = flow
        self.session = session
        self.instruments = instruments
        self.at = at
        self.effects: list[Effect] = []
        self.trace: list[str] = []
        self.delay = 0.0

    # -- entering steps ------------------------------------------------------------------

    def restart(self) -> None:
        # seq keeps growing across restarts so old buttons stay stale.
        self.session.status = "active"
        self.session.vars = {}
        self.session.instrument = None
        self.session.started_at = self.at

    def enter(self, name: str) -> None:
        while True:
            if len(self.trace) >= MAX_STEPS_PER_EVENT:
                raise FlowRuntimeError(
                    f"flow {self.flow.flow!r} ran {MAX_STEPS_PER_EVENT} steps without asking "
                    f"anything (last: {name!r}); it loops. Add an ask to the loop and run "
                    "`qadam flows check`"
                )
            current = self.flow.steps.get(name)
            if current is None:
                raise FlowRuntimeError(
                    f"flow {self.flow.flow!r} has no step {name!r}; run `qadam flows check`"
                )
            self.trace.append(name)
            self.session.step = name
            self.announce(current)
            if current.instrument is not None:
                self.begin_instrument(current.instrument)
                return
            if current.ask is not None:
                self.session.seq += 1
                self.effects.append(self.ask(current))
                return
            nxt = self.move_on(current, None)
            if nxt is None:
                return
            name = nxt

    def announce(self, current: Step) -> None:
        if current.escalate is not None:
            spec = current.escalate
            self.effects.append(Escalate(severity=spec.severity, reason=spec.reason))
        if current.schedule is not None:
            plan = current.schedule
            self.effects.append(Schedule(flow=plan.flow, after=plan.after))
        say = self.variant_text(current, "say")
        if say is not None:
            self.effects.append(Say(text=say, delay=self.delay, result=current.shows_sensitive))
        if current.forget:
            self.effects.append(Forget())
        if current.wait is not None:
            self.delay += current.wait

    def move_on(self, current: Step, option: Option | None) -> str | None:
        """Follow the way out; the next step of this flow, or None if the run stops."""
        target = self.way_out(current, option)
        if target is None:
            self.finish()
            self.effects.append(End())
            return None
        if target.flow is not None and target.flow != self.flow.flow:
            self.finish()
            self.effects.append(StartFlow(flow=target.flow, step=target.step, delay=self.delay))
            return None
        return target.step or self.flow.start

    def way_out(self, current: Step, option: Option | None) -> Target | None:
        if option is not None and option.go is not None:
            return option.go
        if current.route is not None:
            env = self.env()
            for route in current.route:
                if route.when is None or evaluate(route.when, env):
                    return route.go
            raise FlowRuntimeError(
                f"no route of step {self.session.step!r} in flow {self.flow.flow!r} matched; "
                "end the route with an entry that has only `go`"
            )
        if current.go is not None:
            return current.go
        if current.end:
            return None
        raise FlowRuntimeError(
            f"step {self.session.step!r} of flow {self.flow.flow!r} has no way out; "
            "run `qadam flows check`"
        )

    def finish(self) -> None:
        self.session.status = "ended"
        self.session.step = None
        self.session.instrument = None
        # Answers live on as SaveAnswer rows with their own retention; an ended session
        # keeps none, so no kept text outlives its retention inside the saved state.
        self.session.vars = {}

    # -- questions -----------------------------------------------------------------------

    def ask(self, current: Step, reask: Reask | None = None) -> Ask:
        progress = self.session.instrument
        if progress is not None:
            instrument = self.instrument(progress.instrument)
            gate = instrument.gate
            if gate is not None and not progress.gate_passed:
                return Ask(
                    text=self.text(gate.ask),
                    seq=self.session.seq,
                    options=(
                        Choice(index=GATE_YES, value="yes", text=self.text(gate.yes_text)),
                        Choice(index=GATE_NO, value="no", text=self.text(gate.no_text)),
                    ),
                    reask=reask,
                    delay=self.delay,
                )
            item = instrument.items[len(progress.answers)]
            return Ask(
                text=self.text(item),
                seq=self.session.seq,
                options=self.choices(instrument.scale),
                reask=reask,
                delay=self.delay,
            )
        text = self.variant_text(current, "ask")
        if text is None:
            raise FlowRuntimeError(
                f"step {self.session.step!r} of flow {self.flow.flow!r} asks nothing; the "
                "session is not at a question"
            )
        choices = self.choices(current.options or ())
        if current.save == "locale":
            # The person's Telegram language, when we have it, is offered first.
            suggested = self.session.facts.get("locale")
            choices = tuple(sorted(choices, key=lambda choice: choice.value != suggested))
        return Ask(
            text=text,
            seq=self.session.seq,
            options=choices,
            input=current.input,
            reask=reask,
            delay=self.delay,
            result=current.shows_sensitive,
        )

    def choices(self, points: Sequence[Option | ScalePoint]) -> tuple[Choice, ...]:
        return tuple(
            Choice(index=index, value=point.value, text=self.text(point.text))
            for index, point in enumerate(points)
            if self.shown(point)
        )

    def shown(self, point: Option | ScalePoint) -> bool:
        when = point.when if isinstance(point, Option) else None
        return when is None or evaluate(when, self.env())

    def begin_instrument(self, name: str) -> None:
        instrument = self.instrument(name)
        self.session.instrument = InstrumentProgress(instrument=name)
        # With a gate, the prompt introduces the items, so it follows a "yes".
        if instrument.gate is None:
            self.say_prompt(instrument)
        self.session.seq += 1
        self.effects.append(self.ask(self.current_step()))

    def say_prompt(self, instrument: Instrument) -> None:
        if instrument.prompt is not None:
            self.effects.append(Say(text=self.text(instrument.prompt), delay=self.delay))

    def instrument(self, name: str) -> Instrument:
        found = self.instruments.get(name)
        if found is None:
            raise FlowRuntimeError(
                f"flow {self.flow.flow!r} uses instrument {name!r}, which was not given; pass "
                "`instruments=library.instruments` to step()"
            )
        return found

    # -- replies -------------------------------------------------------------------------

    def reply(self, event: Reply) -> None:
        if self.session.status == "ended":
            raise StaleAnswer(
                f"flow {self.flow.flow!r} has ended; this reply belongs to no question"
            )
        current = self.current_step()
        if event.choice is not None:
            if event.seq != self.session.seq:
                raise StaleAnswer(
                    f"button from question {event.seq}, but the current question is "
                    f"{self.session.seq}; show the current question again"
                )
            self.chosen(current, event.choice)
        elif event.text is not None:
            self.typed(current, event.text)
        else:
            raise FlowRuntimeError("a Reply needs `text` or `choice`")

    def current_step(self) -> Step:
        name = self.session.step
        current = self.flow.steps.get(name) if name is not None else None
        if current is None or not current.waits_for_reply:
            raise FlowRuntimeError(
                f"session of flow {self.flow.flow!r} is at {name!r}, which is not a question; "
                "start the flow again"
            )
        return current

    def typed(self, current: Step, text: str) -> None:
        buttons = self.ask(current).options
        if buttons:
            wanted = text.strip().casefold()
            for button in buttons:
                if button.text.strip().casefold() == wanted:
                    self.chosen(current, button.index)
                    return
            self.effects.append(self.ask(current, reask="choose"))
            return
        if current.input is None or current.input == "text":
            self.save(current, text, free_text=True)
        else:
            value = _PARSERS[current.input](text)
            if value is None:
                self.effects.append(self.ask(current, reask=current.input))
                return
            self.save(current, value, free_text=False)
        self.advance(current, None)

    def chosen(self, current: Step, index: int) -> None:
        progress = self.session.instrument
        if progress is not None:
            instrument = self.instrument(progress.instrument)
            if instrument.gate is not None and not progress.gate_passed:
                self.answer_gate(current, progress, instrument, index)
                return
            scale = instrument.scale
            if not 0 <= index < len(scale):
                raise StaleAnswer(f"the question has no button {index}")
            self.answer_item(current, progress, scale[index].value)
            return
        options = current.options or ()
        if not 0 <= index < len(options) or not self.shown(options[index]):
            raise StaleAnswer(f"the question has no button {index}")
        option = options[index]
        if option.save:
            self.save(current, option.value, free_text=False)
        self.advance(current, option)

    def answer_gate(
        self, current: Step, progress: InstrumentProgress, instrument: Instrument, index: int
    ) -> None:
        if index == GATE_NO:
            self.complete(current, instrument, ())
            return
        if index != GATE_YES:
            raise StaleAnswer(f"the question has no button {index}")
        progress.gate_passed = True
        self.say_prompt(instrument)
        self.session.seq += 1
        self.effects.append(self.ask(current))

    def answer_item(self, current: Step, progress: InstrumentProgress, value: int) -> None:
        progress.answers.append(value)
        instrument = self.instrument(progress.instrument)
        if len(progress.answers) < len(instrument.items):
            self.session.seq += 1
            self.effects.append(self.ask(current))
            return
        self.complete(current, instrument, tuple(progress.answers))

    def complete(self, current: Step, instrument: Instrument, answers: tuple[int, ...]) -> None:
        """Score the answers, expose the result to conditions, and move on.

        Sets exactly `Instrument.result_names()` (plus `band`/`positive` as None when the
        instrument has no such rule), so flows can route on `phq9.band` or `phq9.item9`.
        Items not asked (a gate answered "no") are None, not a stale earlier answer.
        """
        result = score(instrument, answers)
        self.session.instrument = None
        name = instrument.instrument
        found: dict[str, Any] = {
            "answers": list(answers),
            "total": result.total,
            "score": result.score,
            "band": result.band,
            "positive": result.positive,
            "flags": list(result.flags),
        }
        for number in range(1, len(instrument.items) + 1):
            found[f"item{number}"] = answers[number - 1] if answers else None
        self.session.vars.update({f"{name}.{key}": value for key, value in found.items()})
        # The case is decided here, with the result, so no flow has to remember to escalate.
        assessment = assess(instrument, result)
        self.effects.append(
            Score(
                instrument=name,
                answers=answers,
                total=result.total,
                score=result.score,
                band=result.band,
                positive=result.positive,
                flags=result.flags,
                severity=assessment.severity if assessment is not None else None,
                reasons=assessment.reasons if assessment is not None else (),
            )
        )
        scored = len(self.effects)
        self.advance(current, None)
        self.mark_result(scored)

    def mark_result(self, start: int) -> None:
        """Mark the first message from `start` on as the questionnaire's result, unless
        another questionnaire follows at once (GAD-2, then GAD-7): its result comes later."""
        if self.session.instrument is not None:
            return
        for index in range(start, len(self.effects)):
            effect = self.effects[index]
            if isinstance(effect, Say | Ask):
                self.effects[index] = effect.model_copy(update={"result": True})
                return

    def advance(self, current: Step, option: Option | None) -> None:
        nxt = self.move_on(current, option)
        if nxt is not None:
            self.enter(nxt)

    def save(self, current: Step, value: Value, *, free_text: bool) -> None:
        name = current.save
        if name is None:
            return
        if name in children.ACTIONS:
            self.save_children(name, value)
            return
        if name in PROFILE_FIELDS:
            self.session.facts[name] = value
            self.effects.append(SetProfile(field=name, value=value))
            return
        # The session is persisted as is, so typed text stays out of it unless the step
        # says `store: true`, collected or not; the SaveAnswer still carries it to the domain.
        kept = not free_text or current.store
        if kept and current.collect:
            gathered = list(self.session.vars.get(name) or [])
            if value not in gathered:
                gathered.append(value)
            self.session.vars[name] = gathered
        elif kept:
            self.session.vars[name] = value
        self.effects.append(
            SaveAnswer(
                flow=self.flow.flow,
                step=self.session.step or "",
                var=name,
                value=value,
                free_text=free_text,
                store=current.store,
                retain_days=current.retain_days,
            )
        )

    def save_children(self, action: str, value: Value) -> None:
        """Adding, removing or choosing a child changes the profile fields that keep them;
        which child a check-in is about is kept with its answers too, so each child has a
        history of their own."""
        for field, changed in children.changes(self.session.facts, action, value).items():
            self.session.facts[field] = changed
            self.effects.append(SetProfile(field=field, value=changed))
        if action == children.PICK:
            self.session.vars[action] = value
            self.effects.append(
                SaveAnswer(
                    flow=self.flow.flow,
                    step=self.session.step or "",
                    var=action,
                    value=value,
                    free_text=False,
                    store=False,
                    retain_days=None,
                )
            )

    # -- texts ---------------------------------------------------------------------------

    def env(self) -> dict[str, Any]:
        facts = self.session.facts
        return {**facts, **children.derived(facts), **self.session.vars}

    def variant_text(self, current: Step, field: str) -> str | None:
        base = current.say if field == "say" else current.ask
        if base is None:
            return None
        env = self.env()
        for variant in current.variants:
            replacement = variant.say if field == "say" else variant.ask
            if replacement is not None and evaluate(variant.when, env):
                return self.text(replacement)
        return self.text(base)

    def text(self, text: Mapping[str, str]) -> str:
        facts = self.session.facts
        return resolve(text, facts.get("locale"), facts.get("gender"))


def _number(text: str) -> int | float | None:
    # People type "7", " 7 " or, in Russian, "7,5".
    cleaned = text.strip().replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number) if number.is_integer() and "." not in cleaned else number


# How a typed answer is read for each `input` but text; None means "ask again".
_PARSERS: dict[str, Callable[[str], Value | None]] = {
    "number": _number,
    "time": parse_time,
    "timerange": parse_timerange,
}
