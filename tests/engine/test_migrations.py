from __future__ import annotations

from typing import Any

import pytest

from bot.spec.migrations import FLOW_MIGRATIONS, SpecVersionError, migrate


def test_current_spec_is_read_as_is() -> None:
    data = {"spec": 1, "flow": "x"}
    assert migrate(data, FLOW_MIGRATIONS) == data


def test_migrations_run_in_order_up_to_the_current_spec() -> None:
    def one_to_two(data: dict[str, Any]) -> dict[str, Any]:
        return data | {"trail": [*data.get("trail", []), "1->2"]}

    def two_to_three(data: dict[str, Any]) -> dict[str, Any]:
        return data | {"trail": [*data["trail"], "2->3"]}

    upgraded = migrate({"spec": 1}, {2: two_to_three, 1: one_to_two}, current=3)
    assert upgraded == {"spec": 3, "trail": ["1->2", "2->3"]}


def test_a_gap_in_the_registry_is_reported() -> None:
    with pytest.raises(SpecVersionError, match="no migration from spec 1 to 2"):
        migrate({"spec": 1}, {}, current=2)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (None, "missing `spec`"),
        ("one", "`spec` should be a version number like 1, got 'one'"),
        (True, "`spec` should be a version number"),
        (0, "`spec` should be a version number"),
        (2, "this file is written for spec 2, but this Qadam reads spec 1 at most"),
    ],
)
def test_bad_spec_values(spec: object, message: str) -> None:
    data = {} if spec is None else {"spec": spec}
    with pytest.raises(SpecVersionError, match=message.replace("`", ".").replace("(", ".")):
        migrate(data, FLOW_MIGRATIONS)
