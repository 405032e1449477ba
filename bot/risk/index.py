"""What one view of a message needs before its patterns run: typos corrected, and which
patterns can match at all.

A pattern starting with `\\b` can only match where a message word is one of the words (or
starts with one of the stems) it can start with (`words.forms`). Looking the message's words
up is far cheaper than running every pattern over a long message; a pattern whose start is
open is always run. The result is the same as running every pattern (a test checks it on
the whole corpus).

Patterns are known by `id()`: hashing a compiled pattern hashes its whole compiled code,
which for a rule's long alternations costs more than running it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.risk.keyboards import CONFUSABLE
from bot.risk.normalise import View
from bot.risk.typos import Speller
from bot.risk.words import forms

Pattern = re.Pattern[str]
# Stems are filed under their first letters; a pattern starting with a shorter stem is always
# run.
_KEY = 2


class ViewIndex:
    """The patterns of one view (`normalise.View`), by the words they start with."""

    def __init__(self, view: View, patterns: Iterable[Pattern], idioms: Iterable[Pattern]) -> None:
        self._always: set[int] = set()
        self._by_word: dict[str, set[int]] = {}
        # Stems by their first two letters: a message word is looked up by its own.
        self._by_start: dict[str, list[tuple[str, int]]] = {}
        words: set[str] = set()
        stems: set[str] = set()
        for pattern in patterns:
            found = forms(pattern.pattern)
            words |= found.words
            stems |= found.stems
            key = id(pattern)
            if not found.anchored or any(len(stem) < _KEY for stem in found.first_stems):
                self._always.add(key)
                continue
            for word in found.first_words:
                self._by_word.setdefault(word, set()).add(key)
            for stem in found.first_stems:
                self._by_start.setdefault(stem[:_KEY], []).append((stem, key))
        # Idioms and context lend their words too, so a typo in one is corrected like any.
        for idiom in idioms:
            found = forms(idiom.pattern)
            words |= found.words
            stems |= found.stems
        self.speller = Speller(words, stems, CONFUSABLE[view])

    def read(self, text: str) -> tuple[str, frozenset[int]]:
        """`text` (one view of a message) with its typos corrected, and the `id()`s of the
        patterns that can match it."""
        text = self.speller.correct(text)
        found = set(self._always)
        for word in set(text.split()):
            found |= self._by_word.get(word, set())
            for stem, key in self._by_start.get(word[:_KEY], ()):
                if word.startswith(stem):
                    found.add(key)
        return text, frozenset(found)
