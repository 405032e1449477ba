"""Compiled risk rules: what `check` runs. Built once by `loader.load_rules`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from dataclasses import dataclass, field

from bot.risk.index import ViewIndex
from bot.risk.model import Category, Language
from bot.risk.normalise import View
from bot.spec.severity import Severity

# Uzbek is matched in Latin, whatever script the message is in; the other languages in the
# common view, where each keeps its own script. Russian, Kazakh, Kyrgyz and Tajik are matched
# in the translit view as well, for the same words typed in Latin letters ("ne hochu zhit",
# "olgim keledi", "jashagym kelbeit", "murdan mexoham": phones without a Cyrillic keyboard,
# and the Latin alphabet Kazakh schools now teach).
VIEWS_OF: Mapping[Language, tuple[View, ...]] = {
    "en": ("common",),
    "ru": ("common", "translit"),
    "kk": ("common", "translit"),
    "ky": ("common", "translit"),
    "uz": ("uzbek",),
    "tg": ("common", "translit"),
}


# Compared and hashed by identity: a rule's patterns are slow to hash (see `index`).
@dataclass(frozen=True, eq=False)
class Rule:
    """One rule of a rule file, compiled for one view (a Russian rule is compiled twice)."""

    id: str
    category: Category
    lang: Language
    severity: Severity
    view: View
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()
    context: tuple[re.Pattern[str], ...] = ()

    def fires(self, text: str, candidates: Set[int] | None = None) -> bool:
        """Whether a pattern matches `text` (normalised for this rule's view) somewhere that
        no `unless` idiom covers entirely, and, if the rule has a `context`, one of those
        matches somewhere too. With `candidates` (`id()`s of patterns), only those patterns
        are tried (the others cannot match: see `index`)."""
        idioms: list[tuple[int, int]] | None = None
        for pattern in self.patterns:
            if candidates is not None and id(pattern) not in candidates:
                continue
            for match in pattern.finditer(text):
                if idioms is None:  # found once, and only when there is a match to excuse
                    idioms = [_span(text, m) for idiom in self.unless for m in idiom.finditer(text)]
                start, end = _span(text, match)
                if not any(i_start <= start and end <= i_end for i_start, i_end in idioms):
                    return not self.context or any(c.search(text) for c in self.context)
        return False


@dataclass(frozen=True)
class RiskRules:
    """Every compiled rule; per view, the rules of each language in file order and the index
    of their words."""

    rules: tuple[Rule, ...]
    views: tuple[View, ...] = field(init=False, repr=False)
    indexes: Mapping[View, ViewIndex] = field(init=False, repr=False)
    # Per view, the rules each pattern belongs to, by the pattern's `id()`.
    rules_of: Mapping[View, Mapping[int, tuple[Rule, ...]]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        views = tuple(sorted({rule.view for rule in self.rules}))
        rules_of: dict[View, dict[int, tuple[Rule, ...]]] = {v: {} for v in views}
        for rule in self.rules:
            for pattern in rule.patterns:
                found = rules_of[rule.view].get(id(pattern), ())
                rules_of[rule.view][id(pattern)] = (*found, rule) if rule not in found else found
        indexes = {
            view: ViewIndex(
                view,
                (p for r in self.rules if r.view == view for p in r.patterns),
                (p for r in self.rules if r.view == view for p in (*r.unless, *r.context)),
            )
            for view in views
        }
        object.__setattr__(self, "views", views)
        object.__setattr__(self, "indexes", indexes)
        object.__setattr__(self, "rules_of", rules_of)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(rule.id for rule in self.rules)


def _span(text: str, match: re.Match[str]) -> tuple[int, int]:
    """The match without the spaces around words, which patterns match as `\\b`."""
    start, end = match.span()
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end
