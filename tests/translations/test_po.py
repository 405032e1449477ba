"""Flow texts through PO files: export, translate, import, and nothing else changes."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from bot.engine.loader import load_flow
from bot.spec.locales import ALL_LOCALES
from bot.translations.po import export_catalog, export_po, import_po, mark_reviewed
from tests.support.process import qadam

ROOT = Path(__file__).resolve().parents[2]
FLOWS = ROOT / "flows"
MENU_BUTTON = "menu.yaml:steps.choose.options[0].text"
HELLO = """\
# A small flow; this comment must survive an import.
spec: 1
flow: hello
title: Hello
start: greet
steps:
  greet:
    # Said once.
    say:
      en: >-
        Hello! You have {count} new messages waiting for you here, and you can read them
        whenever you like.
      ru: >-
        Здравствуйте! Здесь вас ждут новые сообщения: {count}. Прочитайте их, когда
        захотите.
    go: ask

  ask:
    ask: "Shall we go on?"
    options:
      - {value: "yes", text: "Yes"}
      - {value: "no", text: {en: "No", ru: "Нет"}}
    end: true
"""


@pytest.fixture
def flows(tmp_path: Path) -> Path:
    """A copy of the real flows (whatever files exist right now)."""
    copy = tmp_path / "flows"
    shutil.copytree(FLOWS, copy)
    return copy


@pytest.fixture
def hello(tmp_path: Path) -> Path:
    folder = tmp_path / "small"
    folder.mkdir()
    (folder / "hello.yaml").write_text(HELLO, encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def export(folder: Path, locale: str, out: Path) -> Catalog:
    data, _ = export_po(folder, locale)
    out.write_bytes(data)
    with out.open("rb") as handle:
        return read_po(handle)


def msg(catalog: Catalog, msgid: str, context: str) -> Message:
    found = catalog.get(msgid, context=context)
    assert found is not None, context
    return found


def save(catalog: Catalog, out: Path) -> Path:
    with out.open("wb") as handle:
        write_po(handle, catalog)
    return out


def test_export_names_every_text_by_file_and_path(flows: Path) -> None:
    catalog, _ = export_catalog(flows, "ru")
    message = catalog.get("Check in now", context=MENU_BUTTON)
    assert message is not None
    assert message.string == "Рассказать о самочувствии"
    assert any("flow menu, step choose" in note for note in message.auto_comments)
    assert catalog.get("Main menu", context="menu.yaml:title") is not None


def test_export_leaves_missing_translations_empty(hello: Path) -> None:
    catalog, _ = export_catalog(hello, "kk")
    assert msg(catalog, "Yes", "hello.yaml:steps.ask.options[0].text").string == ""
    assert str(catalog.locale) == "kk"


@pytest.mark.parametrize("locale", [loc for loc in ALL_LOCALES if loc != "en"])
def test_export_then_import_changes_nothing(flows: Path, tmp_path: Path, locale: str) -> None:
    before = snapshot(flows)
    export(flows, locale, tmp_path / "out.po")
    result = import_po(flows, tmp_path / "out.po", ALL_LOCALES)
    assert result.ok, result.problems
    assert result.changed == ()
    assert snapshot(flows) == before


def test_import_updates_exactly_that_text_and_keeps_comments(flows: Path, tmp_path: Path) -> None:
    before = snapshot(flows)
    catalog = export(flows, "kk", tmp_path / "kk.po")
    msg(catalog, "Check in now", MENU_BUTTON).string = "Көңіл күйімді бөлісу"
    result = import_po(flows, save(catalog, tmp_path / "kk.po"), ALL_LOCALES)

    assert result.ok, result.problems
    assert result.changed == (MENU_BUTTON,)
    after = snapshot(flows)
    assert {name for name in after if after[name] != before[name]} == {"menu.yaml"}
    old = before["menu.yaml"].decode().splitlines()
    new = after["menu.yaml"].decode().splitlines()
    changed = [line for line in difflib.ndiff(old, new) if line[:1] in "+-"]
    assert len(changed) == 2, changed  # one line out, the same line back with the new text
    assert "Көңіл күйімді бөлісу" in changed[1]
    assert new[0].startswith("# The main menu")
    flow = load_flow(flows / "menu.yaml", ("en", "ru", "kk"))
    assert flow.steps["choose"].options is not None
    assert flow.steps["choose"].options[0].text["kk"] == "Көңіл күйімді бөлісу"


def test_a_new_locale_is_added_in_the_files_style(hello: Path, tmp_path: Path) -> None:
    catalog = export(hello, "kk", tmp_path / "kk.po")
    say = "hello.yaml:steps.greet.say"
    source = next(m for m in catalog if m.context == say)
    source.string = (
        "Сәлеметсіз бе! Мұнда сізді {count} жаңа хабарлама күтіп тұр, оларды кез келген "
        "уақытта оқи аласыз."
    )
    msg(catalog, "Yes", "hello.yaml:steps.ask.options[0].text").string = "Иә"
    msg(catalog, "Hello", "hello.yaml:title").string = "Сәлем"
    result = import_po(hello, save(catalog, tmp_path / "kk.po"), ("en",))
    assert result.ok, result.problems

    text = (hello / "hello.yaml").read_text(encoding="utf-8")
    assert "# A small flow; this comment must survive an import." in text
    assert "    # Said once." in text
    assert "      kk: >-\n        Сәлеметсіз бе!" in text  # folded like its neighbours
    assert '{value: "yes", text: {en: "Yes", kk: "Иә"}}' in text  # a plain string became a map
    assert "translations:\n  kk: {reviewed: false}" in text
    flow = load_flow(hello / "hello.yaml", ("en",))
    assert flow.translations["kk"].reviewed is False
    assert flow.steps["greet"].say is not None
    assert "{count}" in flow.steps["greet"].say["kk"]


def _refused(folder: Path, po: Path) -> list[str]:
    before = snapshot(folder)
    result = import_po(folder, po, ALL_LOCALES)
    assert not result.ok
    assert snapshot(folder) == before, "a refused import must change nothing"
    return list(result.problems)


def test_a_dropped_placeholder_is_refused(hello: Path, tmp_path: Path) -> None:
    catalog = export(hello, "kk", tmp_path / "kk.po")
    msg(catalog, "Yes", "hello.yaml:steps.ask.options[0].text").string = "Иә"
    say = next(m for m in catalog if m.context == "hello.yaml:steps.greet.say")
    say.string = "Сәлеметсіз бе! Сізді жаңа хабарламалар күтіп тұр."
    problems = _refused(hello, save(catalog, tmp_path / "kk.po"))
    assert len(problems) == 1
    assert "steps.greet.say" in problems[0] and "{count}" in problems[0]


def test_an_unknown_context_is_refused(flows: Path, tmp_path: Path) -> None:
    catalog = export(flows, "kk", tmp_path / "kk.po")
    msg(catalog, "Check in now", MENU_BUTTON).string = "Жаңа"
    catalog.add("Check in now", "Басқа", context="menu.yaml:steps.gone.options[0].text")
    problems = _refused(flows, save(catalog, tmp_path / "kk.po"))
    assert any("menu.yaml:steps.gone.options[0].text" in p and "unknown" in p for p in problems)


def test_a_translation_that_would_break_a_flow_is_refused(flows: Path, tmp_path: Path) -> None:
    catalog = export(flows, "kk", tmp_path / "kk.po")
    msg(catalog, "Check in now", MENU_BUTTON).string = "   "  # blank: not a text
    problems = _refused(flows, save(catalog, tmp_path / "kk.po"))
    assert any("menu.yaml" in p and "steps.choose.options[0].text" in p for p in problems)


def test_a_missing_closing_quote_is_refused_with_its_line(flows: Path, tmp_path: Path) -> None:
    """Babel reads `msgstr "Жаңа` as `Жаң`: a deleted quote would cut a live text short."""
    catalog = export(flows, "kk", tmp_path / "kk.po")
    msg(catalog, "Check in now", MENU_BUTTON).string = "Жаңа"
    lines = save(catalog, tmp_path / "kk.po").read_text(encoding="utf-8").splitlines()
    line = lines.index('msgstr "Жаңа"') + 1
    lines[line - 1] = 'msgstr "Жаңа'
    po = tmp_path / "kk.po"
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = _refused(flows, po)
    assert problems == [
        f"{po}: cannot read the PO file: line {line} is not a PO entry line "
        "(is a closing quote missing?)"
    ]


def test_an_import_says_each_text_it_changes(flows: Path, tmp_path: Path) -> None:
    catalog = export(flows, "kk", tmp_path / "kk.po")
    msg(catalog, "Check in now", MENU_BUTTON).string = "Жаңа"
    result = import_po(flows, save(catalog, tmp_path / "kk.po"), ALL_LOCALES, dry_run=True)
    assert result.ok and list(zip(result.changed, result.texts, strict=True)) == [
        (MENU_BUTTON, "Жаңа")
    ]


def test_a_changed_english_source_is_refused(flows: Path, tmp_path: Path) -> None:
    catalog = export(flows, "kk", tmp_path / "kk.po")
    catalog.delete("Check in now", context=MENU_BUTTON)
    catalog.add("Check in now, please", "Қазір", context=MENU_BUTTON)
    problems = _refused(flows, save(catalog, tmp_path / "kk.po"))
    assert any("English text has changed" in p for p in problems)


def test_empty_and_fuzzy_entries_never_replace_a_text(flows: Path, tmp_path: Path) -> None:
    before = snapshot(flows)
    catalog = export(flows, "ru", tmp_path / "ru.po")
    msg(catalog, "Check in now", MENU_BUTTON).string = ""
    fuzzy = msg(catalog, "Main menu", "menu.yaml:title")
    fuzzy.string = "Что-то другое"
    fuzzy.flags.add("fuzzy")
    result = import_po(flows, save(catalog, tmp_path / "ru.po"), ALL_LOCALES)
    assert result.ok, result.problems
    assert result.changed == ()
    assert len(result.skipped) == 2
    assert snapshot(flows) == before


def test_a_po_file_without_a_language_is_refused(flows: Path, tmp_path: Path) -> None:
    po = tmp_path / "none.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n')
    problems = _refused(flows, po)
    assert any("Language" in p for p in problems)


# ---- the command ---------------------------------------------------------------------------


def flows_cli(*args: str, flows: Path) -> subprocess.CompletedProcess[str]:
    return qadam("flows", *args, env={"QADAM_FLOWS_DIR": str(flows)})


@pytest.mark.process
def test_cli_export_and_import(flows: Path, tmp_path: Path) -> None:
    po = tmp_path / "tg.po"
    exported = flows_cli("export-po", "tg", "--out", str(po), flows=flows)
    assert exported.returncode == 0, exported.stderr
    with po.open("rb") as handle:
        catalog = read_po(handle)
    assert str(catalog.locale) == "tg"
    msg(catalog, "Check in now", MENU_BUTTON).string = "Ҳолам чӣ хел аст"
    save(catalog, po)

    imported = flows_cli("import-po", str(po), flows=flows)
    assert imported.returncode == 0, imported.stderr
    assert "updated 1 tg text(s) in menu.yaml" in imported.stderr
    assert f"  {MENU_BUTTON}: Ҳолам чӣ хел аст" in imported.stderr
    assert "Ҳолам чӣ хел аст" in (flows / "menu.yaml").read_text(encoding="utf-8")


@pytest.mark.process
def test_cli_export_writes_to_stdout(flows: Path) -> None:
    result = flows_cli("export-po", "uz", flows=flows)
    assert result.returncode == 0, result.stderr
    assert 'msgctxt "menu.yaml:title"' in result.stdout
    assert '"Language: uz\\n"' in result.stdout


@pytest.mark.process
def test_cli_refuses_and_changes_nothing(flows: Path, tmp_path: Path) -> None:
    before = snapshot(flows)
    po = tmp_path / "kk.po"
    assert flows_cli("export-po", "kk", "--out", str(po), flows=flows).returncode == 0
    with po.open("rb") as handle:
        catalog = read_po(handle)
    catalog.add("Nothing", "Ештеңе", context="nowhere.yaml:title")
    save(catalog, po)
    result = flows_cli("import-po", str(po), flows=flows)
    assert result.returncode == 1
    assert "nowhere.yaml:title" in result.stderr
    assert "nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(flows) == before


@pytest.mark.process
def test_cli_refuses_english(flows: Path) -> None:
    result = flows_cli("export-po", "en", flows=flows)
    assert result.returncode == 1
    assert "source language" in result.stderr


def test_a_reviewed_language_whose_text_changes_is_unreviewed_again(
    hello: Path, tmp_path: Path
) -> None:
    path = hello / "hello.yaml"
    reviewed = mark_reviewed(path.read_text(encoding="utf-8"), "hello.yaml", "ru")
    assert "translations:\n  ru: {reviewed: true}\nsteps:" in reviewed
    path.write_text(reviewed, encoding="utf-8")
    catalog = export(hello, "ru", tmp_path / "ru.po")
    msg(catalog, "Yes", "hello.yaml:steps.ask.options[0].text").string = "Да"
    msg(catalog, "Hello", "hello.yaml:title").string = "Привет"
    msg(catalog, "Shall we go on?", "hello.yaml:steps.ask.ask").string = "Продолжим?"
    result = import_po(hello, save(catalog, tmp_path / "ru.po"), ("en", "ru"))
    assert result.ok, result.problems

    text = path.read_text(encoding="utf-8")
    assert "translations:\n  ru: {reviewed: false}\nsteps:" in text
    assert load_flow(path, ("en", "ru")).translations["ru"].reviewed is False
