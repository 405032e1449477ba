"""The words a risk pattern spells out, read from its folded source.

Two things need them. The word index (`index`) runs a pattern only on messages holding a
word the pattern can start with, so a long message is not searched by every pattern at every
space. Typo correction (`typos`) corrects a message's words towards the words the rules are
written with. Both read the same thing: every way a pattern's letters can be spelt, word by
word, with `\\w*` and the like leaving the rest of a word open (a stem: `самоубииств` of
`самоубииств\\w*`).

Only the regex syntax risk patterns use is understood in detail; anything else reads as
"some letters", which can only make the index run a pattern more often, never less.
"""

from __future__ import annotations

from dataclasses import dataclass

# Letters a pattern leaves open (`\w*`, `.`, a negated class); and a word boundary (`\b`).
_OPEN = "\x00"
_END = "\x01"
# A pattern that can be spelt more ways than this is read as "anything": it is always run and
# lends no words to typo correction. No rule comes near it; it keeps loading fast whatever
# someone writes.
_MOST_SPELLINGS = 20_000
# A character class of more letters than this is read as "some letter".
_LARGEST_CLASS = 12

# A spelling, split at its spaces: (word,) without a space, or (first, last) with the words
# in between already collected.
_Shape = tuple[str, ...]


@dataclass(frozen=True)
class Forms:
    """What a pattern spells out.

    `first_words` and `first_stems`: what a match can start with (a whole word, or the
    beginning of one); `anchored` False when a match can start anywhere (no leading `\\b`, or
    an open first word). `words` and `stems`: every word and stem it spells anywhere.
    """

    anchored: bool
    first_words: frozenset[str]
    first_stems: frozenset[str]
    words: frozenset[str]
    stems: frozenset[str]


UNKNOWN = Forms(False, frozenset(), frozenset(), frozenset(), frozenset())


class _TooManySpellings(Exception):
    pass


def forms(folded: str) -> Forms:
    """The forms of a folded pattern (`re.Pattern.pattern` of a compiled risk pattern)."""
    # A leading `\b` is folded to a space (see `patterns`): the first word starts a word.
    anchored = folded.startswith(" ")
    reader = _Reader(folded[1:] if anchored else folded)
    try:
        shapes = reader.alternation()
    except _TooManySpellings:
        return UNKNOWN
    words: set[str] = set()
    stems: set[str] = set()
    firsts: list[str | None] = []
    for shape in shapes:
        last = shape[-1] if shape[-1].endswith(_END) else shape[-1] + _OPEN
        pieces = [_word(shape[0] if len(shape) > 1 else last), _word(last)]
        firsts.append(pieces[0])
        for piece in pieces:
            if piece:
                (stems if piece.endswith(_OPEN) else words).add(piece.rstrip(_OPEN))
    for inner in reader.inner:
        piece = _word(inner)
        if piece:
            (stems if piece.endswith(_OPEN) else words).add(piece.rstrip(_OPEN))
    anchored = anchored and all(firsts)
    return Forms(
        anchored=anchored,
        first_words=frozenset(f for f in firsts if f and not f.endswith(_OPEN)),
        first_stems=frozenset(f.rstrip(_OPEN) for f in firsts if f and f.endswith(_OPEN)),
        words=frozenset(words),
        stems=frozenset(stems),
    )


def _word(piece: str) -> str | None:
    """A spelt word as `word`, `stem` + _OPEN, or None when it starts open."""
    piece = piece.replace(_END, "")
    if _OPEN in piece:
        piece = piece[: piece.index(_OPEN)] + _OPEN
    return None if not piece or piece.startswith(_OPEN) else piece


class _Reader:
    """A recursive-descent reader of a folded pattern into its spellings."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.at = 0
        # Words with a space on both sides in some spelling: complete, whatever comes next.
        self.inner: set[str] = set()

    def alternation(self) -> set[_Shape]:
        shapes = self.sequence()
        while self._peek() == "|":
            self.at += 1
            shapes |= self.sequence()
        return shapes

    def sequence(self) -> set[_Shape]:
        shapes: set[_Shape] = {("",)}
        while self.at < len(self.source) and self._peek() not in "|)":
            shapes = self._join(shapes, self._item())
        return shapes

    def _item(self) -> set[_Shape]:
        atom = self._atom()
        quantifier = self._peek()
        if quantifier == "?":
            self.at += 1
            atom = atom | {("",)}
        elif quantifier in ("*", "+") or (quantifier == "{" and self._count()):
            if quantifier in "*+":
                self.at += 1
            atom = _opened(atom) | ({("",)} if quantifier != "+" else set())
        if self._peek() in ("?", "+") and quantifier in "?*+{":  # lazy or possessive
            self.at += 1
        return atom

    def _atom(self) -> set[_Shape]:
        char = self.source[self.at]
        self.at += 1
        if char == "(":
            return self._group()
        if char == "[":
            return self._class()
        if char == "\\":
            escaped = self.source[self.at : self.at + 1]
            self.at += 1
            if escaped == "b":
                return {(_END,)}
            if escaped in ("B", "A", "Z"):
                return {("",)}
            if escaped == "s":
                return {("", "")}
            return {(_OPEN,)} if escaped.isalpha() else {(escaped,)}
        if char == ".":
            return {(_OPEN,)}
        if char in "^$":
            return {("",)}
        return {("", "")} if char == " " else {(char,)}

    def _group(self) -> set[_Shape]:
        zero_width = False
        if self.source.startswith("?", self.at):
            for opening in ("?:", "?=", "?!", "?<=", "?<!"):
                if self.source.startswith(opening, self.at):
                    zero_width = opening != "?:"
                    self.at += len(opening)
                    break
        inside = self.alternation()
        self.at += 1  # the closing ")"
        return {("",)} if zero_width else inside

    def _class(self) -> set[_Shape]:
        end = self.source.index("]", self.at + 1)
        members = self.source[self.at : end]
        self.at = end + 1
        letters = set(members)
        if members.startswith("^") or "\\" in members or "-" in members[1:-1]:
            return {(_OPEN,)}
        if len(letters) > _LARGEST_CLASS:
            return {(_OPEN,)}
        return {("", "") if letter == " " else (letter,) for letter in letters}

    def _count(self) -> bool:
        """Skip a `{m,n}` quantifier; False when `{` is a literal brace."""
        end = self.source.find("}", self.at)
        if end < 0 or not all(c.isdigit() or c == "," for c in self.source[self.at + 1 : end]):
            return False
        self.at = end + 1
        return True

    def _peek(self) -> str:
        return self.source[self.at] if self.at < len(self.source) else ""

    def _join(self, left: set[_Shape], right: set[_Shape]) -> set[_Shape]:
        if len(left) * len(right) > _MOST_SPELLINGS:
            raise _TooManySpellings
        joined: set[_Shape] = set()
        for a in left:
            for b in right:
                if len(a) == 1 and len(b) == 1:
                    joined.add((a[0] + b[0],))
                elif len(a) == 1:
                    joined.add((a[0] + b[0], b[1]))
                elif len(b) == 1:
                    joined.add((a[0], a[1] + b[0]))
                else:
                    self.inner.add(a[1] + b[0])
                    joined.add((a[0], b[1]))
        return joined


def _opened(shapes: set[_Shape]) -> set[_Shape]:
    """A repeated atom: some letters, across words if the atom holds a space."""
    return {(_OPEN,)} | ({(_OPEN, _OPEN)} if any(len(s) > 1 for s in shapes) else set())
