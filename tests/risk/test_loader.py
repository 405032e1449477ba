"""The rule files: the real ones load cleanly; a broken one is refused with file, place and
a sentence saying what to fix."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.risk import load_rules, scan_rules
from bot.risk.model import CATEGORIES, LANGUAGES
from bot.risk.patterns import compile_pattern
from bot.risk.rules import VIEWS_OF
from bot.spec.errors import FlowSpecError
from tests.risk.helpers import RISK_DIR, rules

FILES = sorted(RISK_DIR.glob("*.yaml"))


def raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_every_category_has_one_file_with_every_language() -> None:
    assert sorted(path.stem for path in FILES) == sorted(CATEGORIES)
    for path in FILES:
        data = raw(path)
        assert data["category"] == path.stem
        assert sorted(data["languages"]) == sorted(LANGUAGES), path.name


def test_every_rule_id_is_unique_across_the_files() -> None:
    ids = Counter(
        rule["id"]
        for path in FILES
        for block in raw(path)["languages"].values()
        for rule in block["rules"]
    )
    assert [rule_id for rule_id, count in ids.items() if count > 1] == []
    assert len(rules().ids) == sum(ids.values())


def test_every_pattern_compiles_for_its_language() -> None:
    for path in FILES:
        for lang, block in raw(path)["languages"].items():
            for rule in block["rules"]:
                for source in [*rule["patterns"], *rule.get("unless", [])]:
                    for view in VIEWS_OF[lang]:
                        compile_pattern(source, view)


def test_every_language_awaits_native_speaker_review_explicitly() -> None:
    # `reviewed` is written out in every block, so nobody mistakes silence for a review.
    for path in FILES:
        assert all("reviewed" in block for block in raw(path)["languages"].values()), path.name


def test_the_real_rules_report_no_problems() -> None:
    assert scan_rules(RISK_DIR)[1] == []


@pytest.fixture
def risk(tmp_path: Path) -> Path:
    copy = tmp_path / "risk"
    shutil.copytree(RISK_DIR, copy)
    return copy


def edit(folder: Path, file: str, old: str, new: str) -> Path:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


BROKEN = {
    "unknown-key": (
        "abuse.yaml",
        "      - id: abuse.ru.threats\n        severity: high\n        patterns:",
        "      - id: abuse.ru.threats\n        severity: high\n        paterns: []\n"
        "        patterns:",
        "abuse.yaml: languages.ru.rules[1]: unknown key 'paterns' (did you mean 'patterns'?)",
    ),
    "bad-severity": (
        "abuse.yaml",
        "      - id: abuse.ru.threats\n        severity: high",
        "      - id: abuse.ru.threats\n        severity: severe",
        "abuse.yaml: languages.ru.rules[1].severity: should be 'low', 'medium', 'high' or "
        "'critical'; got 'severe'",
    ),
    "bad-regex": (
        "harm_others.yaml",
        "'\\bмекушам(?:ат|аш|етон|ашон)\\b'",
        "'\\bмекушам(?:ат|аш|етон|ашон\\b'",
        "harm_others.yaml: languages.tg.rules[0].patterns[1]: not a valid regular expression: "
        "missing ), unterminated subpattern at position 8",
    ),
    "id-of-another-language": (
        "self_harm.yaml",
        "- id: self_harm.kk.cutting",
        "- id: self_harm.ky.cutting2",
        "self_harm.yaml: languages.kk.rules[1].id: 'self_harm.ky.cutting2' should be "
        "self_harm.kk.NAME, NAME in lower case with _ (like self_harm.kk.want_to_die)",
    ),
    "duplicate-id": (
        "self_harm.yaml",
        "- id: self_harm.kk.cutting",
        "- id: self_harm.kk.hurt_myself",
        "self_harm.yaml: languages.kk.rules[1]: rule id 'self_harm.kk.hurt_myself' is already "
        "used in",
    ),
    "unknown-language": (
        "acute_need.yaml",
        "  tg:\n    reviewed: false",
        "  tj:\n    reviewed: false",
        "acute_need.yaml: languages: unknown key 'tj'; use 'en', 'ru', 'kk', 'ky', 'uz' or 'tg'",
    ),
    "cyrillic-uzbek-pattern": (
        "suicide.yaml",
        "'\\bboshqa chidolmayman\\b'",
        "'\\bбошқа чидолмайман\\b'",
        "suicide.yaml: languages.uz.rules[7].patterns[2]: write Uzbek patterns in Latin script",
    ),
    "yaml-syntax": (
        "suicide.yaml",
        "category: suicide\n",
        "category: [suicide\n",
        "suicide.yaml: line ",
    ),
    "missing-spec": (
        "suicide.yaml",
        "spec: 1\n",
        "",
        "suicide.yaml: spec: missing `spec`; add `spec: 1` at the top of the file",
    ),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_a_broken_file_is_refused_with_file_place_and_problem(risk: Path, kind: str) -> None:
    file, old, new, expected = BROKEN[kind]
    edit(risk, file, old, new)
    with pytest.raises(FlowSpecError) as error:
        load_rules(risk)
    problems = [str(problem) for problem in error.value.problems]
    assert any(expected in problem for problem in problems), problems
    assert all(problem.startswith(str(risk)) for problem in problems), problems


def test_a_language_left_out_is_named(risk: Path) -> None:
    path = risk / "acute_need.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  tg:\n")], encoding="utf-8")
    problems = [str(p) for p in scan_rules(risk)[1]]
    assert problems == [
        f"{path}: languages: no rules for tg; every category needs rules in en, ru, kk, ky, uz, tg"
    ]


def test_a_category_left_out_or_repeated_is_named(risk: Path) -> None:
    (risk / "abuse.yaml").unlink()
    assert [str(p) for p in scan_rules(risk)[1]] == [f"{risk}: no rules for abuse; add abuse.yaml"]
    edit(risk, "self_harm.yaml", "category: self_harm", "category: suicide")
    problems = [str(p) for p in scan_rules(risk)[1]]
    assert any("category 'suicide' is already in" in p for p in problems), problems


def test_an_empty_or_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FlowSpecError, match="no risk rule files"):
        load_rules(tmp_path)
    with pytest.raises(FlowSpecError, match="no such file or directory"):
        load_rules(tmp_path / "nowhere")


def test_one_file_can_be_checked_on_its_own() -> None:
    found, problems = scan_rules(RISK_DIR / "suicide.yaml")
    assert problems == []
    assert {rule.category for rule in found.rules} == {"suicide"}
