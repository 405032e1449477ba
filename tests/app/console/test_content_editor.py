"""The content editor's use cases: who may use it, and the linter's problems on an edited
flow, each pointing at the line of the text to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app.console import content_editor
from bot.app.console.content_editor import Checked
from bot.app.console.reading import Reader, Refused
from bot.domain.services import Services
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.spec.lines import line_of
from bot.storage.models import Escalation, Staff
from tests.app.console.conftest import ROOT


def reader(services: Services, role: str, locale: str = "en") -> Reader:
    return Reader(services, Staff(code="S-1", role=role, languages=locale, console_locale=locale))


def _line(text: str, fragment: str) -> int:
    """The 1-based line of `fragment`'s first appearance."""
    return text[: text.index(fragment)].count("\n") + 1


def _checked(services: Services, text: str, name: str = "breathing") -> Checked:
    checked = content_editor.check_draft(reader(services, "editor"), name, text)
    assert isinstance(checked, Checked)
    return checked


@pytest.mark.parametrize("role", ["counsellor", "supervisor"])
def test_only_editors_and_admins_may_edit(services: Services, role: str) -> None:
    for allowed in ("editor", "admin"):
        listed = content_editor.flows(reader(services, allowed))
        assert not isinstance(listed, Refused)
        assert ("breathing", "Slow breathing") in [(f.name, f.title) for f in listed]
    tr = reader(services, role)
    for refused in (
        content_editor.flows(tr),
        content_editor.check_draft(tr, "breathing", "spec: 1"),
    ):
        assert isinstance(refused, Refused) and refused.reason == "forbidden"
        assert refused.message == "This page is for editors and admins."


def test_an_editor_edits_content_and_never_sees_a_case() -> None:
    editor = Staff(role="editor", chat_enc=b"x", deactivated_at=None)
    case = Escalation(status="open", staff_id=None, felt_unsafe=False)
    assert staff_members.edits_content(editor) and not staff_members.handles_cases(editor)
    assert not cases.may_see(editor, case) and not cases.may_take(editor, case, None)
    admin = Staff(role="admin", chat_enc=b"x", deactivated_at=None)
    assert staff_members.edits_content(admin) and cases.may_see(admin, case)
    assert "editor" in staff_members.ROLES


def test_each_problem_points_at_its_line(services: Services) -> None:
    text = (ROOT / "flows" / "breathing.yaml").read_text(encoding="utf-8")
    broken = text.replace("start: intro", "start: intr", 1)
    checked = _checked(services, broken)
    assert [(m.line, m.where) for m in checked.marks] == [(_line(broken, "start: intr"), "start")]
    assert "no step 'intr'" in checked.marks[0].message
    assert checked.flow is not None  # a flow still, which the simulator could run

    # A text left out in Kazakh: the step's text it is missing from.
    kazakh = "        Келіңіз, бір минутқа бірге баяулайық."
    untranslated = text.replace("      kk: >-\n" + kazakh, "      xx: >-\n" + kazakh, 1)
    marks = _checked(services, untranslated).marks
    say = _line(untranslated, "  intro:\n    say:") + 1
    assert [(m.line, m.where, m.message) for m in marks] == [
        (say, "steps.intro.say", "no 'kk' text; add `kk: ...`")
    ]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("start: intro\nstart: again", "duplicate key 'start'"),
        # PyYAML notices a missing colon a line later; the mark stays on the key's line.
        ("start again", "could not find expected ':'"),
    ],
)
def test_a_yaml_error_points_at_its_line_and_is_not_a_flow(
    services: Services, written: str, reason: str
) -> None:
    text = (ROOT / "flows" / "breathing.yaml").read_text(encoding="utf-8")
    broken = text.replace("start: intro\n", written + "\n", 1)
    checked = _checked(services, broken)
    assert checked.flow is None
    assert [m.line for m in checked.marks] == [_line(broken, written.splitlines()[-1])]
    assert checked.marks[0].message.startswith("not valid YAML")
    assert reason in checked.marks[0].message


def test_a_path_leads_to_its_key_or_the_nearest_part_there() -> None:
    text = (Path(ROOT) / "flows" / "counsellor.yaml").read_text(encoding="utf-8")
    assert line_of(text, "steps.while_waiting.options[1].go") == _line(text, "go: waiting")
    assert line_of(text, "steps.while_waiting.options[9]") == _line(text, "    options:")
    assert line_of(text, "steps.gone.say") == _line(text, "steps:")
    assert line_of(text, "line 7, column 2") == 7
    assert line_of(text, "") is None
    assert line_of("a: [", "a") is None
