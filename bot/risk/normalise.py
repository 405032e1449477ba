"""Messages folded into the plain form risk patterns are written against.

People type fast, on whatever keyboard they have: Kazakh `қ` as Russian `к`, Uzbek `oʻ` as
`o'`, `o`` or `o`, Latin `o` inside a Cyrillic word, `нееет` for `нет`, emoji and invisible
marks between letters. Three views of a message are made:

- the common view, for en, ru, kk, ky and tg: NFKC, no invisible or bidi marks, no
  apostrophes, look-alike letters turned into the script the rest of the word is in,
  casefolded, `ё`->`е`, `й`->`и`, `ъ`->`ь`, Kazakh, Kyrgyz, Tajik and Uzbek letters as they
  are typed on a Russian keyboard (`қ`->`к`, `ө`->`о`, `ү`->`у`, `ҷ`->`ч`, `ҳ`->`х`, ...),
  sentence ends (`. ! ? ; …`, new line) as ` . `, anything else that is not a letter or
  digit as one space, and a letter repeated as one letter;
- the Uzbek view: the same, but Cyrillic is transliterated to Uzbek Latin (`ўзимни` ->
  `ozimni`), `q` is written `k` and `x` is written `h` (a Russian keyboard has one `х` for
  Uzbek `ҳ` and `х`, and one `к` for `қ` and `к`), so one Latin pattern set covers both scripts;
- the translit view, for Russian, Kazakh, Kyrgyz and Tajik typed in Latin letters: the
  common view with Latin words in Cyrillic and the spelling Latin loses folded away on both
  sides (`translit`). It is made only for a message with Latin letters in it.

All views start and end with a space and separate words by exactly one space, so a
pattern's leading `\\b` can be matched as a literal space (see `patterns`), which lets the
regex engine skip ahead by its first word instead of trying every position.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, TypeAlias

from bot.risk.translit import translit

View: TypeAlias = Literal["common", "uzbek", "translit"]

# Format characters people (and keyboards) put inside words: zero-width spaces and joiners,
# soft hyphens, bidi marks and isolates, variation selectors after emoji.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]"
)
# Every way an apostrophe is typed: for Uzbek oʻ and gʻ, the tutuq belgisi, English "don't".
APOSTROPHES = "'`´ʹʻʼʽʾʿˈˊˋ‘’‚‛′"
_APOSTROPHE = re.compile(f"[{APOSTROPHES}]")
_COMBINING = re.compile("[\u0300-\u036f]")
# Sentence ends stay, as " . ": a pattern's one-word gap `(?:\w+ )?` must not reach into
# the next sentence ("меня бьёт дрожь. Меня ..."). Everything else that is not a letter or
# digit is a space.
_SENTENCE_ENDS = ".!?;…\n"
_NON_WORD = re.compile(f"[^\\w{_SENTENCE_ENDS}]+|_+")
_SENTENCE_END = re.compile(f"[ {_SENTENCE_ENDS}]*[{_SENTENCE_ENDS}][ {_SENTENCE_ENDS}]*")
# Digits too: cheaper to find than letters only, and no pattern is about numbers.
_REPEATED = re.compile(r"(\w)\1+")

# Latin letters and digits that look like Cyrillic ones, and the other way round. Upper
# case is mapped before casefolding, since `H` looks like `Н` but `h` does not look like `н`.
_LATIN_AS_CYRILLIC = {
    **dict(zip("ABCEHKMOPTXY", "АВСЕНКМОРТХУ", strict=True)),
    **dict(zip("acekopxyih", "асекорхуіһ", strict=True)),
    **dict(zip("036", "озб", strict=True)),
}
_CYRILLIC_AS_LATIN = {
    **dict(zip("АВСЕНКМОРТХУ", "ABCEHKMOPTXY", strict=True)),
    **dict(zip("асекорхуіјһѕԁԛԝ", "acekopxyijhsdqw", strict=True)),
    **dict(zip("01345", "oieas", strict=True)),
}
_TO_CYRILLIC = str.maketrans(_LATIN_AS_CYRILLIC)
_TO_LATIN = str.maketrans(_CYRILLIC_AS_LATIN)
_LATIN = re.compile("[a-zA-Z]")
_CYRILLIC = re.compile("[\u0400-\u052f]")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W_]+")
# Letters of both scripts side by side, or letters and digits: a word that needs the fold.
_MIXED = re.compile(r"[a-zA-Z\d][\u0400-\u052f]|[\u0400-\u052f\d][a-zA-Z]|[^\W\d_]\d")

# Russian spelling variants, and the letters of Kazakh, Kyrgyz, Tajik and Uzbek Cyrillic as
# people type them on a Russian keyboard.
_COMMON = tuple(
    {
        "ё": "е",
        "й": "и",
        "ъ": "ь",
        "қ": "к",
        "ғ": "г",
        "ң": "н",
        "ө": "о",
        "ү": "у",
        "ұ": "у",
        "һ": "х",
        "і": "и",
        "ї": "и",
        "є": "е",
        "ә": "а",
        "ҷ": "ч",
        "ҳ": "х",
        "ӣ": "и",
        "ӯ": "у",
        "ў": "у",
    }.items()
)

# Uzbek Cyrillic to Uzbek Latin (the 1995 alphabet), with `ў` as a plain `o` because the
# apostrophe of `oʻ` is dropped from every message; Kazakh, Kyrgyz and Tajik letters go to
# their nearest Uzbek Latin letter. `q` -> `k` and `x` -> `h` as explained above; a few
# Turkish-style letters some people use for Uzbek are read the same way.
_UZBEK = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфхы", "abvgdeziyklmnoprstufhi", strict=True)),
        "ё": "yo",
        "ж": "j",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sh",
        "ъ": "",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "ў": "o",
        "қ": "k",
        "ғ": "g",
        "ҳ": "h",
        "ө": "o",
        "ү": "u",
        "ұ": "u",
        "ң": "ng",
        "і": "i",
        "ї": "i",
        "є": "ye",
        "ә": "a",
        "һ": "h",
        "ҷ": "j",
        "ӣ": "i",
        "ӯ": "u",
        "q": "k",
        "x": "h",
        "ş": "sh",
        "ç": "ch",
        "ğ": "g",
        "ö": "o",
        "ü": "u",
        "ı": "i",
        "ñ": "ng",
    }
)
# Uzbek Cyrillic `е` at the start of a word is `ye` in Latin (`ейиш` -> `yeyish`).
_WORD_INITIAL_YE = re.compile(r"(?<![^\W_])е")


def normalise(text: str, view: View = "common") -> str:
    """`text` in the given view: `" word word "`, one space between and around words."""
    return finish(prepare(text), view)


def prepare(text: str) -> str:
    """The part of normalising both views share; `finish` makes one view of the result.

    Checking a message in both views prepares it once.
    """
    text = _NON_WORD.sub(" ", _fold_shared(text))
    return _SENTENCE_END.sub(" . ", text).strip(" .")


def finish(prepared: str, view: View) -> str:
    """A view of a `prepare`d message."""
    text = collapse_repeats(_fold_view(prepared, view))
    return f" {text} " if text else " "


def fold_letters(text: str, view: View) -> str:
    """Every letter-level fold of the view, keeping spaces and punctuation where they are.

    `patterns` folds the letters of a pattern with this, so patterns can be written in
    ordinary spelling (`өлгім келеді`, `oʻzimni`) and still match what people type.
    """
    return _fold_view(_fold_shared(text), view)


def _fold_shared(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _APOSTROPHE.sub("", _INVISIBLE.sub("", text))
    if (_LATIN.search(text) and _CYRILLIC.search(text)) or _DIGIT.search(text):
        text = _fold_mixed_words(text)
    return _COMBINING.sub("", unicodedata.normalize("NFKC", text.casefold()))


def _fold_view(text: str, view: View) -> str:
    if view == "uzbek":
        return _WORD_INITIAL_YE.sub("ye", text).translate(_UZBEK)
    if view == "translit":
        return translit(_fold_view(text, "common"))
    # Most messages hold few of these letters: a replace per letter present is much faster
    # than `str.translate` over the whole message.
    for letter, typed in _COMMON:
        if letter in text:
            text = text.replace(letter, typed)
    return text


def collapse_repeats(text: str) -> str:
    """A letter (or digit) typed several times in a row as one (`нееет` -> `нет`)."""
    return _REPEATED.sub(r"\1", text)


def _fold_mixed_words(text: str) -> str:
    """Only the words that mix scripts (or letters and digits) are looked at: calling out to
    Python for every word of a long message would cost more than all the patterns."""
    pieces: list[str] = []
    done = 0
    for spot in _MIXED.finditer(text):
        if spot.start() < done:
            continue
        start = spot.start()
        while start > done and text[start - 1].isalnum():
            start -= 1
        word = _WORD.match(text, start)
        end = word.end() if word else spot.end()
        pieces += [text[done:start], _fold_look_alikes(text[start:end])]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _fold_look_alikes(word: str) -> str:
    cyrillic = [c for c in word if "\u0400" <= c <= "\u052f"]
    latin = [c for c in word if c.isascii() and c.isalpha()]
    # Letters only one script has decide which script the word is in.
    cyrillic_only = sum(c not in _CYRILLIC_AS_LATIN for c in cyrillic)
    latin_only = sum(c not in _LATIN_AS_CYRILLIC for c in latin)
    if (cyrillic_only, len(cyrillic)) > (latin_only, len(latin)):
        return word.translate(_TO_CYRILLIC)
    if (latin_only, len(latin)) > (cyrillic_only, len(cyrillic)):
        return word.translate(_TO_LATIN)
    return word
