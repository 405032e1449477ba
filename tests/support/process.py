"""Running `qadam` as people run it: a real process, with a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Settings a developer's shell may carry; each test states the ones it relies on.
SCRUBBED = ("BOT_TOKEN", "TELEGRAM_API_URL", "DATABASE_URL", "REDIS_URL", "CONSOLE_BIND")
TIMEOUT = 60


def clean_env() -> dict[str, str]:
    """This process's environment without anything that would point `qadam` elsewhere."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in SCRUBBED and not key.startswith("QADAM_")
    }


def qadam(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` (what the `qadam` script runs) and capture its output."""
    # A fixed, wide terminal: Rich must not decide the layout from the test runner's tty.
    fixed = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=clean_env() | fixed | (env or {}),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def assert_clean_failure(result: subprocess.CompletedProcess[str], message: str) -> None:
    """Exit code 2, nothing on stdout, no traceback, and `message` said on stderr."""
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "╭─" not in result.stderr, result.stderr
    assert message in " ".join(result.stderr.split()), result.stderr
