"""What people do to the corpus phrases, done by rule: a typo in the longest word, Russian
typed in Latin letters, Uzbek in the other script. The variants are made here, from the
plain phrases, so no expected result is written by hand; each must be caught like the phrase
it was made from (at the shares below, a little under what is measured)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import pytest

from bot.bench.corpus import Phrase
from bot.bench.risk import measure
from tests.risk.corpus_helpers import phrases, plain
from tests.risk.helpers import rules

TYPO_FLOOR = 0.9
TRANSLIT_FLOOR = 0.9

_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Typos are forgiven in longer words; short ones are spelt out in the patterns.
LONG_WORD = 6


def _spot(text: str) -> int | None:
    """A place in the middle of the phrase's longest word whose neighbours differ (leaving
    the letter out must not make a double letter, which reads as one), if the word is long."""
    longest = max(_WORD.finditer(text), key=lambda m: len(m.group()))
    if len(longest.group()) < LONG_WORD:
        return None
    for spot in range((longest.start() + longest.end()) // 2, longest.end() - 1):
        if text[spot - 1].lower() != text[spot + 1].lower():
            return spot
    return None


def dropped(text: str) -> str:
    """A letter in the middle of the longest word left out."""
    spot = _spot(text)
    return text if spot is None else text[:spot] + text[spot + 1 :]


def swapped(text: str) -> str:
    """Two letters in the middle of the longest word swapped."""
    spot = _spot(text)
    return (
        text if spot is None else text[: spot - 1] + text[spot] + text[spot - 1] + text[spot + 1 :]
    )


def caught_share(phrases: list[Phrase], change: Callable[[str], str]) -> tuple[float, list[str]]:
    variants = [
        Phrase(change(p.text), p.lang, p.category, p.at_least, p.like, p.tags) for p in phrases
    ]
    results = measure(rules(), variants)
    missed = [o.phrase.text for o in results if not o.caught]
    return 1 - len(missed) / len(results), missed


@pytest.mark.parametrize("change", [dropped, swapped])
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_typo_in_the_longest_word_is_forgiven(lang: str, change: Callable[[str], str]) -> None:
    typed = [p for p in plain(lang, "suicide", "self_harm") if _spot(p.text) is not None]
    assert len(typed) > 20
    share, missed = caught_share(typed, change)
    assert share >= TYPO_FLOOR, missed


# A common way of typing Russian in Latin letters; the rules are not told which.
_TO_LATIN = {
    **dict(zip("абвгдезиклмнопрстуфх", "abvgdeziklmnoprstufh", strict=True)),
    **{"ё": "e", "ж": "zh", "й": "y", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch"},
    **{"ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"},
}


def latin(text: str) -> str:
    return "".join(_TO_LATIN.get(c, c) for c in text.lower())


def test_russian_typed_in_latin_letters_is_read_as_russian() -> None:
    share, missed = caught_share(plain("ru", "suicide", "self_harm", "abuse", "harm_others"), latin)
    assert share >= TRANSLIT_FLOOR, missed


# Uzbek Latin (1995) to Cyrillic, longest spellings first.
_UZ_CYRILLIC = [
    ("oʻ", "ў"), ("o'", "ў"), ("gʻ", "ғ"), ("g'", "ғ"), ("sh", "ш"), ("ch", "ч"),
    ("yo", "ё"), ("yu", "ю"), ("ya", "я"), ("ye", "е"), ("ʼ", "ъ"), ("'", "ъ"),
    *zip("abdefghijklmnopqrstuvxyz", "абдэфгҳижклмнопқрстувхйз", strict=True),
]  # fmt: skip


def cyrillic(text: str) -> str:
    text = text.lower()
    for latin_letters, cyrillic_letters in _UZ_CYRILLIC:
        text = text.replace(latin_letters, cyrillic_letters)
    # `e` is `е` inside a word and `э` only at its start.
    return re.sub(r"(?<=\w)э", "е", text)


def test_uzbek_reads_the_same_in_both_scripts() -> None:
    written = [
        p
        for p in phrases()
        # Not Russian typed in Latin letters inside an Uzbek sentence ("muj bet"): nobody
        # writing in Cyrillic types it as Uzbek Cyrillic ("муж бет").
        if p.lang == "uz"
        and p.positive
        and not {"typo", "translit"} & p.tags
        and not _CYRILLIC.search(p.text)
    ]
    assert len(written) > 40
    converted = [dataclasses.replace(p, text=cyrillic(p.text)) for p in written]
    for latin_outcome, cyrillic_outcome in zip(
        measure(rules(), written), measure(rules(), converted), strict=True
    ):
        assert cyrillic_outcome.result.matches == latin_outcome.result.matches, (
            cyrillic_outcome.phrase.text,
            latin_outcome.phrase.text,
        )
