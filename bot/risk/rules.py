"""Compiled risk rules: what `check` runs. Built once by `loader.load_rules`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.risk.model import LANGUAGES, Category, Language
from bot.risk.normalise import View
from bot.spec.severity import Severity

# Uzbek is matched in Latin, whatever script the message is in; the other languages are
# matched in the common view, where each keeps its own script.
VIEW_OF: Mapping[Language, View] = {
    "en": "common",
    "ru": "common",
    "kk": "common",
    "ky": "common",
    "uz": "uzbek",
    "tg": "common",
}


@dataclass(frozen=True)
class Rule:
    id: str
    category: Category
    lang: Language
    severity: Severity
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()

    def fires(self, text: str) -> bool:
        """Whether a pattern matches `text` (normalised for this rule's view) somewhere that
        no `unless` idiom covers entirely."""
        idioms: list[tuple[int, int]] | None = None
        for pattern in self.patterns:
            for match in pattern.finditer(text):
                if idioms is None:  # found once, and only when there is a match to excuse
                    idioms = [_span(text, m) for idiom in self.unless for m in idiom.finditer(text)]
                start, end = _span(text, match)
                if not any(i_start <= start and end <= i_end for i_start, i_end in idioms):
                    return True
        return False


@dataclass(frozen=True)
class RiskRules:
    """Every rule, and the rules of each language in file order."""

    rules: tuple[Rule, ...]
    by_language: Mapping[Language, tuple[Rule, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        grouped = {lang: tuple(r for r in self.rules if r.lang == lang) for lang in LANGUAGES}
        object.__setattr__(self, "by_language", grouped)


def _span(text: str, match: re.Match[str]) -> tuple[int, int]:
    """The match without the spaces around words, which patterns match as `\\b`."""
    start, end = match.span()
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end
