"""Risk patterns, written in ordinary spelling, folded and compiled like the messages.

A pattern is a Python regular expression over a normalised message (see `normalise`). Its
letters go through the same folds as a message, so `өлгім келеді`, `oʻzimni` and `don't`
can be written as people spell them; regex syntax (`\\b`, `\\w*`, `(?:...)`, `[...]`,
`{1,2}`) is kept as it is. Because a message is `" word word "`, a leading `\\b` becomes a
literal space, which lets the regex engine jump to the pattern's first word.

Uzbek patterns are written in Latin script; `oʻ` in them matches `o`, and `u` as well,
since `ў` is typed as `у` on a Russian keyboard.
"""

from __future__ import annotations

import re

from bot.risk.normalise import APOSTROPHES, View, collapse_repeats, fold_letters

_QUANTIFIERS = "?*+{"
_UZBEK_O = re.compile(f"o[{APOSTROPHES}]")
_CYRILLIC = re.compile("[\u0400-\u052f]")
_GROUP = re.compile(r"\(\?(?:<[=!]|[:=!])")
_COUNT = re.compile(r"\{\d*(?:,\d*)?\}")


class PatternError(ValueError):
    """A pattern cannot be used; the message says how to write it instead."""


def compile_pattern(source: str, view: View) -> re.Pattern[str]:
    """Fold `source`'s letters for `view` and compile it; PatternError says what is wrong."""
    if view == "uzbek" and _CYRILLIC.search(source):
        raise PatternError(
            "write Uzbek patterns in Latin script; Cyrillic messages are transliterated to "
            "Latin before matching"
        )
    folded = fold_pattern(source, view)
    try:
        return re.compile(folded)
    except re.error as error:
        raise PatternError(f"not a valid regular expression: {error}") from error


def fold_pattern(source: str, view: View) -> str:
    """`source` with its letters folded as a message's are, its regex syntax untouched."""
    out: list[str] = []
    i = 0
    in_class = False
    while i < len(source):
        char = source[i]
        if char == "\\":
            out.append(source[i : i + 2])
            i += 2
        elif in_class:
            if char == "]":
                in_class = False
                out.append(char)
            else:
                out.append(_fold_class_letter(char, view))
            i += 1
        elif char == "[":
            in_class = True
            # `]` right after `[` or `[^` is a literal, not the end of the class.
            opening = "[^" if source.startswith("[^", i) else "["
            out.append(opening)
            i += len(opening)
            if source.startswith("]", i):
                out.append("]")
                i += 1
        elif char == "(" and source.startswith("(?", i):
            opening = _group_opening(source, i)
            out.append(opening)
            i += len(opening)
        elif char == "{":
            quantifier = _COUNT.match(source, i)
            text = quantifier.group() if quantifier else char
            out.append(text)
            i += len(text)
        elif char.isalpha() or char in APOSTROPHES:
            end = i
            while end < len(source) and (source[end].isalpha() or source[end] in APOSTROPHES):
                end += 1
            run = source[i:end]
            if end < len(source) and source[end] in _QUANTIFIERS:
                _check_quantified(run, view)
            out.append(_fold_run(run, view))
            i = end
        else:
            out.append(char)
            i += 1
    folded = "".join(out)
    return " " + folded[2:] if folded.startswith("\\b") else folded


def _fold_run(run: str, view: View) -> str:
    if view == "uzbek":
        pieces = _UZBEK_O.split(run.casefold())
        return "[ou]".join(collapse_repeats(fold_letters(piece, view)) for piece in pieces)
    return collapse_repeats(fold_letters(run, view))


def _fold_class_letter(char: str, view: View) -> str:
    folded = fold_letters(char, view)
    if len(folded) > 1:
        raise PatternError(
            f"{char!r} inside [...] stands for {folded!r} after normalising; "
            f"write (?:{folded}|...) instead"
        )
    return folded


def _check_quantified(run: str, view: View) -> None:
    """A quantifier applies to the run's last letter: it must stay one letter, on its own."""
    head, last = run[:-1], run[-1]
    if _fold_run(head, view) + _fold_run(last, view) != _fold_run(run, view) or (
        len(_fold_run(last, view)) != 1
    ):
        raise PatternError(
            f"the quantifier after {run!r} would apply to a different letter once the "
            "pattern is normalised (repeated letters are merged, apostrophes dropped); "
            f"group what it should apply to, like (?:{last})?"
        )


def _group_opening(source: str, at: int) -> str:
    opening = _GROUP.match(source, at)
    if opening is None:
        raise PatternError(
            "only (?:...), lookahead (?=...) (?!...) and lookbehind (?<=...) (?<!...) groups "
            "are used in risk patterns; no named groups or inline flags (messages are "
            "already lower case)"
        )
    return opening.group()
