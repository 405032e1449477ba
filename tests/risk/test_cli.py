"""`qadam risk check --lang LANG TEXT` as people run it: a real process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.risk.helpers import RISK_DIR, ROOT

TIMEOUT = 60


def risk_check(*args: str, flows: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("QADAM_")}
    env |= {"COLUMNS": "200", "NO_COLOR": "1"}
    if flows is not None:
        env["QADAM_FLOWS_DIR"] = str(flows)
    return subprocess.run(
        [sys.executable, "-m", "bot", "risk", "check", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def assert_clean_failure(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "╭─" not in result.stderr, result.stderr
    assert message in " ".join(result.stderr.split()), result.stderr


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
        f"{path}: languages.en.rules[2].severity: should be 'low', 'medium', 'high' or "
        "'critical'; got 'mild'",
    )
