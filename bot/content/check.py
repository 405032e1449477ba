"""`qadam flows check`: every problem in the given paths, reported rather than raised."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.directory.contacts import SERVICES_DIR, scan_contacts
from bot.directory.local_services import SEED_FILE, scan_seed
from bot.engine.loader import (
    INSTRUMENTS_DIR,
    scan_directory,
    scan_flow_file,
    scan_instrument_file,
    scan_instruments,
)
from bot.risk.loader import RISK_DIR, scan_rules
from bot.spec.errors import Problem


def check_paths(paths: Sequence[Path], enabled_locales: Sequence[str]) -> list[Problem]:
    """Every problem in the given files and directories.

    A directory means its flows plus `instruments/`, `risk/` and `services/` beneath it
    (nothing else below it); a file is checked against the flows and instruments beside it.
    Files in a directory named `instruments` are instruments, in one named `risk`, risk
    rules, and in one named `services`, crisis contacts.
    """
    locales = tuple(enabled_locales)
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir() and path.name == INSTRUMENTS_DIR:
            problems += scan_instruments(path, locales)[1]
        elif path.is_dir() and path.name == RISK_DIR:
            problems += scan_rules(path)[1]
        elif path.is_dir() and path.name == SERVICES_DIR:
            problems += _scan_services(path)
        elif path.is_dir():
            problems += scan_directory(path, locales)[1]
            if (path / RISK_DIR).is_dir():
                problems += scan_rules(path / RISK_DIR)[1]
            if (path / SERVICES_DIR).is_dir():
                problems += _scan_services(path / SERVICES_DIR)
        elif path.is_file() and path.parent.name == RISK_DIR:
            problems += scan_rules(path)[1]
        elif path.is_file() and path.name == SEED_FILE and path.parent.name == SERVICES_DIR:
            problems += scan_seed(path)
        elif path.is_file() and path.parent.name == SERVICES_DIR:
            problems += scan_contacts(path)[1]
        elif path.is_file() and path.parent.name == INSTRUMENTS_DIR:
            problems += scan_instrument_file(path, locales)[1]
        elif path.is_file():
            problems += scan_flow_file(path, locales)[1]
        else:
            problems.append(Problem(str(path), "", "no such file or directory"))
    return problems


def _scan_services(directory: Path) -> list[Problem]:
    """Crisis contacts and programme lines, and the sample service directory if present."""
    problems = scan_contacts(directory)[1]
    if (directory / SEED_FILE).is_file():
        problems += scan_seed(directory / SEED_FILE)
    return problems
