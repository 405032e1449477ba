"""Checking a free-text message for risk signals: `check(rules, text, lang) -> RiskResult`.

Pure and fast: the rules are compiled once; a message is normalised once per view its
languages are read in (common, Uzbek, and translit when it has Latin letters), typos in each
view are corrected towards the rules' words, and only the patterns that can start at one of
its words run over it (`index`). No negation handling on purpose:
"I don't want to live" and "не хочу жить" are signals, so a "not" never clears a match.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias

from bot.risk.errors import UnknownLanguage
from bot.risk.model import LANGUAGES, Category, Language
from bot.risk.normalise import finish, prepare
from bot.risk.rules import VIEWS_OF, RiskRules, Rule
from bot.risk.translit import has_latin
from bot.spec.severity import SEVERITIES

ResultSeverity: TypeAlias = Literal["none", "low", "medium", "high", "critical"]
# "none" < "low" < ... < "critical", for comparing severities.
SEVERITY_RANK: Mapping[str, int] = {name: rank for rank, name in enumerate(("none", *SEVERITIES))}

# Russian is the language people across the region share, and they mix it into Kazakh,
# Kyrgyz, Uzbek and Tajik all the time, often mid-sentence ("мен не хочу жить енді"); short
# English words and phrases turn up in chats too. So Russian and English rules are checked
# whatever the person's language. Someone whose interface language is Russian or English -
# or unknown - may well write in Kazakh, Kyrgyz, Uzbek or Tajik (the interface language is
# often the one they read best, not the one they write when upset), so for them every
# language is checked. Missing a signal costs far more than an extra look by a counsellor.
_ALWAYS: tuple[Language, ...] = ("ru", "en")
_EVERY_LANGUAGE_FOR: frozenset[str] = frozenset(_ALWAYS)


@dataclass(frozen=True)
class RiskResult:
    """What a message signals: the highest severity matched ('none' when nothing did),
    the matched rule ids and their categories (both sorted), and the languages checked."""

    severity: ResultSeverity
    matches: tuple[str, ...]
    categories: tuple[Category, ...]
    languages: tuple[Language, ...]

    @property
    def flagged(self) -> bool:
        return self.severity != "none"


def require_language(lang: str) -> Language:
    """`lang` as a known language; UnknownLanguage names the known ones."""
    if lang not in LANGUAGES:
        raise UnknownLanguage(
            f"unknown language {lang!r}; risk rules exist for {', '.join(LANGUAGES)}"
        )
    return lang


def languages_for(lang: str | None) -> tuple[Language, ...]:
    """Whose rules a message in `lang` is checked against (see the note on `_ALWAYS`)."""
    if lang is None or lang not in LANGUAGES or lang in _EVERY_LANGUAGE_FOR:
        return LANGUAGES
    return tuple(code for code in LANGUAGES if code == lang or code in _ALWAYS)


def check(rules: RiskRules, text: str, lang: str | None) -> RiskResult:
    """Every rule of the languages for `lang` that fires on `text`."""
    languages = languages_for(lang)
    prepared = prepare(text)
    fired: dict[str, Rule] = {}
    for view in rules.views:
        if not any(view in VIEWS_OF[code] for code in languages) or (
            view == "translit" and not has_latin(prepared)
        ):
            continue
        viewed, candidates = rules.indexes[view].read(finish(prepared, view))
        tried = {
            rule
            for key in candidates
            for rule in rules.rules_of[view][key]
            if rule.lang in languages and rule.id not in fired
        }
        fired |= {rule.id: rule for rule in tried if rule.fires(viewed, candidates)}
    severity: ResultSeverity = "none"
    for rule in fired.values():
        if SEVERITY_RANK[rule.severity] > SEVERITY_RANK[severity]:
            severity = rule.severity
    return RiskResult(
        severity=severity,
        matches=tuple(sorted(fired)),
        categories=tuple(sorted({rule.category for rule in fired.values()})),
        languages=languages,
    )
