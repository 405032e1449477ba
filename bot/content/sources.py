"""Where the console's editor reads a flow's text: the files the bot loaded its flows from.

Until content lives in revisions, the files are the flows that are published; a source of
revisions takes this one's place behind the same `text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.spec.errors import FlowSpecError
from bot.spec.parse import read_spec_file


@dataclass(frozen=True)
class FlowFiles:
    directory: Path

    def text(self, name: str) -> str | None:
        """The text of the file that defines flow `name`; None if no file does."""
        for path in sorted(self.directory.glob("*.y*ml")):
            try:
                data = read_spec_file(path)
            except FlowSpecError:
                continue
            if isinstance(data, Mapping) and data.get("flow") == name:
                return path.read_text(encoding="utf-8")
        return None
