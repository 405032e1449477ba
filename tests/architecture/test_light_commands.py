"""`qadam staff` runs without the Telegram client: importing aiogram costs a second or
more, and an admin adding a colleague should not wait for it."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.process
def test_the_staff_commands_import_no_telegram_client() -> None:
    check = (
        "import sys, bot.staff_tools; "
        "print(sorted(m for m in sys.modules if m.startswith('aiogram')))"
    )
    found = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "[]"
