"""The simulator: a flow run by the engine for a made-up person, tap by tap, with what the
bot would do told in words. Nothing is written and nothing is sent: it runs the pure
engine (`bot.engine.interpreter`) and applies no effect.

The page holds no session: it sends back every tap so far, and each request replays them
from the start, on the clock's current time. The messages are in the simulated person's
language; the words about effects in the reader's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Any, Literal, assert_never

from babel.dates import format_timedelta

from bot.app.console import texts_content as TC
from bot.app.console.reading import Reader
from bot.app.conversations import MAX_FLOW_CHAIN
from bot.directory.common import COUNTRIES
from bot.engine import interpreter
from bot.engine.effects import (
    Ask,
    Effect,
    End,
    Escalate,
    Forget,
    SaveAnswer,
    Say,
    Schedule,
    Score,
    SetProfile,
    StartFlow,
)
from bot.engine.errors import FlowRuntimeError
from bot.engine.model import Flow
from bot.engine.screens import SCREENS
from bot.engine.session import Event, Reply, Session, Start
from bot.engine.texts import resolve

# The values a person's profile may hold, as onboarding saves them.
CHOICES: Mapping[str, tuple[str, ...]] = {
    "age_band": ("adolescent", "adult", "child"),
    "gender": ("female", "male", "unsaid"),
    "role": ("self", "caregiver"),
    "relationship": ("mother", "father", "grandparent", "relative", "other"),
    # A few families of several children; one child is `child_age_band` alone.
    "children": ("6-12,0-5", "13-17,6-12", "0-5,6-12,13-17"),
    "child_age_band": ("0-5", "6-12", "13-17"),
    "country": COUNTRIES,
}
# A tap is "c:<button index>" or "t:<typed text>".
CHOSE, TYPED = "c:", "t:"


@dataclass(frozen=True)
class Profile:
    """The simulated person; an empty field is not set."""

    age_band: str = ""
    gender: str = ""
    role: str = ""
    relationship: str = ""
    children: str = ""
    child_age_band: str = ""
    locale: str = ""
    country: str = ""

    def facts(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def profile_from(tr: Reader, typed: Mapping[str, str]) -> Profile:
    """The profile asked for, with anything not among the choices left unset; the
    language defaults to the reader's."""
    locales = tr.services.catalogs.locales
    locale = typed.get("locale", "")
    known = {
        name: value
        for name, allowed in CHOICES.items()
        if (value := typed.get(name, "")) in allowed
    }
    return Profile(locale=locale if locale in locales else tr.locale, **known)


@dataclass(frozen=True)
class Line:
    """One line of the transcript: said by the bot, by the person, or an effect in words."""

    who: Literal["bot", "person", "effect"]
    text: str


@dataclass(frozen=True)
class Button:
    tap: str
    text: str


@dataclass(frozen=True)
class Run:
    lines: tuple[Line, ...]
    buttons: tuple[Button, ...]
    typed: bool  # waiting for something typed
    ended: bool
    taps: tuple[str, ...]  # the taps replayed, for the page to send back
    problem: str | None  # why the run stopped early, from the engine


def simulate(tr: Reader, flow: Flow, profile: Profile, taps: Sequence[str]) -> Run:
    """Start `flow` for `profile` and replay `taps`; taps past the end are dropped."""
    replay = _Replay(tr, flow)
    done: list[str] = []
    try:
        replay.start(flow, profile.facts(), None, 0)
        for tap in taps:
            if replay.asked is None:
                break
            replay.answer(tap)
            done.append(tap)
    except FlowRuntimeError as error:
        return replay.result(done, TC.CANNOT_RUN, str(error))
    return replay.result(done)


