"""Which one-letter substitutions are typos people make: a neighbouring key, or a vowel
spelt as it sounds. Typo correction (`typos`) accepts a changed letter only from these, so
that an ordinary word one letter from a rule's word is left alone ("hopeless" is not a typo
of "homeless": `p` and `m` are far apart and neither is a vowel).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.risk.normalise import View, fold_letters

# Letter rows as printed on the keys; a key's neighbours are beside it and, on the rows above
# and below, the keys at the same place and one to either side (rows are staggered).
_QWERTY = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_JCUKEN = ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")
# Vowels written as they sound: unstressed Russian о/а, е/и/я, и/ы; English vowels among
# themselves; Uzbek o/u (`oʻ` typed as `u` or `o`), a/o and i/e.
_SOUNDS = (
    ("о", "а"),
    ("е", "и"),
    ("е", "я"),
    ("и", "ы"),
    ("е", "э"),
    ("у", "ю"),
    *((a, b) for a in "aeiouy" for b in "aeiouy" if a < b),
)
_UZBEK_SOUNDS = (("o", "u"), ("a", "o"), ("i", "e"))


def _neighbours(rows: Iterable[str]) -> set[tuple[str, str]]:
    rows = tuple(rows)
    pairs: set[tuple[str, str]] = set()
    for r, row in enumerate(rows):
        for i, key in enumerate(row):
            near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            for other in (r - 1, r + 1):
                if 0 <= other < len(rows):
                    near += [rows[other][j] for j in (i - 1, i, i + 1) if 0 <= j < len(rows[other])]
            pairs |= {(key, n) for n in near}
    return pairs


def _folded(pairs: Iterable[tuple[str, str]], view: View) -> frozenset[frozenset[str]]:
    """The pairs as letters of the view; a pair the view folds into one letter, or into more
    than one letter, is dropped."""
    found = set()
    for a, b in pairs:
        fa, fb = fold_letters(a, view), fold_letters(b, view)
        if len(fa) == len(fb) == 1 and fa != fb:
            found.add(frozenset((fa, fb)))
    return frozenset(found)


def _confusable() -> Mapping[View, frozenset[frozenset[str]]]:
    keys = _neighbours(_QWERTY) | _neighbours(_JCUKEN)
    return {
        "common": _folded(keys | set(_SOUNDS), "common"),
        # Typed on a Latin keyboard, then read as Cyrillic.
        "translit": _folded(_neighbours(_QWERTY) | set(_SOUNDS), "translit"),
        "uzbek": _folded(keys | set(_SOUNDS) | set(_UZBEK_SOUNDS), "uzbek"),
    }


CONFUSABLE: Mapping[View, frozenset[frozenset[str]]] = _confusable()
