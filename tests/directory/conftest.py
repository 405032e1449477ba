"""A copy of the real services folder (crisis contacts and programme file) per test, and
ways to change it as an admin would."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.directory.contacts import SERVICES_DIR
from bot.directory.programme import PROGRAMME_FILE

ROOT = Path(__file__).resolve().parents[2]
REAL_SERVICES = ROOT / "flows" / SERVICES_DIR


@pytest.fixture
def services(tmp_path: Path) -> Path:
    """`tmp_path/flows/services`, a copy of the real one; `tmp_path/flows` can be
    QADAM_FLOWS_DIR."""
    folder = tmp_path / "flows" / SERVICES_DIR
    shutil.copytree(REAL_SERVICES, folder)
    return folder


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def a_line(**changes: Any) -> dict[str, Any]:
    """A filled-in, switched-on programme line for Kazakhstan, with `changes`."""
    line: dict[str, Any] = {
        "id": "kz-our-line",
        "enabled": True,
        "countries": ["KZ"],
        "name": {"en": "Our counsellors", "ru": "Наши консультанты", "kk": "Кеңесшілеріміз"},
        "purpose": {"en": "Talk in confidence", "ru": "Поговорить конфиденциально"},
        "number": "+7 700 123 45 67",
        "hours": "09:00-18:00",
        "languages": ["ru", "kk"],
        "cost": "free",
    }
    line.update(changes)
    return line


def with_lines(folder: Path, *lines: dict[str, Any]) -> Path:
    """The programme file of `folder` with exactly these lines."""
    path = folder / PROGRAMME_FILE
    write(path, {"spec": 1, "lines": list(lines)})
    return path
