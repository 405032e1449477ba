"""A caregiver's children: added by band, chosen and removed by number, never by name."""

from __future__ import annotations

from bot.engine import children


def test_children_are_added_in_order_and_the_last_added_is_the_one_spoken_about() -> None:
    facts: dict[str, object] = {}
    for band in ("6-12", "0-5"):
        facts |= children.changes(facts, children.ADD, band)
    assert facts == {"children": "6-12,0-5", "child_age_band": "0-5"}
    assert children.derived(facts) == {"children_count": 2, "child1": "6-12", "child2": "0-5"}


def test_no_more_than_four_children_and_only_known_bands() -> None:
    four = {"children": "0-5,0-5,6-12,13-17"}
    assert children.changes(four, children.ADD, "6-12") == {}
    assert children.changes({}, children.ADD, "18+") == {}


def test_choosing_a_child_brings_its_band_and_a_number_out_of_range_changes_nothing() -> None:
    facts = {"children": "6-12,13-17", "child_age_band": "6-12"}
    assert children.changes(facts, children.PICK, "2") == {"child_age_band": "13-17"}
    assert children.changes(facts, children.PICK, 2) == {"child_age_band": "13-17"}
    for stale in ("3", "0", "x", True):
        assert children.changes(facts, children.PICK, stale) == {}


def test_removing_keeps_the_others_in_order_and_never_the_last_one() -> None:
    facts = {"children": "6-12,0-5,13-17"}
    assert children.changes(facts, children.REMOVE, "2") == {
        "children": "6-12,13-17",
        "child_age_band": "6-12",
    }
    assert children.changes({"children": "0-5"}, children.REMOVE, "1") == {}


def test_a_profile_from_before_keeps_its_one_child() -> None:
    old = {"child_age_band": "13-17"}
    assert children.bands(old) == ["13-17"]
    assert children.changes(old, children.ADD, "0-5")["children"] == "13-17,0-5"
