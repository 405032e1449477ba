"""Russian typed in Latin letters ("ne hochu zhit", "pokonchit s soboi"), read as Russian.

Many people in the region write Russian in Latin letters, on a phone without a Cyrillic
keyboard or out of habit, and spell it every way: `zh` or `j` for `ж`, `h`, `x` or `kh` for
`х`, `y`, `i` or nothing for `й`, `ы` and `ь`. The translit view turns every Latin word into
Cyrillic letter by letter and, on both the message and the Russian patterns, folds away the
distinctions Latin spelling loses (`ь` is dropped, `ы` is `и`, `щ` and `сч` are `ш`, ...).
So the Russian rules read "ne hochu zhit" as "не хочу жит", the same as their own "не хочу
жить" becomes; typo correction takes care of the rest of the variation.
"""

from __future__ import annotations

import re

# `j` is `ж` (as in Uzbek and Kazakh Latin, which most people here learnt first), and a `y`
# before a vowel starts `я`, `ю`, `е`. Longer spellings first.
_DIGRAPHS = (
    ("shch", "ш"),
    ("sch", "ш"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ya", "я"),
    ("yu", "ю"),
    ("yo", "е"),
    ("ye", "е"),
)
# Latin letters in Cyrillic, and what Latin spelling cannot tell apart folded alike on both
# sides: `ь` and `ъ` dropped, `ы` as `и`, `щ` as `ш`, `э` as `е`, `ц` as `с`; and below, `сч`
# as `ш` (`sch` is `щ` as often as `сч`: "proschaite", "ischeznut") and `тс` as `с` ("ts" is
# `ц` as often as `тс`: "rastsarapala", "prosypatsya"). The letters of the Kazakh and Turkish
# Latin alphabets (`ölgim`, `şaršadym`, `ğ`, `ı`) as the Cyrillic ones Kazakh, Kyrgyz and
# Tajik patterns are folded to (`ө` is `о` there, `ү` is `у`).
_LETTERS = str.maketrans(
    "abvgdezijklmnoprstufhxcywqыщэцöüäışğñçūə",
    "абвгдезижклмнопрстуфххсивкишесоуаишгнчуа",
    "ьъ",
)
_LATIN = re.compile("[a-z]")


def has_latin(text: str) -> bool:
    return _LATIN.search(text) is not None


def translit(text: str) -> str:
    """`text` (casefolded, common view) with Latin letters in Cyrillic and the folds applied.

    Every Latin letter is read as Russian: English words come out as nonsense the Russian
    rules do not match, which costs less than finding out which words are English.
    """
    if has_latin(text):
        for latin, cyrillic in _DIGRAPHS:
            if latin in text:
                text = text.replace(latin, cyrillic)
    return text.translate(_LETTERS).replace("сч", "ш").replace("тс", "с")
