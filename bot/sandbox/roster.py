"""The sandbox's simulated people, kept in a JSON file beside its database.

A restarted sandbox must still know them: a person who vanished would leave their id free
for the next one added, who would then be them to the bot (the same Telegram id, so the
same pseudonym, answers and cases).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from bot.sandbox.models import Person

FILE_NAME = "sandbox-people.json"


class RosterError(Exception):
    """The file of simulated people cannot be read; the message says what to do."""


def load(path: Path) -> list[Person]:
    """The people kept in `path`; nobody when there is no such file yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    try:
        return [Person(**fields) for fields in json.loads(text)["people"]]
    except (ValueError, TypeError, KeyError) as exc:
        raise RosterError(
            f"cannot read the sandbox's simulated people from {path} ({type(exc).__name__}); "
            "delete the file to start the sandbox with nobody in it"
        ) from exc


def save(path: Path, people: Iterable[Person]) -> None:
    """Write the people to `path` in one step: a crash leaves the old file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f"{path.name}.tmp")
    document = {"people": [asdict(person) for person in people]}
    draft.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(draft, path)
