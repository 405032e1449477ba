"""The chart /history draws is made only when someone asks for it: importing the bot
does not load the code that draws it, so no process is heavier for it."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.process
def test_importing_the_bot_imports_no_chart_code() -> None:
    check = (
        "import sys, bot.runtime, bot.telegram.dispatcher, bot.app.history; "
        "print('bot.app.chart_png' in sys.modules)"
    )
    found = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "False"
