"""The `qadam` command as people run it: a real process, its exit code and what it prints."""

from __future__ import annotations

import base64
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.support.process import ROOT, qadam

# The command line as people run it: each test starts `qadam`.
pytestmark = pytest.mark.process

FLOWS = ROOT / "flows"


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    # Typer's pretty tracebacks draw a box instead of printing "Traceback".
    assert "╭─" not in output, output


def broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the real flows in which `old` (which must occur) becomes `new` in `file`."""
    flows = tmp_path / "flows"
    shutil.copytree(FLOWS, flows)
    path = flows / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return flows


def problem_lines(stderr: str) -> list[str]:
    return [line.strip() for line in stderr.splitlines() if ".yaml: " in line]


def test_flows_check_passes_on_the_real_flows() -> None:
    result = qadam("flows", "check", "flows")
    assert result.returncode == 0, result.stderr
    assert "ok: flows" in result.stderr
    assert problem_lines(result.stderr) == []


# One kind of mistake per copy: each must be named by file, place in the file and problem.
BROKEN = {
    "go-to-a-misspelt-step": (
        "onboarding.yaml",
        'tg: "Не, ҳамин"}, go: age}',
        'tg: "Не, ҳамин"}, go: aeg}',
        "onboarding.yaml: steps.more_children.options[1].go: no step 'aeg' (did you mean 'age'?)",
    ),
    "go-to-a-misspelt-flow": (
        "menu.yaml",
        "go: {flow: daily-checkin}",
        "go: {flow: daily-chekin}",
        "menu.yaml: steps.choose.options[0].go.flow: no flow 'daily-chekin' "
        "(did you mean 'daily-checkin'?)",
    ),
    "unknown-key": (
        "menu.yaml",
        "    save: menu_choice\n",
        "    save: menu_choice\n    colour: blue\n",
        "menu.yaml: steps.choose: unknown key 'colour'",
    ),
    "missing-russian": (
        "menu.yaml",
        '      ru: "Что бы вы хотели сделать?"\n',
        "",
        "menu.yaml: steps.choose.ask: no 'ru' text",
    ),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_flows_check_names_file_step_and_problem(tmp_path: Path, kind: str) -> None:
    file, old, new, expected = BROKEN[kind]
    flows = broken_copy(tmp_path, file, old, new)

    result = qadam("flows", "check", str(flows))

    assert result.returncode == 1, result.stderr
    [line] = problem_lines(result.stderr)
    assert line.startswith(str(flows / file)), line
    assert expected in line
    assert "1 problem(s)" in result.stderr
    assert_no_traceback(result)


def test_run_refuses_a_broken_flow_without_a_traceback(tmp_path: Path) -> None:
    file, old, new, expected = BROKEN["go-to-a-misspelt-step"]
    flows = broken_copy(tmp_path, file, old, new)

    result = qadam(
        "run",
        env={
            "QADAM_FLOWS_DIR": str(flows),
            "QADAM_DATA_DIR": str(tmp_path / "data"),
            "CONSOLE_BIND": "127.0.0.1:0",
        },
        cwd=tmp_path,
    )

    assert result.returncode != 0
    assert [expected in line for line in problem_lines(result.stderr)] == [True], result.stderr
    assert "qadam flows check" in result.stderr
    assert "bot.started" not in result.stderr and "sandbox is running" not in result.stdout
    assert not (tmp_path / "data" / "secrets").exists(), "keys were generated before the check"
    assert_no_traceback(result)


def test_a_setting_with_a_wrong_value_is_named_without_a_traceback(tmp_path: Path) -> None:
    result = qadam("migrate", env={"QADAM_ENV": "prod", "QADAM_DATA_DIR": str(tmp_path)})

    assert result.returncode == 2
    assert "QADAM_ENV: Input should be 'development' or 'production'" in result.stderr
    assert_no_traceback(result)


def test_run_in_production_refuses_to_invent_keys(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = qadam(
        "run",
        env={
            "QADAM_ENV": "production",
            # A token, or production refuses the offline sandbox before looking for keys.
            "BOT_TOKEN": "123456:never-used",
            "QADAM_ORGANISATION_NAME": "Example Care",
            "QADAM_ORGANISATION_CONTACT": "+7 700 000 0000",
            "QADAM_DATA_DIR": str(data),
            "QADAM_FLOWS_DIR": str(FLOWS),
            "CONSOLE_BIND": "127.0.0.1:0",
        },
        cwd=tmp_path,
    )

    assert result.returncode != 0
    message = " ".join(result.stderr.split())
    assert "QADAM_PSEUDONYM_KEY" in message and "QADAM_ENCRYPTION_KEY" in message
    assert "pseudonym.key" in message and "encryption.key" in message
    assert not (data / "secrets").exists(), "production must never generate keys"
    assert_no_traceback(result)


def test_migrate_says_what_to_check_when_postgres_is_unreachable(tmp_path: Path) -> None:
    result = qadam(
        "migrate",
        env={"DATABASE_URL": "postgresql+asyncpg://qadam:s3cret@127.0.0.1:1/qadam"},
        cwd=tmp_path,
    )

    assert result.returncode != 0
    message = " ".join(result.stderr.split())
    assert "cannot reach the database" in message
    assert "127.0.0.1:1" in message
    assert "Check that the server is running and DATABASE_URL" in message
    assert "s3cret" not in message, "the password must never be printed"
    assert_no_traceback(result)


def head_revision(database: Path) -> list[tuple[str]]:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchall()


def test_migrate_twice_on_a_fresh_sqlite(tmp_path: Path) -> None:
    data = tmp_path / "data"  # not created: migrate makes the data directory itself

    def run() -> subprocess.CompletedProcess[str]:
        return qadam("migrate", env={"QADAM_DATA_DIR": str(data)}, cwd=tmp_path)

    first = run()
    assert first.returncode == 0, first.stderr
    assert "database is up to date" in first.stderr
    [revision] = head_revision(data / "qadam.sqlite3")
    assert re.fullmatch(r"\w+", revision[0])

    second = run()
    assert second.returncode == 0, second.stderr
    assert "database is up to date" in second.stderr
    assert head_revision(data / "qadam.sqlite3") == [revision]
    assert_no_traceback(first)
    assert_no_traceback(second)


def test_run_in_production_without_a_token_refuses_the_sandbox(tmp_path: Path) -> None:
    keys = {
        name: base64.urlsafe_b64encode(os.urandom(32)).decode()
        for name in ("QADAM_PSEUDONYM_KEY", "QADAM_ENCRYPTION_KEY")
    }
    result = qadam(
        "run",
        env={
            "QADAM_ENV": "production",
            "QADAM_DATA_DIR": str(tmp_path / "data"),
            "QADAM_FLOWS_DIR": str(FLOWS),
            "CONSOLE_BIND": "127.0.0.1:0",
            **keys,
        },
        cwd=tmp_path,
    )

    assert result.returncode != 0
    assert "BOT_TOKEN is not set" in result.stderr
    assert "sandbox is running" not in result.stdout
    assert_no_traceback(result)


def test_the_sandbox_refuses_to_start_in_production(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = qadam(
        "sandbox",
        env={
            "QADAM_ENV": "production",
            "QADAM_DATA_DIR": str(data),
            "QADAM_FLOWS_DIR": str(FLOWS),
            "CONSOLE_BIND": "127.0.0.1:0",
        },
        cwd=tmp_path,
    )

    assert result.returncode != 0
    message = " ".join(result.stderr.split())
    assert "qadam sandbox will not start with QADAM_ENV=production" in message
    assert "QADAM_DATA_DIR=./sandbox-data" in message
    assert "sandbox is running" not in result.stdout
    assert not data.exists(), "the refusal comes before anything is written"
    assert_no_traceback(result)
