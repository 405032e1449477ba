"""The labelled corpus and its outcomes with the real rules, measured once per test run."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bot.bench.corpus import Phrase, load_corpus
from bot.bench.risk import Outcome, measure
from tests.risk.helpers import rules

CORPUS_DIR = Path(__file__).with_name("corpus")


@cache
def phrases() -> tuple[Phrase, ...]:
    return load_corpus(CORPUS_DIR)


@cache
def outcomes() -> tuple[Outcome, ...]:
    return tuple(measure(rules(), phrases()))


def plain(lang: str, *categories: str) -> list[Phrase]:
    """The language's phrases of those categories written plainly (no typo, translit or
    other tag), to make variants of."""
    return [p for p in phrases() if p.lang == lang and p.category in categories and not p.tags]
