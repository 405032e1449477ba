"""Small typos in longer words, corrected towards the words the rules are written with.

People write in distress, fast, on small screens: "покончть", "самаубийство", "suicde",
"myslef", "нехочу". A word of a message that the rules do not know is replaced by a word
(or stem) of the rules one typo away - a letter left out or added, a letter changed for a
neighbouring key or a vowel that sounds alike (`keyboards`), or two letters swapped; optimal
string alignment distance from rapidfuzz - or else read as two of their words typed without
a space, before the patterns run. Patterns stay the explanation: the matched rule ids are
the same as for the words spelt right.

Short words are left alone: among them one edit makes another ordinary word too often
("пить" is one letter from "жить", "шить" too). Common short misspellings ("хочю", "жыть")
are written into the patterns instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Set

from rapidfuzz.distance import OSA

# Words (and stems) shorter than this are only corrected for two swapped letters ("wnat"),
# and shorter than `SHORTEST_SWAPPED` not at all.
SHORTEST = 5
SHORTEST_SWAPPED = 4
# Words shorter than this are never read as two words typed without a space ("даже" is not
# "да же"), nor are words split into pieces shorter than `_SHORTEST_PART`.
SHORTEST_GLUED = 5
_SHORTEST_PART = 2
# ... or, for a word that starts like a stem (and so may be a form of it), than this.
_SHORTEST_PART_AFTER_STEM = 4
# ... except "I" and "я", which people glue to the next word ("iwant", "яхочу").
_GLUED_PRONOUNS = frozenset({"i", "я"})
MAX_EDITS = 1
# Stems are looked up by their first letters: a typo in the first two letters of a word that
# only a stem covers is not corrected (whole words are corrected wherever the typo is).
_STEM_KEY = 2


class Speller:
    """Corrects words one edit away from a known word or stem; knows every word that is one."""

    def __init__(
        self, words: Iterable[str], stems: Iterable[str], confusable: Set[frozenset[str]]
    ) -> None:
        self._confusable = confusable
        self._words = frozenset(words)
        self._stems: dict[str, list[str]] = {}
        # The stems long enough to correct a word's beginning to (`_fix_stem`).
        self._long_stems: dict[str, list[str]] = {}
        for stem in sorted(set(stems)):
            if len(stem) >= _STEM_KEY:
                self._stems.setdefault(stem[:_STEM_KEY], []).append(stem)
            if len(stem) >= SHORTEST:
                self._long_stems.setdefault(stem[:_STEM_KEY], []).append(stem)
        # Every word, under itself and under each of its one-letter deletions: two words one
        # edit apart share one of these keys (symmetric deletion), so a lookup per deletion
        # of a message word finds every candidate, which OSA then confirms.
        self._by_deletion: dict[str, list[str]] = {}
        for word in sorted(self._words):
            if len(word) >= SHORTEST_SWAPPED:
                for key in {word, *_deletions(word)}:
                    self._by_deletion.setdefault(key, []).append(word)

    def correct(self, text: str) -> str:
        """`text` (a normalised message) with each unknown long word corrected, if it can be."""
        words = text.split(" ")
        fixes: dict[str, str] = {}
        for word in set(words):
            if len(word) < SHORTEST_SWAPPED or word in self._words:
                continue
            # A word a stem covers may be one of its forms: it is corrected only to a word
            # with the same stem, so a correction never loses a match.
            stems = [s for s in self._stems.get(word[:_STEM_KEY], ()) if word.startswith(s)]
            fixed = self._fix(word, stems)
            if fixed is None and len(word) >= SHORTEST_GLUED:
                fixed = self._split(word, stems)
            if fixed is not None:
                fixes[word] = fixed
        return " ".join(fixes.get(word, word) for word in words) if fixes else text

    def _split(self, word: str, stems: list[str]) -> str | None:
        """Two known words typed without the space between them ("нехочу", "лучшебы",
        "өлгімкеледі"). Other one-letter words are left out: "убьет" is not "у бьет". A word
        that starts like a stem may be one of its forms ("келеді" of the stem "ке"), so it is split
        only into longer words, the first still starting with that stem."""
        if not stems and word[0] in _GLUED_PRONOUNS and word[1:] in self._words:
            return f"{word[0]} {word[1:]}"
        shortest = _SHORTEST_PART_AFTER_STEM if stems else _SHORTEST_PART
        for cut in range(shortest, len(word) - shortest + 1):
            if (
                word[:cut] in self._words
                and word[cut:] in self._words
                and all(word[:cut].startswith(stem) for stem in stems)
            ):
                return f"{word[:cut]} {word[cut:]}"
        return None

    def _fix(self, word: str, stems: list[str]) -> str | None:
        lookup = self._by_deletion.get
        candidates = set(lookup(word, ()))
        for cut in range(len(word)):
            candidates.update(lookup(word[:cut] + word[cut + 1 :], ()))
        swaps_only = len(word) < SHORTEST
        for candidate in sorted(candidates):
            if (
                (len(candidate) >= SHORTEST or (swaps_only and len(candidate) == len(word)))
                and self._typo(word, candidate, swaps_only=swaps_only)
                and all(candidate.startswith(s) for s in stems)
            ):
                return candidate
        return None if stems else self._fix_stem(word)

    def _fix_stem(self, word: str) -> str | None:
        """The word with its beginning corrected to a stem, keeping its ending."""
        for stem in self._long_stems.get(word[:_STEM_KEY], ()):
            # Cheap first: with the first two letters alike and one typo, the third letters
            # match, or the typo is there and the fourth match or the two are shifted or
            # swapped. Most stems fail this without the edit distance being worked out.
            if len(word) < len(stem) - 1 or not (
                word[2] == stem[2] or word[3] == stem[3] or word[2] == stem[3] or word[3] == stem[2]
            ):
                continue
            for length in (len(stem), len(stem) - 1, len(stem) + 1):
                if length <= len(word) and self._typo(word[:length], stem):
                    return stem + word[length:]
        return None

    def _typo(self, typed: str, known: str, *, swaps_only: bool = False) -> bool:
        """Whether `typed` is `known` with one typo: two letters swapped, or (unless
        `swaps_only`) a letter left out or added, or changed for a neighbouring key or a vowel
        that sounds alike."""
        if OSA.distance(typed, known, score_cutoff=MAX_EDITS) > MAX_EDITS:
            return False
        if len(typed) != len(known):
            return not swaps_only
        changed = [(a, b) for a, b in zip(typed, known, strict=True) if a != b]
        # Two changed letters one edit apart are a swap; one is a substitution.
        if len(changed) == 2:
            return True
        return not swaps_only and frozenset(changed[0]) in self._confusable


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}
