"""What changed between two revisions, and which changes wait for a second approval."""

from __future__ import annotations

from typing import Any

from bot.content.changes import Change, diff, is_safety_critical, summarise, words_changed

MENU: dict[str, Any] = {
    "flow": "menu",
    "steps": {
        "choose": {
            "ask": {"en": "What would you like to do?", "ru": "Что бы вы хотели сделать?"},
            "options": [{"value": "a", "text": {"en": "Check in", "ru": "Отметиться"}}],
        },
        "bye": {"say": {"en": "Bye", "ru": "Пока"}, "end": True},
    },
}


def changed(before: object, after: object) -> list[tuple[str, str, str | None]]:
    return [(c.part, c.path, c.language) for c in diff(before, after)]


def with_step(data: dict[str, Any], name: str, step: object) -> dict[str, Any]:
    steps = dict(data["steps"])
    steps[name] = step
    return {**data, "steps": steps}


def test_a_changed_text_is_named_by_step_path_and_language() -> None:
    after = with_step(MENU, "bye", {"say": {"en": "Bye", "ru": "До встречи"}, "end": True})

    [change] = diff(MENU, after)

    assert (change.part, change.path, change.language) == ("bye", "steps.bye.say.ru", "ru")
    assert (change.before, change.after) == ("Пока", "До встречи")


def test_button_texts_in_lists_are_compared_item_by_item() -> None:
    choose = MENU["steps"]["choose"]
    option = {"value": "a", "text": {"en": "Check in now", "ru": "Отметиться"}}
    after = with_step(MENU, "choose", {**choose, "options": [option]})

    assert changed(MENU, after) == [("choose", "steps.choose.options[0].text.en", "en")]


def test_added_and_removed_steps_are_changes_with_nothing_on_one_side() -> None:
    steps = dict(MENU["steps"])
    del steps["bye"]
    after = with_step({**MENU, "steps": steps}, "hello", {"say": "Hi", "end": True})

    changes = diff(MENU, after)

    assert {c.part for c in changes} == {"bye", "hello"}
    assert all(c.after is None for c in changes if c.part == "bye")
    assert all(c.before is None for c in changes if c.part == "hello")


def test_the_summary_lists_each_step_once_and_languages_in_the_usual_order() -> None:
    after = with_step(
        with_step(MENU, "bye", {"say": {"en": "Bye!", "ru": "Пока!"}, "end": True}),
        "choose",
        {**MENU["steps"]["choose"], "ask": {"en": "What now?", "ru": "Что дальше?"}},
    )

    summary = summarise(diff(MENU, after))

    assert summary.parts == ("choose", "bye")
    assert summary.languages == ("en", "ru")
    assert summary.as_json() == {"steps": ["choose", "bye"], "languages": ["en", "ru"]}


def test_identical_revisions_have_no_changes() -> None:
    assert diff(MENU, MENU) == []
    assert str(summarise([])) == "no change"


def test_a_first_revision_is_all_additions() -> None:
    assert {c.part for c in diff(None, MENU)} == {"flow", "choose", "bye"}


def test_risk_rules_contacts_and_instruments_are_always_safety_critical() -> None:
    for name in (
        "risk/suicide",
        "services/crisis-contacts",
        "services/programme",
        "instruments/phq9",
    ):
        assert is_safety_critical(name, {"a": 1}, {"a": 2}, diff({"a": 1}, {"a": 2})), name
    assert not is_safety_critical("services/directory", {"a": 1}, {"a": 2}, [])


def test_a_menu_text_is_not_safety_critical() -> None:
    after = with_step(MENU, "bye", {"say": {"en": "Bye!", "ru": "Пока"}, "end": True})

    assert not is_safety_critical("menu", MENU, after, diff(MENU, after))


def test_a_change_to_a_step_that_escalates_is_safety_critical() -> None:
    request = {
        "escalate": {"severity": "high", "reason": "asked"},
        "say": "A counsellor will write.",
    }
    before = with_step(MENU, "request", request)
    after = with_step(MENU, "request", {**request, "say": "Someone will write."})

    assert is_safety_critical("counsellor", before, after, diff(before, after))


def test_removing_an_escalation_is_safety_critical() -> None:
    request = {"escalate": {"severity": "high", "reason": "asked"}, "say": "Hi", "end": True}
    before = with_step(MENU, "request", request)
    after = with_step(MENU, "request", {"say": "Hi", "end": True})

    assert is_safety_critical("counsellor", before, after, diff(before, after))


def test_a_change_to_a_hard_words_step_is_safety_critical() -> None:
    step = {"ask": "Warning signs?", "input": "text", "hard_words": True}
    before = with_step(MENU, "signs", step)
    after = with_step(MENU, "signs", {**step, "ask": "Your warning signs?"})

    assert is_safety_critical("safety-plan", before, after, diff(before, after))


def test_an_unchanged_escalating_step_does_not_make_a_text_change_critical() -> None:
    request = {"escalate": {"severity": "high", "reason": "asked"}, "say": "Hi", "end": True}
    before = with_step(MENU, "request", request)
    after = with_step(before, "bye", {"say": {"en": "Bye!", "ru": "Пока"}, "end": True})

    assert not is_safety_critical("counsellor", before, after, diff(before, after))


def test_a_text_changed_in_place_marks_the_words_that_changed() -> None:
    before, after = words_changed("What would you like to do?", "What shall we do now?")
    assert before == [("What ", False), ("would you like to", True), (" do?", False)]
    assert after == [
        ("What ", False),
        ("shall we", True),
        (" do", False),
        (" now", True),
        ("?", False),
    ]
    # Put back together, each side is its text; in Cyrillic as in Latin.
    old, new = "Давайте замедлимся на минуту.", "Давайте вместе замедлимся на две минуты."
    left, right = words_changed(old, new)
    assert "".join(text for text, _ in left) == old
    assert "".join(text for text, _ in right) == new
    assert [text.strip() for text, changed in right if changed] == ["вместе", "две минуты"]
    assert words_changed("the same", "the same") == ([("the same", False)], [("the same", False)])


def test_only_a_text_on_both_sides_has_words_to_mark() -> None:
    added = Change("intro", "steps.intro.say.en", "en", None, "New text")
    assert added.words() is None
    assert Change("x", "spec", None, 1, 2).words() is None
    changed = Change("intro", "steps.intro.say.en", "en", "Old text", "New text")
    assert changed.words() == ([("Old", True), (" text", False)], [("New", True), (" text", False)])
