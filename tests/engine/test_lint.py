"""One test per kind of problem `qadam flows check` rejects, with the exact message shape."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.check import check_paths
from bot.engine.errors import FlowRuntimeError
from bot.engine.loader import load_flow, load_library
from bot.spec.errors import FlowSpecError, Problem

LOCALES = ["en", "ru"]

DAILY: dict[str, Any] = {
    "spec": 1,
    "flow": "daily",
    "title": {"en": "Daily", "ru": "Ежедневно"},
    "start": "mood",
    "steps": {
        "mood": {
            "ask": {"en": "How are you?", "ru": "Как вы?"},
            "options": [
                {"value": 5, "text": {"en": "Good", "ru": "Хорошо"}},
                {"value": 1, "text": {"en": "Low", "ru": "Плохо"}},
            ],
            "save": "mood",
            "route": [{"when": {"mood": {"lte": 2}}, "go": "offer"}, {"go": "thanks"}],
        },
        "offer": {
            "ask": {"en": "Some support?", "ru": "Поддержка?"},
            "options": [
                {
                    "value": "calm",
                    "text": {"en": "Calm", "ru": "Спокойствие"},
                    "go": {"flow": "other"},
                },
                {"value": "talk", "text": {"en": "Talk", "ru": "Поговорить"}, "go": "request"},
            ],
        },
        "request": {
            "escalate": {"severity": "medium", "reason": "asked-for-counsellor"},
            "say": {"en": "A counsellor will write.", "ru": "Консультант напишет."},
            "end": True,
        },
        "thanks": {"say": {"en": "Thanks.", "ru": "Спасибо."}, "end": True},
    },
}
OTHER: dict[str, Any] = {
    "spec": 1,
    "flow": "other",
    "title": {"en": "Other", "ru": "Другое"},
    "start": "bye",
    "steps": {"bye": {"say": {"en": "Bye.", "ru": "Пока."}, "end": True}},
}


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "flows").mkdir()
    write("other", OTHER)
    return tmp_path


def write(name: str, data: object) -> Path:
    path = Path("flows") / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def check(data: object) -> list[str]:
    return [str(problem) for problem in check_paths([write("daily", data)], LOCALES)]


def daily() -> dict[str, Any]:
    return copy.deepcopy(DAILY)


def test_a_valid_flow_has_no_problems(workdir: Path) -> None:
    assert check(daily()) == []


def test_problem_str_is_file_where_message() -> None:
    problem = Problem("flows/daily.yaml", "steps.offer", "no way out")
    assert str(problem) == "flows/daily.yaml: steps.offer: no way out"
    assert str(Problem("flows/daily.yaml", "", "empty")) == "flows/daily.yaml: empty"


def test_dangling_go_suggests_the_nearest_step(workdir: Path) -> None:
    data = daily()
    data["steps"]["offer"]["options"][1]["go"] = "requst"
    assert check(data) == [
        "flows/daily.yaml: steps.offer.options[1].go: no step 'requst' (did you mean 'request'?)",
        "flows/daily.yaml: steps.request: unreachable: no step leads here from the start step "
        "'mood'; point a `go` at it or remove it",
    ]


def test_go_to_unknown_flow(workdir: Path) -> None:
    data = daily()
    data["steps"]["offer"]["options"][0]["go"] = {"flow": "othr"}
    assert check(data) == [
        "flows/daily.yaml: steps.offer.options[0].go.flow: no flow 'othr' (did you mean 'other'?)"
    ]


def test_go_to_unknown_step_of_another_flow(workdir: Path) -> None:
    data = daily()
    data["steps"]["offer"]["options"][0]["go"] = {"flow": "other", "step": "by"}
    assert check(data) == [
        "flows/daily.yaml: steps.offer.options[0].go.step: flow 'other' has no step 'by' "
        "(did you mean 'bye'?)"
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # A bracket, a quote or a key left open: PyYAML notices on a later line.
        ("spec: 1\nflow: daily\nsteps: [unclosed\n", 3),
        ('spec: 1\nflow: daily\nstart: "intro\nsteps: {}\nnotes: x\n', 3),
        ("spec: 1\nflow daily\nstart: intro\n", 2),
        # A line out of its block, or a tab: the line itself.
        ("spec: 1\nsteps:\n  intro:\n    say: hi\n   go: end\n", 5),
        ("spec: 1\n\tflow: daily\n", 2),
    ],
)
def test_yaml_syntax_error_names_the_line_it_is_on(workdir: Path, text: str, line: int) -> None:
    path = Path("flows/daily.yaml")
    path.write_text(text, encoding="utf-8")
    [problem] = check_paths([path], LOCALES)
    assert problem.file == "flows/daily.yaml"
    assert problem.where.startswith(f"line {line},")
    assert problem.message.startswith("not valid YAML:")


def test_duplicate_yaml_keys_are_refused(workdir: Path) -> None:
    path = Path("flows/daily.yaml")
    path.write_text("spec: 1\nflow: daily\nflow: again\n", encoding="utf-8")
    assert [str(p) for p in check_paths([path], LOCALES)] == [
        "flows/daily.yaml: line 3, column 1: not valid YAML: duplicate key 'flow'; each key may "
        "appear only once"
    ]


def test_unknown_key_suggests_the_nearest(workdir: Path) -> None:
    data = daily()
    data["steps"]["thanks"]["sya"] = data["steps"]["thanks"].pop("say")
    assert check(data) == [
        "flows/daily.yaml: steps.thanks: unknown key 'sya' (did you mean 'say'?)"
    ]


def test_missing_key(workdir: Path) -> None:
    data = daily()
    del data["start"]
    assert check(data) == ["flows/daily.yaml: missing required key 'start'"]


def test_wrong_types_read_as_sentences(workdir: Path) -> None:
    data = daily()
    data["steps"]["request"]["escalate"]["severity"] = "urgent"
    data["steps"]["thanks"]["say"] = 5
    data["steps"]["offer"]["options"][1]["go"] = 7
    assert check(data) == [
        "flows/daily.yaml: steps.offer.options[1].go: should be a step name, or {flow: NAME} "
        "for another flow; got 7",
        "flows/daily.yaml: steps.request.escalate.severity: should be 'low', 'medium', 'high' "
        "or 'critical'; got 'urgent'",
        "flows/daily.yaml: steps.thanks.say: should be text, or a map of language code to text "
        "like {en: ..., ru: ...}",
    ]


def test_conflicting_step_keys(workdir: Path) -> None:
    data = daily()
    data["steps"]["thanks"]["go"] = "mood"
    assert check(data) == [
        "flows/daily.yaml: steps.thanks: `end: true` cannot be combined with `go` or `route`"
    ]


def test_unreachable_step(workdir: Path) -> None:
    data = daily()
    data["steps"]["orphan"] = {"say": {"en": "Hi", "ru": "Привет"}, "end": True}
    assert check(data) == [
        "flows/daily.yaml: steps.orphan: unreachable: no step leads here from the start step "
        "'mood'; point a `go` at it or remove it"
    ]


def test_step_with_no_way_out(workdir: Path) -> None:
    data = daily()
    del data["steps"]["thanks"]["end"]
    assert check(data) == [
        "flows/daily.yaml: steps.thanks: no way out; add `go`, `route` or `end: true`"
    ]


def test_option_with_no_way_out(workdir: Path) -> None:
    data = daily()
    del data["steps"]["offer"]["options"][1]["go"]
    assert check(data) == [
        "flows/daily.yaml: steps.request: unreachable: no step leads here from the start step "
        "'mood'; point a `go` at it or remove it",
        "flows/daily.yaml: steps.offer.options[1]: this option leads nowhere; give it `go`, or "
        "give the step `go`, `route` or `end: true`",
    ]


def test_route_without_fallback(workdir: Path) -> None:
    data = daily()
    data["steps"]["mood"]["route"][1]["when"] = {"mood": {"gt": 2}}
    assert check(data) == [
        "flows/daily.yaml: steps.mood.route: when no `when` matches there is no way on; end the "
        "route with an entry that has only `go`"
    ]


def test_loop_without_an_ask(workdir: Path) -> None:
    data = daily()
    data["steps"]["thanks"] = {"say": {"en": "A", "ru": "А"}, "go": "again"}
    data["steps"]["again"] = {"say": {"en": "B", "ru": "Б"}, "go": "thanks"}
    assert check(data) == [
        "flows/daily.yaml: steps.thanks: steps thanks -> again -> thanks loop without asking "
        "anything, so the bot would send messages forever; add an `ask` to the loop or leave it "
        "with `end: true`"
    ]


def test_loop_through_an_ask_is_fine(workdir: Path) -> None:
    data = daily()
    data["steps"]["thanks"] = {"say": {"en": "A", "ru": "А"}, "go": "mood"}
    assert check(data) == []


def test_duplicate_option_values(workdir: Path) -> None:
    data = daily()
    data["steps"]["mood"]["options"][1]["value"] = 5
    assert check(data) == [
        "flows/daily.yaml: steps.mood.options[1].value: value 5 is already used by options[0]; "
        "each option needs its own value, or its own `when`"
    ]


def test_options_shown_under_different_conditions_may_share_a_value(workdir: Path) -> None:
    data = daily()
    options = data["steps"]["mood"]["options"]
    options[0]["when"] = {"child1": "0-5"}
    options[1]["when"] = {"child1": "6-12"}
    options[1]["value"] = options[0]["value"]
    assert check(data) == []
    options[1]["when"] = {"childd1": "6-12"}
    assert check(data) == [
        "flows/daily.yaml: steps.mood.options[1].when: condition uses unknown variable "
        "'childd1' (did you mean 'child1'?); variables are profile fields, trends, `save` names "
        "of this flow and results of its instruments"
    ]


def test_the_children_are_kept_only_through_their_actions(workdir: Path) -> None:
    data = daily()
    data["steps"]["mood"]["save"] = "children"
    assert check(data)[0] == (
        "flows/daily.yaml: steps.mood.save: 'children' is kept by saving 'add_child' (a band) "
        "or 'remove_child' (a child's number); save one of those"
    )


def test_condition_on_unknown_variable(workdir: Path) -> None:
    data = daily()
    data["steps"]["mood"]["route"][0]["when"] = {"moood": {"lte": 2}}
    assert check(data) == [
        "flows/daily.yaml: steps.mood.route[0].when: condition uses unknown variable 'moood' "
        "(did you mean 'mood'?); variables are profile fields, trends, `save` names of this "
        "flow and results of its instruments"
    ]


def test_conditions_may_use_profile_trends_and_instrument_results(workdir: Path) -> None:
    write_instrument()
    data = daily()
    data["steps"]["mood"]["route"][0]["when"] = {
        "any": [{"age_band": "adult"}, {"mood_avg_7d": {"lt": 2}}, {"mini.total": {"gte": 3}}]
    }
    data["steps"]["thanks"] = {"instrument": "mini", "end": True}
    data["audience"] = {"age_band": ["adult"]}
    assert check(data) == []


def test_malformed_condition(workdir: Path) -> None:
    data = daily()
    data["steps"]["mood"]["route"][0]["when"] = {"mood": {"below": 2}}
    assert check(data) == [
        "flows/daily.yaml: steps.mood.route[0].when: mood: unknown operator 'below'; use one of "
        "eq, ne, lt, lte, gt, gte, in, has"
    ]


def test_missing_translation(workdir: Path) -> None:
    data = daily()
    data["steps"]["thanks"]["say"] = "Thanks."
    del data["steps"]["request"]["say"]["ru"]
    assert check(data) == [
        "flows/daily.yaml: steps.request.say: no 'ru' text (a plain string counts as English "
        "only); add `ru: ...`",
        "flows/daily.yaml: steps.thanks.say: no 'ru' text (a plain string counts as English "
        "only); add `ru: ...`",
    ]


def test_unknown_instrument(workdir: Path) -> None:
    write_instrument()
    data = daily()
    data["steps"]["thanks"] = {"instrument": "mnii", "end": True}
    assert check(data) == [
        "flows/daily.yaml: steps.thanks.instrument: no instrument 'mnii' (did you mean 'mini'?); "
        "instruments live in flows/instruments/"
    ]


def test_newer_spec_is_refused(workdir: Path) -> None:
    data = daily()
    data["spec"] = 2
    assert check(data) == [
        "flows/daily.yaml: spec: this file is written for spec 2, but this Qadam reads spec 1 at "
        "most; upgrade Qadam, or rewrite the file for spec 1"
    ]


def test_missing_spec(workdir: Path) -> None:
    data = daily()
    del data["spec"]
    assert check(data) == [
        "flows/daily.yaml: spec: missing `spec`; add `spec: 1` at the top of the file"
    ]


def test_duplicate_flow_names_in_a_directory(workdir: Path) -> None:
    write("daily", daily())
    write("copy", daily())
    assert [str(p) for p in check_paths([Path("flows")], LOCALES)] == [
        "flows/daily.yaml: flow: flow 'daily' is already defined in flows/copy.yaml; rename one"
    ]


def test_directory_check_reports_every_file(workdir: Path) -> None:
    broken = daily()
    broken["steps"]["thanks"]["end"] = "maybe"
    write("daily", broken)
    write("broken", "just text")
    assert [str(p) for p in check_paths([Path("flows")], LOCALES)] == [
        "flows/broken.yaml: a flow file should be a mapping of keys, starting with `spec: 1`",
        "flows/daily.yaml: steps.thanks.end: should be a valid boolean, unable to interpret "
        "input; got 'maybe'",
    ]


def test_missing_path(workdir: Path) -> None:
    assert [str(p) for p in check_paths([Path("flows/nope.yaml")], LOCALES)] == [
        "flows/nope.yaml: no such file or directory"
    ]


def test_load_library_raises_with_all_problems(workdir: Path) -> None:
    data = daily()
    del data["steps"]["thanks"]["end"]
    data["steps"]["mood"]["options"][1]["value"] = 5
    write("daily", data)
    with pytest.raises(FlowSpecError) as caught:
        load_library(Path("flows"), LOCALES)
    assert len(caught.value.problems) == 2
    assert "2 problems in the flow files; fix them and run `qadam flows check`" in str(caught.value)


def test_load_library_and_load_flow(workdir: Path) -> None:
    write_instrument()
    write("daily", daily())
    library = load_library(Path("flows"), LOCALES)
    assert sorted(library.flows) == ["daily", "other"]
    assert list(library.instruments) == ["mini"]
    assert load_flow(Path("flows/daily.yaml"), LOCALES).flow == "daily"


def test_broken_instrument(workdir: Path) -> None:
    write_instrument(items=["Only English"])
    assert [str(p) for p in check_paths([Path("flows")], LOCALES)] == [
        "flows/instruments/mini.yaml: items[0]: no 'ru' text (a plain string counts as English "
        "only); add `ru: ...`"
    ]


def write_instrument(items: list[object] | None = None) -> None:
    (Path("flows") / "instruments").mkdir(exist_ok=True)
    data = {
        "spec": 1,
        "instrument": "mini",
        "title": {"en": "Mini", "ru": "Мини"},
        "items": items or [{"en": "Feeling down", "ru": "Подавленность"}],
        "scale": [
            {"value": 0, "text": {"en": "Not at all", "ru": "Ни разу"}},
            {"value": 1, "text": {"en": "Several days", "ru": "Несколько дней"}},
        ],
        "scoring": {"method": "sum", "source": "test"},
        "ages": ["adolescent", "adult"],
        "licence": "test",
        "citation": "test",
        "translations": {"en": {"validated": False}, "ru": {"validated": False}},
    }
    write("instruments/mini", data)


def test_instrument_paths_are_checked_as_instruments(workdir: Path) -> None:
    write_instrument(items=["Only English"])
    expected = [
        "flows/instruments/mini.yaml: items[0]: no 'ru' text (a plain string counts as English "
        "only); add `ru: ...`"
    ]
    assert [str(p) for p in check_paths([Path("flows/instruments")], LOCALES)] == expected
    assert [str(p) for p in check_paths([Path("flows/instruments/mini.yaml")], LOCALES)] == expected


def test_library_flow_names_the_known_flows(workdir: Path) -> None:
    library = load_library(Path("flows"), LOCALES)
    assert library.flow("other").flow == "other"
    with pytest.raises(FlowRuntimeError, match="no flow 'nope' in the library; known flows: other"):
        library.flow("nope")


def reminders(**steps: dict[str, Any]) -> dict[str, Any]:
    """A flow of these questions (each ending), starting at the first."""
    en_ru = {"en": "When?", "ru": "Когда?"}
    data = daily()
    data["steps"] = {name: {"ask": en_ru, **step, "end": True} for name, step in steps.items()}
    data["start"] = next(iter(steps))
    return data


def option(value: object, **more: object) -> dict[str, object]:
    return {"value": value, "text": {"en": str(value), "ru": str(value)}, **more}


def test_ask_needs_options_or_one_of_the_inputs(workdir: Path) -> None:
    assert check(reminders(first={})) == [
        "flows/daily.yaml: steps.first: `ask` needs `options` (buttons) or `input: text`, "
        "`input: number`, `input: time` or `input: timerange`"
    ]


def test_unknown_input_lists_the_kinds(workdir: Path) -> None:
    assert check(reminders(first={"input": "clock"})) == [
        "flows/daily.yaml: steps.first.input: should be 'text', 'number', 'time' or "
        "'timerange'; got 'clock'"
    ]


def test_time_inputs_are_valid(workdir: Path) -> None:
    data = reminders(
        first={"input": "time", "save": "checkin_time"},
        second={"input": "timerange", "save": "quiet_hours"},
        third={"input": "time", "save": "bedtime"},
    )
    data["steps"]["first"] = {**data["steps"]["first"], "go": "second", "end": False}
    data["steps"]["second"] = {**data["steps"]["second"], "go": "third", "end": False}
    assert check(data) == []


def test_reminder_fields_need_their_own_input(workdir: Path) -> None:
    data = reminders(
        first={"input": "text", "save": "checkin_time", "go": "second"},
        second={"input": "time", "save": "quiet_hours", "go": "third"},
        third={"input": "text", "save": "timezone", "go": "fourth"},
        fourth={"input": "number", "save": "checkin_days"},
    )
    for name in ("first", "second", "third"):
        del data["steps"][name]["end"]
    assert check(data) == [
        "flows/daily.yaml: steps.first.input: 'checkin_time' needs `input: time`, which saves "
        "what people type in the shape the reminders read",
        "flows/daily.yaml: steps.second.input: 'quiet_hours' needs `input: timerange`, which "
        "saves what people type in the shape the reminders read",
        "flows/daily.yaml: steps.third.input: 'timezone' can only be chosen with buttons; "
        "replace `input` with `options`",
        "flows/daily.yaml: steps.fourth.input: 'checkin_days' can only be chosen with buttons; "
        "replace `input` with `options`",
    ]


def test_reminder_option_values_have_the_shapes_the_scheduler_reads(workdir: Path) -> None:
    steps = {
        "first": {"save": "checkin_time", "options": [option("09:00"), option("off"), option("9")]},
        "second": {
            "save": "quiet_hours",
            "options": [option("22:00-08:00"), option("off"), option("22:00-22:00")],
        },
        "third": {"save": "checkin_days", "options": [option("12345"), option("531")]},
        "fourth": {"save": "timezone", "options": [option("Asia/Almaty"), option("Asia/Almati")]},
        "fifth": {"save": "checkin_time", "options": [option(540)]},
    }
    data = reminders(**steps)
    for name, nxt in zip(steps, list(steps)[1:], strict=False):
        del data["steps"][name]["end"]
        data["steps"][name]["go"] = nxt
    assert check(data) == [
        "flows/daily.yaml: steps.first.options[2].value: checkin_time should be a time like "
        '"09:00" (24-hour, two digits each) or "off"; got \'9\'',
        "flows/daily.yaml: steps.second.options[2].value: quiet_hours starts and ends at the "
        "same time; give two different times; got '22:00-22:00'",
        "flows/daily.yaml: steps.third.options[1].value: checkin_days should be weekday digits "
        "in order, 1 Monday to 7 Sunday, like \"12345\"; got '531'",
        "flows/daily.yaml: steps.fourth.options[1].value: timezone should be a time zone name "
        'like "Asia/Almaty" or "UTC"; got \'Asia/Almati\'',
        "flows/daily.yaml: steps.fifth.options[0].value: checkin_time should be a time like "
        '"09:00" (24-hour, two digits each) or "off"; put the value in quotes so that YAML '
        "keeps it as text; got 540",
    ]


def test_an_option_that_saves_nothing_leads_somewhere(workdir: Path) -> None:
    data = reminders(
        first={"save": "checkin_time", "options": [option("09:00"), option("other")]},
        typed={"input": "time", "save": "checkin_time"},
    )
    data["steps"]["first"]["options"][1].update(save=False, go="typed")
    assert check(data) == []
    del data["steps"]["first"]["options"][1]["go"]
    assert check(data) == [
        "flows/daily.yaml: steps.first.options[1]: an option with `save: false` answers "
        "nothing, so it needs `go` to the step that asks instead",
    ]


def test_an_option_that_saves_nothing_needs_a_step_that_saves(workdir: Path) -> None:
    data = reminders(first={"options": [option("a"), option("b", save=False, go="other")]})
    data["steps"]["other"] = {"say": {"en": "Hi", "ru": "Привет"}, "end": True}
    assert check(data) == [
        "flows/daily.yaml: steps.first: an option has `save: false`, but the step saves "
        "nothing; remove it",
    ]


def test_flows_check_covers_the_risk_rules_beside_the_flows(tmp_path: Path) -> None:
    flows = tmp_path / "flows"
    shutil.copytree(Path("flows"), flows)
    rules = flows / "risk" / "abuse.yaml"
    rules.write_text(rules.read_text().replace("severity: high", "severity: mild", 1))
    found = [str(p) for p in check_paths([flows], LOCALES)]
    assert len(found) == 1 and "severity" in found[0] and "mild" in found[0], found
    assert [str(p) for p in check_paths([flows / "risk"], LOCALES)] == found
    assert [str(p) for p in check_paths([rules], LOCALES)] == found
