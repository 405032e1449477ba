"""`qadam staff list`, `deactivate`, `invite` and `login-link` as an admin runs them: what
they print and their exit codes. What they do to cases and links is tested end to end
(tests/e2e)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from bot import staff_tools
from bot.config import Settings
from tests.support.process import assert_clean_failure, qadam

pytestmark = pytest.mark.process


def test_list_deactivate_and_invite_again(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"QADAM_DATA_DIR": str(data)}
    settings = Settings(_env_file=None, data_dir=data)
    code, _ = asyncio.run(
        staff_tools.add_staff(settings, "Aigul [KZ]", "counsellor", ["ru", "kk"], None)
    )

    listed = qadam("staff", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    [row] = [line for line in listed.stdout.splitlines() if code in line]
    assert "Aigul [KZ]" in row and "counsellor" in row and "ru,kk" in row
    assert re.search(r"no, invite until \d{4}-\d\d-\d\d", row) and row.rstrip(" │").endswith("yes")

    done = qadam("staff", "deactivate", code, env=env)
    assert done.returncode == 0, done.stderr
    assert f"Deactivated counsellor {code} (Aigul [KZ])" in done.stdout
    assert "They had no open cases." in done.stdout
    [row] = [line for line in qadam("staff", "list", env=env).stdout.splitlines() if code in line]
    assert re.search(r"no, since \d{4}-\d\d-\d\d", row)

    again = qadam("staff", "invite", code.lower(), env=env)
    assert again.returncode == 0, again.stderr
    assert re.search(r"^  /staff \S{16}$", again.stdout, re.MULTILINE), again.stdout

    assert_clean_failure(
        qadam("staff", "deactivate", "S-NOT-ONE", env=env),
        "no staff member has the code S-NOT-ONE",
    )


def test_login_link_prints_a_link_to_console_url_for_an_active_member(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"QADAM_DATA_DIR": str(data), "CONSOLE_URL": "https://console.example.org/"}
    settings = Settings(_env_file=None, data_dir=data)
    code, _ = asyncio.run(staff_tools.add_staff(settings, "Dana", "admin", ["ru"], None))

    printed = qadam("staff", "login-link", code.lower(), env=env)
    assert printed.returncode == 0, printed.stderr
    assert re.search(
        r"^  https://console\.example\.org/console/signin/\S{32}$", printed.stdout, re.MULTILINE
    ), printed.stdout
    assert "within 5 minutes" in printed.stdout

    assert qadam("staff", "deactivate", code, env=env).returncode == 0
    assert_clean_failure(
        qadam("staff", "login-link", code, env=env),
        f"no active staff member has the code {code}",
    )
