"""Typo correction: one plausible typo in a longer word is corrected to a rule's word, and
ordinary words near a rule's word are left alone."""

from __future__ import annotations

import pytest

from bot.risk.keyboards import CONFUSABLE
from bot.risk.typos import Speller

WORDS = {"умереть", "покончить", "самоубийство", "homeless", "want", "хочу", "не", "было"}
STEMS = {"суицид", "умер"}


def correct(text: str, view: str = "common") -> str:
    speller = Speller(WORDS, STEMS, CONFUSABLE["common" if view == "common" else "uzbek"])
    return speller.correct(f" {text} ").strip()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("покончть", "покончить"),  # a letter left out
        ("покончиить", "покончить"),  # one added (not a repeat, which is folded anyway)
        ("пакончить", "покончить"),  # о written а, as it sounds
        ("покончитб", "покончить"),  # ь and б are neighbouring keys
        ("самоубийтсво", "самоубийство"),  # two letters swapped
        ("wnat", "want"),  # swapped, in a short word
        ("суецидальные", "суицидальные"),  # in a stem, keeping the ending
    ],
)
def test_one_typo_in_a_longer_word_is_corrected(typed: str, meant: str) -> None:
    assert correct(typed) == meant


@pytest.mark.parametrize(
    "ordinary",
    [
        "hopeless",  # p and m are far apart and not vowels: not a typo of "homeless"
        "wamt",  # a changed letter in a short word
        "покорить",  # two letters away
        "умерли",  # starts like a stem: only corrected to a word of that stem
    ],
)
def test_ordinary_words_are_left_alone(ordinary: str) -> None:
    assert correct(ordinary) == ordinary


def test_two_words_typed_without_a_space_are_read_apart() -> None:
    assert correct("небыло") == "не было"
    assert correct("яхочу") == "я хочу"


def test_a_glued_word_that_starts_like_a_stem_is_read_apart_after_the_stem() -> None:
    speller = Speller({"олгим", "келеди", "ол"}, {"ол"}, CONFUSABLE["common"])
    assert speller.correct(" олгимкеледи ") == " олгим келеди "
    # Not where the first word would lose the stem.
    speller = Speller({"ол", "гимкеледи"}, {"олг"}, CONFUSABLE["common"])
    assert speller.correct(" олгимкеледи ") == " олгимкеледи "


def test_a_one_letter_word_is_never_split_off_other_than_i() -> None:
    # "убьет" is not "у бьет", even when both are rule words.
    speller = Speller({"у", "бьет"}, (), CONFUSABLE["common"])
    assert speller.correct(" убьет ") == " убьет "
