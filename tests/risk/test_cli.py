"""`qadam risk check --lang LANG TEXT` as people run it: a real process."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.risk.helpers import RISK_DIR
from tests.support.process import assert_clean_failure, qadam

pytestmark = pytest.mark.process


def risk_check(*args: str, flows: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {"QADAM_FLOWS_DIR": str(flows)} if flows is not None else None
    return qadam("risk", "check", *args, env=env)


def test_a_signal_prints_severity_rules_and_categories_as_json() -> None:
    result = risk_check("--lang", "kk", "өлгім келеді")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "severity": "high",
        "rules": ["suicide.kk.want_to_die"],
        "categories": ["suicide"],
        "languages": ["en", "ru", "kk"],
    }


def test_words_may_be_given_unquoted_and_the_language_left_out() -> None:
    result = risk_check("не", "хочу", "жить")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert (found["severity"], found["rules"]) == ("high", ["suicide.ru.not_want_to_live"])
    assert found["languages"] == ["en", "ru", "kk", "ky", "uz", "tg"]


def test_an_ordinary_message_is_severity_none() -> None:
    result = risk_check("--lang", "ru", "убить время до вечера")
    assert json.loads(result.stdout)["severity"] == "none"


def test_an_unknown_language_exits_2_and_names_the_known_ones() -> None:
    assert_clean_failure(
        risk_check("--lang", "fr", "bonjour"),
        "unknown language 'fr'; risk rules exist for en, ru, kk, ky, uz, tg",
    )


def test_broken_rule_files_exit_2_with_file_and_place(tmp_path: Path) -> None:
    risk = tmp_path / "risk"
    shutil.copytree(RISK_DIR, risk)
    path = risk / "abuse.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("severity: medium", "severity: mild", 1),
        encoding="utf-8",
    )
    assert_clean_failure(
        risk_check("--lang", "en", "hello", flows=tmp_path),
        f"{path}: languages.en.rules[4].severity: should be 'low', 'medium', 'high' or "
        "'critical'; got 'mild'",
    )
