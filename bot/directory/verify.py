"""`qadam contacts verify`: record in the contacts file itself who checked a number and on
which day. The file is rewritten through ruamel.yaml's round-trip mode, so its comments,
key order, quoting and folding stay as they were, and only `verified` and `verified_by`
of that one contact change."""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.representer import RoundTripRepresenter

from bot.directory.contacts import CONTACTS_FILE, Contact, CrisisContacts, load_contacts
from bot.directory.programme import PROGRAMME_FILE
from bot.spec.errors import FlowError


class UnknownContactError(FlowError):
    """No contact has the id given; the message suggests the nearest one."""


@dataclass(frozen=True)
class Recorded:
    file: Path
    country: str
    before: Contact
    after: Contact


class _Representer(RoundTripRepresenter):
    """Writes null as `null`, as the file has it, where ruamel would leave it empty."""


_Representer.add_representer(
    type(None),
    lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"),
)


def record_check(folder: Path, contact_id: str, by: str, day: date) -> Recorded:
    """Set `verified: DAY` and `verified_by: BY` on one contact of the services folder.

    The files must load before and after: a FlowSpecError leaves the file untouched, and
    UnknownContactError names the nearest id.
    """
    file = folder / CONTACTS_FILE
    contacts = load_contacts(folder)
    country, before = _find(contacts, contact_id, file)
    handler = _yaml()
    document = handler.load(file.read_text(encoding="utf-8"))
    [entry] = [e for e in document["countries"][country] if e["id"] == contact_id]
    _set_check(entry, day, by)
    out = io.StringIO()
    handler.dump(document, out)
    with _replacing(file) as temporary:
        temporary.write_text(out.getvalue(), encoding="utf-8")
        # The new text is read exactly as the bot will read it before it replaces the file.
        checked = load_contacts(temporary)
    [after] = [c for c in checked.countries[country] if c.id == contact_id]
    return Recorded(file, country, before, after)


def _find(contacts: CrisisContacts, contact_id: str, file: Path) -> tuple[str, Contact]:
    everyone = contacts.all_contacts()
    for country, contact in everyone:
        if contact.id == contact_id:
            return country, contact
    if any(line.id == contact_id for line in contacts.programme):
        raise UnknownContactError(
            f"{contact_id!r} is a line of {PROGRAMME_FILE}: the programme's own lines are "
            "shown while `enabled: true` and need no verification"
        )
    ids = [contact.id for _, contact in everyone]
    matches = difflib.get_close_matches(contact_id, ids, n=1)
    hint = f" (did you mean {matches[0]!r}?)" if matches else ""
    raise UnknownContactError(
        f"no contact {contact_id!r} in {file}{hint}; `qadam contacts list` shows every id"
    )


def _set_check(entry: CommentedMap, day: date, by: str) -> None:
    entry["verified"] = day
    if "verified_by" in entry:
        entry["verified_by"] = by
    else:
        entry.insert(list(entry).index("verified") + 1, "verified_by", by)


def _yaml() -> YAML:
    handler = YAML(typ="rt")
    handler.Representer = _Representer
    handler.preserve_quotes = True
    handler.width = 4096  # never re-wrap lines we did not change
    handler.indent(mapping=2, sequence=4, offset=2)
    return handler


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` that replaces it if the block succeeds; it is removed
    otherwise, so a failed check changes nothing. The name keeps `.yaml`: it is loaded as
    the contacts file, with the programme file beside it."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".yaml")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
