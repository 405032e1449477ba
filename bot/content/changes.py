"""What changed between two revisions of a content file, step by step and language by
language, and whether the change touches safety. Pure: works on parsed YAML data."""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from bot.spec.locales import ALL_LOCALES

# Files whose every change is safety-critical: what counts as risk, the numbers people in
# crisis are given, and the questionnaires whose answers raise risk flags.
SAFETY_PREFIXES = ("risk/", "services/crisis-contacts", "services/programme", "instruments/")
# A flow step is safety-critical when it opens a case for a counsellor, or asks the person
# to write about hard things, whose risk goes to a counsellor quietly.
SAFETY_STEP_KEYS = ("escalate", "hard_words")
STEPS = "steps"
# Words, the spaces between them and each mark of punctuation: what a changed text is
# compared by, so that the runs put back together are the text itself.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
# A piece of a text and whether it differs from the other side.
Run = tuple[str, bool]


@dataclass(frozen=True)
class Change:
    """One value that differs: `part` is the step (in a flow) or top-level key it is in,
    `path` the dotted path inside the file, `language` the locale of a text or None."""

    part: str
    path: str
    language: str | None
    before: object
    after: object

    def words(self) -> tuple[list[Run], list[Run]] | None:
        """For a text changed in place, both sides with their changed words marked
        (`words_changed`); None for anything else (a value added or removed, a number)."""
        if isinstance(self.before, str) and isinstance(self.after, str):
            return words_changed(self.before, self.after)
        return None


def words_changed(before: str, after: str) -> tuple[list[Run], list[Run]]:
    """`before` and `after` as runs of text, each marked when it is not in the other: in a
    paragraph where one word changed, the word shows."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    left: list[Run] = []
    right: list[Run] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = tag != "equal"
        left.append(("".join(old[i1:i2]), changed))
        right.append(("".join(new[j1:j2]), changed))
    return _joined(left), _joined(right)


def _joined(pieces: list[Run]) -> list[Run]:
    """Adjacent pieces alike made one run; a space alone between two changes belongs to
    the change ("would you like to", not "would" and "you like to")."""
    pieces = [piece for piece in pieces if piece[0]]
    runs: list[Run] = []
    for n, (text, changed) in enumerate(pieces):
        between = 0 < n < len(pieces) - 1 and pieces[n - 1][1] and pieces[n + 1][1]
        changed = changed or (text.isspace() and between)
        if runs and runs[-1][1] == changed:
            runs[-1] = (runs[-1][0] + text, changed)
        else:
            runs.append((text, changed))
    return runs


@dataclass(frozen=True)
class Summary:
    """Which parts (steps) and languages a revision changed: stored with every revision."""

    parts: tuple[str, ...]
    languages: tuple[str, ...]

    def as_json(self) -> dict[str, list[str]]:
        return {"steps": list(self.parts), "languages": list(self.languages)}

    def __str__(self) -> str:
        if not self.parts:
            return "no change"
        languages = f" ({', '.join(self.languages)})" if self.languages else ""
        return ", ".join(self.parts) + languages


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def diff(before: object, after: object) -> list[Change]:
    """Every leaf value added, removed or changed from `before` to `after`, in file order."""
    old, new = dict(_leaves(before)), dict(_leaves(after))
    paths = list(old) + [path for path in new if path not in old]
    return [
        _change(path, old.get(path), new.get(path))
        for path in paths
        if old.get(path) != new.get(path)
    ]


def summarise(changes: Sequence[Change]) -> Summary:
    parts = tuple(dict.fromkeys(change.part for change in changes))
    languages = {change.language for change in changes if change.language is not None}
    return Summary(parts, tuple(locale for locale in ALL_LOCALES if locale in languages))


def is_safety_critical(name: str, before: object, after: object, changes: Sequence[Change]) -> bool:
    """Whether the change needs a second staff member's approval before it goes live."""
    if name.startswith(SAFETY_PREFIXES):
        return True
    changed = {change.part for change in changes}
    return any(
        step in changed and _safety_step(step_data)
        for data in (before, after)
        for step, step_data in _steps(data).items()
    )


def _safety_step(step: object) -> bool:
    return isinstance(step, Mapping) and any(step.get(key) for key in SAFETY_STEP_KEYS)


def _steps(data: object) -> Mapping[str, object]:
    steps = data.get(STEPS) if isinstance(data, Mapping) else None
    return steps if isinstance(steps, Mapping) else {}


def _change(path: tuple[str, ...], before: object, after: object) -> Change:
    part = path[1] if len(path) > 1 and path[0] == STEPS else path[0]
    language = next((key for key in reversed(path) if key in ALL_LOCALES), None)
    return Change(part, _dotted(path), language, before, after)


def _dotted(path: tuple[str, ...]) -> str:
    return "".join(key if key.startswith("[") else f".{key}" for key in path).lstrip(".")


def _leaves(data: object, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], object]]:
    if isinstance(data, Mapping) and data:
        for key, value in data.items():
            yield from _leaves(value, (*path, str(key)))
    elif isinstance(data, list) and data:
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, f"[{index}]"))
    elif path:
        yield path, data
    elif data is not None:
        # A file that is one scalar (or empty) still differs from another.
        yield ("(file)",), data
