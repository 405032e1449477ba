"""`qadam flows publish / revisions / diff / rollback` as an admin runs them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.process import ROOT, qadam

pytestmark = pytest.mark.process

MENU_RU = 'ru: "Что бы вы хотели сделать?"'


def test_publish_refuses_a_broken_file_then_publishes_diffs_and_rolls_back(
    tmp_path: Path,
) -> None:
    env = {"QADAM_DATA_DIR": str(tmp_path / "data"), "QADAM_FLOWS_DIR": str(ROOT / "flows")}
    edits = tmp_path / "edits"
    edits.mkdir()
    menu = edits / "menu.yaml"
    shutil.copyfile(ROOT / "flows" / "menu.yaml", menu)
    text = menu.read_text("utf-8")

    menu.write_text(text.replace("go: {flow: checkins}", "go: {flow: checkinz}"), "utf-8")
    refused = qadam("flows", "publish", str(menu), env=env, cwd=tmp_path)
    assert refused.returncode == 1
    assert "menu.yaml: steps.choose.options[2].go.flow: no flow 'checkinz'" in refused.stderr
    assert "nothing changed for anyone" in refused.stderr

    menu.write_text(text.replace(MENU_RU, 'ru: "Чем займёмся?"'), "utf-8")
    done = qadam("flows", "publish", str(menu), "--note", "shorter", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "published menu as revision" in done.stderr

    listed = qadam("flows", "revisions", "menu", env=env, cwd=tmp_path)
    rows = [line for line in listed.stdout.splitlines() if "menu" in line]
    new, seed = (int(row.split("│")[1]) for row in rows[:2])
    assert "live" in rows[0] and "shorter" in rows[0] and "choose (ru)" in rows[0]

    diff = qadam("flows", "diff", "menu", str(seed), str(new), env=env, cwd=tmp_path)
    assert " ".join(diff.stdout.split()) == (
        "choose steps.choose.ask.ru [ru] - Что бы вы хотели сделать? + Чем займёмся?"
    )

    back = qadam("flows", "rollback", "menu", str(seed), env=env, cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    exported = qadam("flows", "export", str(tmp_path / "out"), env=env, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "out" / "menu.yaml").read_text("utf-8") == text
