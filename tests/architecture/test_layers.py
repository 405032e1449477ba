"""The layers hold: no import points outward, none closes a cycle, every package is placed."""

from __future__ import annotations

from tests.architecture.layers import cycles, edges, outward, sources, unplaced

FILES = sources()


def test_every_package_is_placed_in_a_layer() -> None:
    assert unplaced(FILES) == []


def test_no_import_points_outward() -> None:
    assert outward(edges(FILES)) == []


def test_no_packages_import_each_other_in_a_circle() -> None:
    assert cycles(edges(FILES)) == []


def test_an_outward_import_added_by_hand_is_caught() -> None:
    tampered = dict(FILES)
    tampered["bot/engine/model.py"] += "\nfrom bot.telegram.dispatcher import build_dispatcher\n"
    [found] = outward(edges(tampered))
    assert found.startswith("bot/engine/model.py:")
    assert "bot.engine (engine) imports bot.telegram (adapters)" in found


def test_a_relative_import_is_resolved_before_judging_it() -> None:
    tampered = dict(FILES)
    tampered["bot/spec/clock.py"] += "\nfrom ..app import entry\n"
    assert any(
        "bot.spec (spec kernel) imports bot.app (application)" in e
        for e in outward(edges(tampered))
    )


def test_a_cycle_within_one_layer_is_caught() -> None:
    tampered = dict(FILES)
    tampered["bot/risk/check.py"] += "\nfrom bot.escalation import cases\n"
    tampered["bot/escalation/cases.py"] += "\nfrom bot.risk import check\n"
    assert ["bot.escalation", "bot.risk"] in cycles(edges(tampered))


def test_a_new_package_must_be_placed() -> None:
    assert unplaced({**FILES, "bot/newthing/__init__.py": ""}) == ["bot.newthing"]
