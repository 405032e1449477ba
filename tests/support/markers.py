"""Markers applied for real: `make check` leaves out `browser` and `process` tests, so a
test that spawns a process without saying so would slip into it. The guard fails it."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parents[1]
# Fixtures that start a child process: `qadam run`, `qadam sandbox`.
PROCESS_FIXTURES = {"bot_process", "sandbox"}
# Folders whose every test carries the marker of the same name.
FOLDER_MARKERS = ("browser", "e2e")


def apply_markers(items: list[pytest.Item]) -> None:
    for item in items:
        folder = item.path.relative_to(TESTS).parts[0]
        if folder in FOLDER_MARKERS:
            item.add_marker(getattr(pytest.mark, folder))
        if PROCESS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.process)


@pytest.fixture(autouse=True)
def spawn_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Outside `process` and `browser` tests (Chromium is a process), starting a child
    process fails the test: mark it, or run the code in-process."""
    if request.node.get_closest_marker("process") or request.node.get_closest_marker("browser"):
        yield
        return

    def refuse(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        raise AssertionError(
            f"this test starts a process ({args!r}) but is not marked "
            "`@pytest.mark.process`; `make check` would run it"
        )

    monkeypatch.setattr(subprocess.Popen, "_execute_child", refuse)
    yield
