"""The risk rule file format (spec 1) as pydantic models; unknown keys are errors.

One file per category (`flows/risk/suicide.yaml`), with a block per language:

    spec: 1
    category: suicide
    languages:
      ru:
        reviewed: false          # true once a native speaker has checked every rule below
        rules:
          - id: suicide.ru.want_to_die
            severity: high
            patterns: ['\\bхочу (?:\\w+ )?умереть\\b']
            unless: ['\\bумереть (?:от|со) смеху?\\b']
            context: []          # optional: the rule fires only if one of these matches too

Shape is checked here; ids, patterns and completeness are checked by `loader`, which can
point at the place in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeAlias, get_args

from pydantic import BaseModel, ConfigDict, Field

from bot.spec.migrations import Migration
from bot.spec.severity import Severity

RISK_SPEC_VERSION = 1
RISK_MIGRATIONS: Mapping[int, Migration] = {}

Category: TypeAlias = Literal["suicide", "self_harm", "harm_others", "abuse", "acute_need"]
Language: TypeAlias = Literal["en", "ru", "kk", "ky", "uz", "tg"]

CATEGORIES: tuple[Category, ...] = get_args(Category)
LANGUAGES: tuple[Language, ...] = get_args(Language)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleSpec(_Strict):
    """One risk signal: any pattern matching (and no `unless` idiom covering it) fires it;
    with `context`, only if one of those also matches somewhere in the message."""

    id: str
    severity: Severity
    patterns: tuple[str, ...] = Field(min_length=1)
    unless: tuple[str, ...] = ()
    context: tuple[str, ...] = ()


class LanguageRules(_Strict):
    reviewed: bool = False
    rules: tuple[RuleSpec, ...] = Field(min_length=1)


class RiskFile(_Strict):
    spec: int
    category: Category
    languages: dict[Language, LanguageRules] = Field(min_length=1)


def risk_keys() -> frozenset[str]:
    """Every key the format knows, for "did you mean" hints."""
    models: tuple[type[BaseModel], ...] = (RuleSpec, LanguageRules, RiskFile)
    return frozenset(key for model in models for key in model.model_fields)
