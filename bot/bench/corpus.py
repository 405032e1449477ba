"""The labelled risk corpus (`tests/risk/corpus/*.yaml`): phrases with their language,
category (or none) and the severity they must reach at least.

One file per language; phrases come in groups that share their labels:

    spec: 1
    lang: ru
    groups:
      - about: a wish to die, said plainly
        category: suicide          # or `none`: a look-alike that must stay below high
        at_least: high             # the severity floor; not given for `none`
        tags: [typo]               # optional: what else the group tests (typo, translit, ...)
        phrases: [я хочу умереть, ...]
      - about: idioms
        category: none
        like: suicide              # optional: the category a look-alike resembles
        phrases: [убить время до вечера, ...]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.risk.model import Category, Language
from bot.spec.errors import FlowSpecError, Problem
from bot.spec.migrations import Migration
from bot.spec.parse import parse_spec, read_spec_file
from bot.spec.severity import Severity

CORPUS_DIR = Path("tests/risk/corpus")
CORPUS_SPEC_VERSION = 1
_MIGRATIONS: Mapping[int, Migration] = {}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Group(_Strict):
    about: str
    category: Category | Literal["none"]
    at_least: Severity | None = None
    like: Category | None = None
    tags: tuple[str, ...] = ()
    phrases: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _labels_fit_the_category(self) -> Self:
        if self.category == "none" and self.at_least is not None:
            raise ValueError("a `none` group has no `at_least`: its phrases must stay quiet")
        if self.category != "none" and self.at_least is None:
            raise ValueError("give `at_least`, the severity every phrase must reach")
        if self.category != "none" and self.like is not None:
            raise ValueError("`like` is only for `none` groups (what a look-alike resembles)")
        return self


class CorpusFile(_Strict):
    spec: int
    lang: Language
    groups: tuple[Group, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Phrase:
    """One labelled phrase. `category` None: a look-alike (`like` says of what)."""

    text: str
    lang: Language
    category: Category | None
    at_least: Severity | None
    like: Category | None
    tags: frozenset[str]

    @property
    def positive(self) -> bool:
        return self.category is not None


def load_corpus(path: Path) -> tuple[Phrase, ...]:
    """Every phrase of a folder of corpus files (or of one file); FlowSpecError lists the
    problems of every file."""
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files or not all(file.is_file() for file in files):
        raise FlowSpecError([Problem(str(path), "", "no corpus files (*.yaml) here")])
    phrases: list[Phrase] = []
    problems: list[Problem] = []
    for file in files:
        try:
            phrases += _phrases(_parse(file))
        except FlowSpecError as error:
            problems += error.problems
    if problems:
        raise FlowSpecError(problems)
    return tuple(phrases)


def _parse(file: Path) -> CorpusFile:
    keys = frozenset(CorpusFile.model_fields) | frozenset(Group.model_fields)
    return parse_spec(
        read_spec_file(file),
        str(file),
        CorpusFile,
        _MIGRATIONS,
        "a risk corpus",
        keys=keys,
        version=CORPUS_SPEC_VERSION,
    )


def _phrases(corpus: CorpusFile) -> list[Phrase]:
    return [
        Phrase(
            text=text,
            lang=corpus.lang,
            category=None if group.category == "none" else group.category,
            at_least=group.at_least,
            like=group.like,
            tags=frozenset(group.tags),
        )
        for group in corpus.groups
        for text in group.phrases
    ]