class _Replay:
    def __init__(self, tr: Reader, draft: Flow) -> None:
        self.tr = tr
        self.draft = draft
        self.at = tr.services.clock()
        self.instruments = tr.services.library.instruments
        self.lines: list[Line] = []
        self.flow = draft
        self.session: Session | None = None
        self.asked: Ask | None = None
        self.ended = False

    def start(self, flow: Flow, facts: dict[str, Any], step: str | None, depth: int) -> None:
        if depth > MAX_FLOW_CHAIN:
            raise FlowRuntimeError(
                f"flow {flow.flow!r} chains into more than {MAX_FLOW_CHAIN} flows without "
                "asking anything"
            )
        seq = self.session.seq if self.session is not None else 0
        self.flow = flow
        self.run(Session(flow=flow.flow, facts=facts, seq=seq), Start(at=self.at, step=step), depth)

    def answer(self, tap: str) -> None:
        assert self.asked is not None and self.session is not None
        if tap.startswith(CHOSE) and tap[len(CHOSE) :].isdigit():
            index = int(tap[len(CHOSE) :])
            chosen = next((c.text for c in self.asked.options if c.index == index), tap)
            self.lines.append(Line("person", chosen))
            event: Event = Reply(at=self.at, choice=index, seq=self.asked.seq)
        else:
            text = tap.removeprefix(TYPED)
            self.lines.append(Line("person", text))
            event = Reply(at=self.at, text=text)
        self.run(self.session, event, 0)

    def run(self, session: Session, event: Event, depth: int) -> None:
        self.session, effects = interpreter.step(
            self.flow, session, event, instruments=self.instruments
        )
        self.asked = None
        for effect in effects:
            self.absorb(effect, depth)

    def absorb(self, effect: Effect, depth: int) -> None:
        tr = self.tr
        match effect:
            case Say(text=text):
                self.lines.append(Line("bot", text))
            case Ask():
                self.lines.append(Line("bot", effect.text))
                self.asked = effect
            case Escalate(severity=severity, reason=reason):
                self.effect(TC.WOULD_OPEN_CASE, severity=tr(TC.SEVERITIES[severity]), reason=reason)
            case Schedule(flow=name, after=after):
                when = format_timedelta(timedelta(seconds=after), locale=tr.locale)
                self.effect(TC.WOULD_SCHEDULE, flow=self.title(name), after=when)
            case SaveAnswer(var=name, value=value, free_text=free_text, store=store):
                if not free_text:
                    self.effect(TC.WOULD_SAVE, name=name, value=str(value))
                elif store:
                    self.effect(TC.WOULD_KEEP_TEXT, name=name)
            case SetProfile(field=name, value=value):
                self.effect(TC.WOULD_SET, field=name, value=str(value))
            case Score():
                band = effect.band or "-"
                self.effect(
                    TC.WOULD_SCORE, instrument=effect.instrument, score=effect.score, band=band
                )
                if effect.severity is not None:
                    self.effect(
                        TC.WOULD_OPEN_CASE,
                        severity=tr(TC.SEVERITIES[effect.severity]),
                        reason=", ".join(effect.reasons),
                    )
            case StartFlow(flow=name, step=step):
                self.follow(name, step, depth)
            case Forget():
                self.effect(TC.WOULD_FORGET)
                self.ended = True
            case End():
                self.lines.append(Line("effect", tr(TC.ENDED)))
                self.ended = True
            case _:
                assert_never(effect)

    def follow(self, name: str, step: str | None, depth: int) -> None:
        if name in SCREENS:
            self.effect(TC.WOULD_SHOW_SCREEN, screen=name)
            self.ended = True
            return
        self.effect(TC.WOULD_GO_ON, flow=self.title(name))
        flow = self.draft if name == self.draft.flow else self.tr.services.library.flow(name)
        assert self.session is not None
        self.start(flow, dict(self.session.facts), step, depth + 1)

    def title(self, name: str) -> str:
        flow = self.draft if name == self.draft.flow else self.tr.services.library.flows.get(name)
        return resolve(flow.title, self.tr.locale) if flow is not None else name

    def effect(self, message: str, **values: object) -> None:
        self.lines.append(Line("effect", self.tr(message) % values))

    def result(self, taps: list[str], problem: str | None = None, detail: str = "") -> Run:
        asked = self.asked
        buttons = tuple(Button(f"{CHOSE}{c.index}", c.text) for c in asked.options) if asked else ()
        return Run(
            lines=tuple(self.lines),
            buttons=buttons,
            typed=asked is not None and not asked.options,
            ended=self.ended and asked is None,
            taps=tuple(taps),
            problem=self.tr(problem) % {"problem": detail} if problem else None,
        )
