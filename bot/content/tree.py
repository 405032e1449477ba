"""A set of content files by name, checked and loaded with the same code as `flows/`.

Revisions are named by their path under `flows/` without `.yaml` ("menu", "risk/suicide").
To check or load a set, it is written to a temporary directory laid out like `flows/` and
read by the very loaders and linter `qadam flows check` and `qadam run` use, so a publish
can never accept what a start would refuse. Problems name the file as `NAME.yaml`.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.content.check import check_paths
from bot.directory.contacts import SERVICES_DIR, CrisisContacts, load_contacts
from bot.engine.loader import INSTRUMENTS_DIR, Library, load_library
from bot.risk import RISK_DIR, RiskRules, load_rules
from bot.spec.errors import FlowSpecError, Problem

SUFFIX = ".yaml"
# The folders under `flows/` whose files are content; anything else there is not.
FOLDERS = ("", INSTRUMENTS_DIR, RISK_DIR, SERVICES_DIR)


@dataclass(frozen=True)
class Loaded:
    """What the bot says and checks against, as loaded from one set of files."""

    library: Library
    contacts: CrisisContacts
    risk: RiskRules


def read_seed(directory: Path) -> dict[str, str]:
    """Every content file under a `flows/`-like directory, by name."""
    found: dict[str, str] = {}
    for folder in FOLDERS:
        base = directory / folder
        if base.is_dir():
            for path in sorted(base.glob(f"*{SUFFIX}")):
                found[name_of(path, directory)] = path.read_text(encoding="utf-8")
    return found


def name_of(path: Path, root: Path) -> str:
    """The revision name of a file under `root` (a `flows/` directory)."""
    relative = path.resolve().relative_to(root.resolve())
    return relative.with_suffix("").as_posix()


def file_of(name: str) -> str:
    return f"{name}{SUFFIX}"


def write(files: Mapping[str, str], directory: Path) -> None:
    """Lay `files` out under `directory` as `qadam flows export` does."""
    for name, body in files.items():
        path = directory / file_of(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")


def check(files: Mapping[str, str], locales: Sequence[str]) -> list[Problem]:
    """Every problem `qadam flows check` would report for this set of files."""
    return list(_checked(tuple(sorted(files.items())), tuple(locales)))


# Checking the whole set takes a second or more, and the same set is often checked twice
# in a row: Check, then Publish of the same text; a save, then its publish. The answer
# depends on nothing but the files and the languages.
@functools.lru_cache(maxsize=8)
def _checked(files: tuple[tuple[str, str], ...], locales: tuple[str, ...]) -> tuple[Problem, ...]:
    with tempfile.TemporaryDirectory(prefix="qadam-content-") as folder:
        root = Path(folder)
        write(dict(files), root)
        return tuple(_relative(problem, root) for problem in check_paths([root], locales))


def load(files: Mapping[str, str], locales: Sequence[str]) -> Loaded:
    """Load a set of files; FlowSpecError (with `NAME.yaml` files) if any is broken."""
    with tempfile.TemporaryDirectory(prefix="qadam-content-") as folder:
        root = Path(folder)
        write(files, root)
        try:
            return Loaded(
                library=load_library(root, locales),
                contacts=load_contacts(root / SERVICES_DIR),
                risk=load_rules(root / RISK_DIR),
            )
        except FlowSpecError as error:
            raise FlowSpecError([_relative(p, root) for p in error.problems]) from error


def _relative(problem: Problem, root: Path) -> Problem:
    path = Path(problem.file)
    if path.is_absolute() and path.is_relative_to(root):
        return replace(problem, file=path.relative_to(root).as_posix())
    return problem
