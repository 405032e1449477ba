"""A publish replaces a running bot's library in place; conversations keep their flow."""

from __future__ import annotations

from bot.engine.loader import Library, revision_of
from bot.engine.model import Flow
from bot.engine.parse import parse_flow


def menu(text: str) -> Flow:
    return parse_flow(
        {
            "spec": 1,
            "flow": "menu",
            "title": "Menu",
            "start": "hi",
            "steps": {"hi": {"say": text, "end": True}},
        },
        "menu.yaml",
    )


OLD, NEW = menu("Hello"), menu("Welcome")


def test_the_same_flow_has_the_same_revision_and_a_changed_one_another() -> None:
    assert revision_of(OLD) == revision_of(menu("Hello"))
    assert revision_of(OLD) != revision_of(NEW)


def test_replace_puts_the_new_flow_in_force_for_everyone_holding_the_library() -> None:
    library = Library({"menu": OLD}, {})
    held_by_a_use_case = library

    library.replace(Library({"menu": NEW}, {}))

    assert held_by_a_use_case.flow("menu") is NEW
    assert held_by_a_use_case.revision("menu") == revision_of(NEW)


def test_a_conversation_pinned_to_the_old_revision_keeps_its_flow() -> None:
    library = Library({"menu": OLD}, {})
    pinned = library.revision("menu")

    library.replace(Library({"menu": NEW}, {}))

    assert library.pinned("menu", pinned) is OLD
    assert library.pinned("menu", library.revision("menu")) is NEW
    assert library.pinned("menu", None) is NEW, "a session from before pinning runs the current"


def test_a_revision_this_process_never_held_is_not_found() -> None:
    library = Library({"menu": NEW}, {})

    assert library.pinned("menu", revision_of(OLD)) is None
