"""The labelled corpus (tests/risk/corpus/) against the real rules: recall and false alarms
stay at or above the floors below, the corpus stays large enough to mean something, and no
`unless` exclusion ever silences a phrase that says something.

The floors sit a little below what `qadam bench risk` measures (every cell at 100% recall and
no look-alike at high, on phrases written alongside the rules), at the goals of issue #11, so
a change that loses a signal fails here. Raise them, never lower them, unless the corpus
changes.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from bot.bench.risk import GOALS, MAX_FALSE_ALARMS, cells, goal_recall
from bot.risk import RiskRules, check
from bot.risk.model import CATEGORIES, LANGUAGES
from tests.risk.corpus_helpers import outcomes, phrases
from tests.risk.helpers import rules

# Recall per category, in every language: the issue's goals, and 0.9 for acute need.
FLOORS = {"suicide": 0.95, "self_harm": 0.95, "abuse": 0.9, "harm_others": 0.9, "acute_need": 0.9}
# Phrases per language the issue asks for at least.
SIZES = {"ru": 300, "en": 150, "kk": 80, "ky": 80, "uz": 80, "tg": 80}

CELLS = [(c.lang, c.category) for c in cells(outcomes()) if c.positives]


def test_the_corpus_is_large_enough_and_covers_every_language_and_category() -> None:
    sizes: Counter[str] = Counter(p.lang for p in phrases())
    assert {lang: sizes[lang] >= least for lang, least in SIZES.items()} == dict.fromkeys(
        SIZES, True
    ), sizes
    for lang in LANGUAGES:
        covered = {p.category for p in phrases() if p.lang == lang}
        assert set(CATEGORIES) | {None} <= covered, lang


@pytest.mark.parametrize(("lang", "category"), CELLS, ids=[f"{lang}-{cat}" for lang, cat in CELLS])
def test_recall_holds_its_floor(lang: str, category: str) -> None:
    cell = next(c for c in cells(outcomes()) if (c.lang, c.category) == (lang, category))
    missed = [o.phrase.text for o in cell.positives if not o.caught]
    assert cell.recall is not None
    assert cell.recall >= FLOORS[category], missed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_look_alikes_stay_below_high(lang: str) -> None:
    negatives = [o for o in outcomes() if o.phrase.lang == lang and not o.phrase.positive]
    alarms = [o.phrase.text for o in negatives if o.false_alarm]
    assert len(alarms) <= MAX_FALSE_ALARMS * len(negatives), alarms


def test_every_goal_of_the_issue_is_met_across_languages() -> None:
    for category, goal in GOALS.items():
        measured = goal_recall(outcomes(), category, goal)
        assert measured is not None and measured >= goal.recall, category


def test_no_exclusion_silences_a_phrase_that_says_something() -> None:
    # Without its `unless` idioms a rule can only fire more. On a phrase that carries a wish
    # to die (or another signal) no rule of that phrase's category may fire more without
    # them, or an idiom swallowed the signal. (An idiom may excuse another category: "they
    # kicked us out" is no beating.)
    bare = RiskRules(tuple(dataclasses.replace(rule, unless=()) for rule in rules().rules))
    silenced = {}
    for outcome in outcomes():
        phrase = outcome.phrase
        if phrase.category is None:
            continue
        without = set(check(bare, phrase.text, phrase.lang).matches)
        lost = sorted(
            rule_id
            for rule_id in without - set(outcome.result.matches)
            if rule_id.startswith(f"{phrase.category}.")
        )
        if lost:
            silenced[phrase.text] = lost
    assert silenced == {}


def test_exclusions_do_excuse_look_alikes() -> None:
    # The other half: the idioms are there for a reason, so some look-alike needs them.
    bare = RiskRules(tuple(dataclasses.replace(rule, unless=()) for rule in rules().rules))
    excused = [
        o.phrase.text
        for o in outcomes()
        if not o.phrase.positive and check(bare, o.phrase.text, o.phrase.lang).flagged
    ]
    assert excused


def test_after_a_preposition_not_wanting_to_live_is_still_a_wish_to_die() -> None:
    # "не хочу жить без детей" was excused once by an idiom for "не хочу жить в/с ...".
    tagged = [o for o in outcomes() if "after-preposition" in o.phrase.tags]
    wishes = [o for o in tagged if o.phrase.positive]
    places = [o for o in tagged if not o.phrase.positive]
    assert wishes and places
    assert [
        o.phrase.text for o in wishes if "suicide.ru.not_want_to_live" not in o.result.matches
    ] == []
    assert [o.phrase.text for o in places if o.result.flagged] == []
