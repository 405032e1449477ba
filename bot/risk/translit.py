"""Russian typed in Latin letters ("ne hochu zhit", "pokonchit s soboi"), read as Russian.

Many people in the region write Russian in Latin letters, on a phone without a Cyrillic
keyboard or out of habit, and spell it every way: `zh` or `j` for `ж`, `h`, `x` or `kh` for
`х`, `y`, `i` or nothing for `й`, `ы` and `ь`. The translit view turns every Latin word into
Cyrillic letter by letter and, on both the message and the Russian patterns, folds away the
distinctions Latin spelling loses: `ь` is dropped, `ы` is `и`, `щ` is `ш`, `э` is `е` and `ц`
is `с`. So the Russian rules read "ne hochu zhit" as "не хочу жит", the same as their own
"не хочу жить" becomes; typo correction takes care of the rest of the variation.
"""

from __future__ import annotations

import re

# `j` is `ж` (as in Uzbek and Kazakh Latin, which most people here learnt first), `sch` is
# `сч` (исчезнуть), and a `y` before a vowel starts `я`, `ю`, `е`.
_LETTERS = {
    "shch": "ш",
    "sch": "сч",
    "sh": "ш",
    "ch": "ч",
    "zh": "ж",
    "kh": "х",
    "ya": "я",
    "yu": "ю",
    "yo": "е",
    "ye": "е",
    **dict(zip("abvgdezijklmnoprstufhxcywq", "абвгдезижклмнопрстуфххсивк", strict=True)),
}
_LATIN_LETTERS = re.compile("|".join(sorted(_LETTERS, key=len, reverse=True)))
_LATIN_WORD = re.compile("[a-z]+")
# What Latin spelling cannot tell apart, folded alike on both sides.
_FOLD = str.maketrans({"ь": "", "ы": "и", "щ": "ш", "э": "е", "ц": "с"})


def has_latin(text: str) -> bool:
    return _LATIN_WORD.search(text) is not None


def translit(text: str) -> str:
    """`text` (casefolded, common view) with Latin words in Cyrillic and the folds applied."""
    if has_latin(text):
        text = _LATIN_WORD.sub(_cyrillic, text)
    return text.translate(_FOLD)


def _cyrillic(word: re.Match[str]) -> str:
    return _LATIN_LETTERS.sub(lambda letters: _LETTERS[letters.group()], word.group())
