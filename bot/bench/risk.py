"""`qadam bench risk`: how well the risk rules catch what people say, and how fast.

Every phrase of the labelled corpus (`bot.bench.corpus`) is checked with the real rules, as
the bot checks a message from someone whose language is the phrase's. A phrase is caught
when its category is among the result's categories at its floor (`at_least`) or above: the
bot picks the crisis card by category, so a signal in the wrong category is a miss. A
look-alike is a false alarm when anything fires at high or above (the crisis card); lower
signals are counted too, since any signal opens a case for a counsellor.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from bot.bench.corpus import Phrase
from bot.risk import RiskResult, RiskRules, check
from bot.risk.check import SEVERITY_RANK
from bot.risk.model import CATEGORIES, LANGUAGES, Category, Language
from bot.spec.severity import Severity


@dataclass(frozen=True)
class Goal:
    """Recall wanted for a category, counting its phrases whose floor is `at` or above and
    measuring them at `at`."""

    at: Severity
    recall: float


# The goals of issue #11. Suicide and self-harm must reach the crisis card (high); abuse and
# harm to others must at least open a case a counsellor looks at within the day (medium).
GOALS: Mapping[Category, Goal] = {
    "suicide": Goal("high", 0.95),
    "self_harm": Goal("high", 0.95),
    "abuse": Goal("medium", 0.90),
    "harm_others": Goal("medium", 0.90),
}
MAX_FALSE_ALARMS = 0.02
FALSE_ALARM_AT: Severity = "high"
# The longest message Telegram delivers.
LONG_MESSAGE = 4096
GENERAL = "general"


@dataclass(frozen=True)
class Outcome:
    phrase: Phrase
    result: RiskResult
    # The highest severity of the rules that fired, per category.
    reached: Mapping[Category, Severity]
    seconds: float

    def caught_at(self, severity: Severity) -> bool:
        category = self.phrase.category
        return category is not None and _at_least(self.reached.get(category), severity)

    @property
    def caught(self) -> bool:
        return self.phrase.at_least is not None and self.caught_at(self.phrase.at_least)

    @property
    def false_alarm(self) -> bool:
        return not self.phrase.positive and _at_least(self.result.severity, FALSE_ALARM_AT)

    @property
    def any_signal(self) -> bool:
        return not self.phrase.positive and self.result.flagged


@dataclass(frozen=True)
class Cell:
    """The figures of one language and category: its phrases, and the look-alikes of it."""

    lang: Language
    category: str
    outcomes: tuple[Outcome, ...]

    @property
    def positives(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.phrase.positive]

    @property
    def negatives(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.phrase.positive]

    @property
    def recall(self) -> float | None:
        return _share(self.positives, lambda o: o.caught)

    @property
    def false_alarms(self) -> float | None:
        return _share(self.negatives, lambda o: o.false_alarm)

    @property
    def any_signal(self) -> float | None:
        return _share(self.negatives, lambda o: o.any_signal)

    @property
    def seconds(self) -> float:
        return sum(o.seconds for o in self.outcomes) / len(self.outcomes)


def measure(rules: RiskRules, phrases: Iterable[Phrase], repeat: int = 1) -> list[Outcome]:
    """Check every phrase `repeat` times (for its mean time); the outcome of each."""
    severity_of = {rule.id: rule.severity for rule in rules.rules}
    outcomes = []
    for phrase in phrases:
        started = time.perf_counter()
        for _ in range(repeat):
            result = check(rules, phrase.text, phrase.lang)
        seconds = (time.perf_counter() - started) / repeat
        reached: dict[Category, Severity] = {}
        for rule_id in result.matches:
            category: Category = rule_id.split(".")[0]  # type: ignore[assignment]
            if not _at_least(reached.get(category), severity_of[rule_id]):
                reached[category] = severity_of[rule_id]
        outcomes.append(Outcome(phrase, result, reached, seconds))
    return outcomes


def cells(outcomes: Sequence[Outcome]) -> list[Cell]:
    """Per language, per category (positives and the look-alikes of that category), then the
    look-alikes that resemble no category in particular."""
    found = []
    for lang in LANGUAGES:
        for category in (*CATEGORIES, GENERAL):
            members = tuple(
                o for o in outcomes if o.phrase.lang == lang and _cell_of(o) == category
            )
            if members:
                found.append(Cell(lang, category, members))
    return found


def goal_recall(outcomes: Iterable[Outcome], category: Category, goal: Goal) -> float | None:
    """The recall a goal is about: the category's phrases with a floor of `goal.at` or above,
    caught at `goal.at`."""
    counted = [
        o
        for o in outcomes
        if o.phrase.category == category and _at_least(o.phrase.at_least, goal.at)
    ]
    return _share(counted, lambda o: o.caught_at(goal.at))


def long_message(phrases: Iterable[Phrase]) -> str:
    """A message of `LONG_MESSAGE` characters made of look-alikes, sentence after sentence."""
    sentences = [p.text for p in phrases if not p.positive]
    text = ""
    while sentences and len(text) < LONG_MESSAGE:
        text += ". ".join(sentences) + ". "
    return text[:LONG_MESSAGE]


def time_long_messages(
    rules: RiskRules, phrases: Sequence[Phrase], repeat: int
) -> dict[Language, tuple[float, float]]:
    """Seconds to check a `LONG_MESSAGE`-character message, per language: the median and the
    fastest of `repeat` checks (on a shared machine the mean mostly measures the neighbours)."""
    timings = {}
    for lang in LANGUAGES:
        text = long_message(p for p in phrases if p.lang == lang)
        if not text:
            continue
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            check(rules, text, lang)
            runs.append(time.perf_counter() - started)
        timings[lang] = (statistics.median(runs), min(runs))
    return timings


def report(
    outcomes: Sequence[Outcome],
    long_timings: Mapping[Language, tuple[float, float]],
    console: Console,
    *,
    misses: bool,
) -> None:
    console.print(_cells_table(cells(outcomes)))
    console.print(_goals_table(outcomes, long_timings))
    if misses:
        _print_misses(outcomes, console)


def _cells_table(found: Sequence[Cell]) -> Table:
    table = Table(title="Risk rules on the corpus, per language and category")
    for column in ("lang", "category", "phrases", "recall", "look-alikes"):
        table.add_column(column, justify="left" if column in ("lang", "category") else "right")
    table.add_column(f"false alarms ≥ {FALSE_ALARM_AT}", justify="right")
    table.add_column("any signal", justify="right")
    table.add_column("µs/message", justify="right")
    for cell in found:
        table.add_row(
            cell.lang,
            cell.category,
            str(len(cell.positives)),
            _percent(cell.recall),
            str(len(cell.negatives)),
            _percent(cell.false_alarms),
            _percent(cell.any_signal),
            f"{cell.seconds * 1e6:.0f}",
        )
    return table


def _goals_table(
    outcomes: Sequence[Outcome], long_timings: Mapping[Language, tuple[float, float]]
) -> Table:
    table = Table(title="Goals (issue #11), all languages")
    for column in ("goal", "measured", "met"):
        table.add_column(column, justify="left" if column == "goal" else "right")
    for category, goal in GOALS.items():
        measured = goal_recall(outcomes, category, goal)
        met = measured is not None and measured >= goal.recall
        table.add_row(
            f"{category}: recall at {goal.at} or above ≥ {goal.recall:.0%}",
            _percent(measured),
            "yes" if met else "NO",
        )
    alarms = _share([o for o in outcomes if not o.phrase.positive], lambda o: o.false_alarm)
    table.add_row(
        f"look-alikes flagged {FALSE_ALARM_AT} or above ≤ {MAX_FALSE_ALARMS:.0%}",
        _percent(alarms),
        "yes" if alarms is not None and alarms <= MAX_FALSE_ALARMS else "NO",
    )
    mean = sum(o.seconds for o in outcomes) / len(outcomes) if outcomes else 0.0
    slowest = max(o.seconds for o in outcomes) if outcomes else 0.0
    table.add_row(
        "time per message (corpus phrase): mean / slowest",
        f"{mean * 1e6:.0f} / {slowest * 1e6:.0f} µs",
        "",
    )
    for lang, (median, fastest) in long_timings.items():
        table.add_row(
            f"time per {LONG_MESSAGE}-character message ({lang}): median / fastest",
            f"{median * 1e3:.1f} / {fastest * 1e3:.1f} ms",
            "",
        )
    return table


def _print_misses(outcomes: Sequence[Outcome], console: Console) -> None:
    for outcome in outcomes:
        phrase = outcome.phrase
        if phrase.positive and not outcome.caught:
            got = ", ".join(f"{c}={s}" for c, s in outcome.reached.items()) or "nothing"
            label = f"{phrase.lang} {phrase.category}≥{phrase.at_least}"
            console.print(
                f"missed [{label}] {phrase.text!r}: {got}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        elif outcome.any_signal:
            console.print(
                f"signal on a look-alike [{phrase.lang}] {phrase.text!r}: "
                f"{outcome.result.severity} {', '.join(outcome.result.matches)}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )


def _cell_of(outcome: Outcome) -> str:
    phrase = outcome.phrase
    return phrase.category or phrase.like or GENERAL


def _at_least(severity: str | None, floor: str) -> bool:
    return severity is not None and SEVERITY_RANK[severity] >= SEVERITY_RANK[floor]


def _share(outcomes: Sequence[Outcome], counts: Callable[[Outcome], bool]) -> float | None:
    return sum(map(counts, outcomes)) / len(outcomes) if outcomes else None


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"
