"""The corpus files are checked like every spec file: a mistake is refused with its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bench.corpus import load_corpus
from bot.spec.errors import FlowSpecError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "xx.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_group_reads_as_labelled_phrases(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec: 1\nlang: ru\ngroups:\n"
        "  - {about: a, category: suicide, at_least: high, tags: [typo], phrases: [хочу умерть]}\n"
        "  - {about: b, category: none, like: suicide, phrases: [убить время]}\n",
    )
    first, second = load_corpus(path)
    assert (first.lang, first.category, first.at_least, first.tags) == (
        "ru",
        "suicide",
        "high",
        frozenset({"typo"}),
    )
    assert (second.category, second.at_least, second.like, second.positive) == (
        None,
        None,
        "suicide",
        False,
    )


@pytest.mark.parametrize(
    ("group", "problem"),
    [
        ("{about: a, category: none, at_least: high, phrases: [x]}", "a `none` group has no"),
        ("{about: a, category: suicide, phrases: [x]}", "give `at_least`"),
        ("{about: a, category: suicide, at_least: high, like: abuse, phrases: [x]}", "`like`"),
        ("{about: a, category: suicid, at_least: high, phrases: [x]}", "groups[0].category"),
    ],
)
def test_a_mislabelled_group_is_refused_with_its_place(
    tmp_path: Path, group: str, problem: str
) -> None:
    path = write(tmp_path, f"spec: 1\nlang: ru\ngroups:\n  - {group}\n")
    with pytest.raises(FlowSpecError) as error:
        load_corpus(path)
    assert any(problem in str(p) for p in error.value.problems), error.value.problems
