"""`qadam bench fanout` runs end to end and prints its figures (the targets are its business)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# The benchmark command as people run it.
pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parents[2]


def test_fanout_delivers_everyone_through_the_rate_limited_emulator() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "bench", "fanout", "--participants", "40"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "120"},
    )
    assert result.returncode == 0, result.stderr
    lines = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if "│" in line}
    assert "40" in lines["messages delivered"].split("│")[2]
    assert lines["failed rows"].split("│")[2].strip() == "0"
    for figure in (
        "sustained rate",
        "429s received",
        "time to plan the tick",
        "peak memory of the bot process",
    ):
        assert figure in lines, result.stdout


def test_risk_bench_prints_recall_false_alarms_and_time(tmp_path: Path) -> None:
    corpus = tmp_path / "ru.yaml"
    corpus.write_text(
        "spec: 1\nlang: ru\ngroups:\n"
        "  - {about: a, category: suicide, at_least: high, phrases: [не хочу жить, хочу умерть]}\n"
        "  - {about: b, category: none, like: suicide, phrases: [убить время до вечера]}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "bench", "risk", "--corpus", str(corpus), "--repeat", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "160"},
    )
    assert result.returncode == 0, result.stderr
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in result.stdout.splitlines()]
    suicide = next(row for row in rows if row[:2] == ["ru", "suicide"])
    assert suicide[2:7] == ["2", "100%", "1", "0%", "0%"]
    assert any(
        "time per 4096-character message (ru)" in line for line in result.stdout.splitlines()
    )
