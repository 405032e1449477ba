from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, get_args

import pytest

from bot.engine.effects import Ask, End, Reask, SaveAnswer, Say, SetProfile, StartFlow
from bot.engine.errors import FlowRuntimeError, StaleAnswer
from bot.engine.interpreter import MAX_STEPS_PER_EVENT, begin, reprompt, step
from bot.engine.model import INPUT_KINDS, Flow, Instrument
from bot.engine.parse import parse_flow, parse_instrument
from bot.engine.session import Reply, Session, Start

AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def flow(steps: dict[str, Any], start: str = "q") -> Flow:
    return parse_flow(
        {"spec": 1, "flow": "test", "title": "Test", "start": start, "steps": steps}, "test.yaml"
    )


YES_NO = flow(
    {
        "q": {
            "say": {"en": "Hello.", "ru": "Здравствуйте."},
            "ask": {"en": "Ready?", "ru": "Готовы?"},
            "options": [
                {"value": "yes", "text": {"en": "Yes", "ru": "Да"}},
                {"value": "no", "text": {"en": "No", "ru": "Нет"}, "go": {"flow": "menu"}},
            ],
            "save": "ready",
            "end": True,
        }
    }
)
NUMBER = flow({"q": {"ask": "How many?", "input": "number", "save": "n", "end": True}})
MINI: Instrument = parse_instrument(
    {
        "spec": 1,
        "instrument": "mini",
        "title": "Mini",
        "items": ["One", "Two"],
        "scale": [{"value": 0, "text": "No"}, {"value": 3, "text": "Yes"}],
        "scoring": {"method": "sum", "source": "test"},
        "ages": ["adult"],
        "licence": "test",
        "citation": "test",
        "translations": {"en": {"validated": False}},
    },
    "mini.yaml",
)


def reply(session: Session, **fields: Any) -> Reply:
    if "choice" in fields:
        fields.setdefault("seq", session.seq)
    return Reply(at=AT, **fields)


def test_begin_runs_to_the_first_question() -> None:
    session, effects = begin(YES_NO, {"locale": "ru"}, AT)
    assert effects[0] == Say(text="Здравствуйте.")
    assert isinstance(effects[1], Ask)
    assert effects[1].text == "Готовы?"
    assert [choice.text for choice in effects[1].options] == ["Да", "Нет"]
    assert (session.step, session.seq, session.status) == ("q", 1, "active")
    assert session.started_at == AT


def test_begin_continues_seq_so_old_buttons_stay_stale() -> None:
    session, _ = begin(YES_NO, {}, AT, seq=41)
    assert session.seq == 42
    with pytest.raises(StaleAnswer):
        step(YES_NO, session, Reply(at=AT, choice=0, seq=1))


def test_step_never_changes_the_input_session() -> None:
    session, _ = begin(YES_NO, {}, AT)
    before = session.model_dump()
    step(YES_NO, session, reply(session, choice=0))
    assert session.model_dump() == before


def test_choice_saves_and_ends() -> None:
    session, _ = begin(YES_NO, {}, AT)
    session, effects = step(YES_NO, session, reply(session, choice=0))
    assert effects == [
        SaveAnswer(flow="test", step="q", var="ready", value="yes"),
        End(),
    ]
    # The answer lives on in its SaveAnswer row; the ended session keeps nothing.
    assert (session.status, session.step, session.vars) == ("ended", None, {})


def test_option_go_to_another_flow_hands_over() -> None:
    session, _ = begin(YES_NO, {}, AT)
    session, effects = step(YES_NO, session, reply(session, choice=1))
    assert effects[-1] == StartFlow(flow="menu")
    assert session.status == "ended"


@pytest.mark.parametrize(
    ("session_seq", "event_seq"), [(1, 0), (1, None)], ids=["older", "missing"]
)
def test_stale_buttons(session_seq: int, event_seq: int | None) -> None:
    session, _ = begin(YES_NO, {}, AT)
    assert session.seq == session_seq
    with pytest.raises(StaleAnswer, match="current question is 1"):
        step(YES_NO, session, Reply(at=AT, choice=0, seq=event_seq))


def test_button_index_out_of_range_is_stale() -> None:
    session, _ = begin(YES_NO, {}, AT)
    with pytest.raises(StaleAnswer, match="no button 7"):
        step(YES_NO, session, reply(session, choice=7))


def test_reply_after_the_end_is_stale() -> None:
    session, _ = begin(YES_NO, {}, AT)
    session, _ = step(YES_NO, session, reply(session, choice=0))
    with pytest.raises(StaleAnswer, match="has ended"):
        step(YES_NO, session, reply(session, text="hello"))


def test_text_where_buttons_are_expected_asks_again_with_the_same_seq() -> None:
    session, _ = begin(YES_NO, {}, AT)
    after, effects = step(YES_NO, session, reply(session, text="maybe"))
    [ask] = effects
    assert isinstance(ask, Ask)
    assert (ask.reask, ask.seq, after.seq) == ("choose", 1, 1)


def test_text_matching_a_button_counts_as_the_button() -> None:
    session, _ = begin(YES_NO, {"locale": "ru"}, AT)
    _, effects = step(YES_NO, session, reply(session, text="  да "))
    assert effects[0] == SaveAnswer(flow="test", step="q", var="ready", value="yes")


@pytest.mark.parametrize(
    ("text", "value"), [("7", 7), (" 12 ", 12), ("7,5", 7.5), ("0.25", 0.25), ("-3", -3)]
)
def test_numbers(text: str, value: float) -> None:
    session, _ = begin(NUMBER, {}, AT)
    _, effects = step(NUMBER, session, reply(session, text=text))
    assert effects[0] == SaveAnswer(flow="test", step="q", var="n", value=value)
    assert type(effects[0].value) is type(value)


@pytest.mark.parametrize("text", ["seven", "nan", "inf", ""])
def test_not_a_number_asks_again(text: str) -> None:
    session, _ = begin(NUMBER, {}, AT)
    _, effects = step(NUMBER, session, reply(session, text=text))
    [ask] = effects
    assert isinstance(ask, Ask)
    assert ask.reask == "number"


def test_button_on_a_typed_question_is_an_error() -> None:
    session, _ = begin(NUMBER, {}, AT)
    with pytest.raises(StaleAnswer, match="no button 0"):
        step(NUMBER, session, reply(session, choice=0))


def test_reply_needs_text_or_choice() -> None:
    session, _ = begin(NUMBER, {}, AT)
    with pytest.raises(FlowRuntimeError, match="needs `text` or `choice`"):
        step(NUMBER, session, Reply(at=AT))


def test_reprompt_repeats_the_current_question() -> None:
    session, effects = begin(YES_NO, {}, AT)
    assert reprompt(YES_NO, session) == [effects[1]]
    ended, _ = step(YES_NO, session, reply(session, choice=0))
    assert reprompt(YES_NO, ended) == []


def test_reprompt_inside_an_instrument_repeats_the_item() -> None:
    survey = flow({"q": {"instrument": "mini", "end": True}})
    instruments = {"mini": MINI}
    session, _ = begin(survey, {}, AT, instruments=instruments)
    session, _ = step(survey, session, reply(session, choice=1), instruments=instruments)
    [ask] = reprompt(survey, session, instruments=instruments)
    assert isinstance(ask, Ask)
    assert (ask.text, ask.seq) == ("Two", 2)
    assert session.instrument is not None
    assert session.instrument.answers == [3]


def test_missing_instrument_says_how_to_fix() -> None:
    survey = flow({"q": {"instrument": "mini", "end": True}})
    with pytest.raises(FlowRuntimeError, match=r"instruments=library\.instruments"):
        begin(survey, {}, AT)


def test_locale_falls_back_to_english_then_any() -> None:
    texts = flow(
        {"q": {"say": {"ru": "Только по-русски"}, "go": "r"}, "r": {"say": "Plain", "end": True}}
    )
    _, effects = begin(texts, {"locale": "kk"}, AT)
    assert effects[:2] == [Say(text="Только по-русски"), Say(text="Plain")]


def test_variants_pick_the_first_match() -> None:
    varied = flow(
        {
            "q": {
                "say": "Default",
                "variants": [
                    {"when": {"age_band": "adolescent"}, "say": "Teen"},
                    {"when": {"role": "caregiver"}, "say": "Carer"},
                ],
                "end": True,
            }
        }
    )
    assert begin(varied, {"age_band": "adolescent", "role": "caregiver"}, AT)[1][0] == Say(
        text="Teen"
    )
    assert begin(varied, {"role": "caregiver"}, AT)[1][0] == Say(text="Carer")
    assert begin(varied, {}, AT)[1][0] == Say(text="Default")


def test_wait_delays_everything_after_it() -> None:
    paced = flow(
        {
            "a": {"say": "One", "wait": 4, "go": "b"},
            "b": {"say": "Two", "wait": 6, "go": "c"},
            "c": {"ask": "Done?", "options": [{"value": 1, "text": "Yes"}], "end": True},
        },
        start="a",
    )
    _, effects = begin(paced, {}, AT)
    assert [effect.delay for effect in effects if isinstance(effect, Say | Ask)] == [0, 4, 10]


def test_start_at_a_named_step_and_restart_keeps_seq() -> None:
    session, _ = begin(YES_NO, {}, AT)
    session = session.model_copy(update={"vars": {"old": 1}})
    restarted, effects = step(YES_NO, session, Start(at=AT, step="q"))
    assert (restarted.seq, restarted.vars) == (2, {})
    assert isinstance(effects[-1], Ask)


def test_start_at_an_unknown_step() -> None:
    with pytest.raises(FlowRuntimeError, match="has no step 'nope'"):
        step(YES_NO, Session(flow="test"), Start(at=AT, step="nope"))


def test_session_of_another_flow_is_refused() -> None:
    with pytest.raises(FlowRuntimeError, match="belongs to flow 'other'"):
        step(YES_NO, Session(flow="other"), Start(at=AT))


def test_unmatched_route_is_a_runtime_error() -> None:
    unchecked = flow({"q": {"say": "Hi", "route": [{"when": {"role": "self"}, "go": "q"}]}})
    with pytest.raises(FlowRuntimeError, match="no route of step 'q'"):
        begin(unchecked, {}, AT)


def test_runaway_loop_is_stopped() -> None:
    # The linter refuses this flow; the guard protects against anything it cannot see.
    looping = flow({"q": {"say": "Again", "go": "q"}})
    with pytest.raises(FlowRuntimeError, match=f"ran {MAX_STEPS_PER_EVENT} steps"):
        begin(looping, {}, AT)


def test_go_to_the_same_flow_stays_in_the_session() -> None:
    same = flow(
        {"q": {"say": "Hi", "go": {"flow": "test", "step": "r"}}, "r": {"say": "Bye", "end": True}}
    )
    _, effects = begin(same, {}, AT)
    assert effects == [Say(text="Hi"), Say(text="Bye"), End()]


TAGS = flow(
    {
        "q": {
            "ask": "What is weighing on you?",
            "options": [
                {"value": "sleep", "text": "Sleep"},
                {"value": "money", "text": "Money"},
                {"value": "done", "text": "That's all", "go": "end"},
            ],
            "save": "tags",
            "collect": True,
            "route": [{"when": {"tags": {"has": "sleep"}}, "go": "q"}, {"go": "q"}],
        },
        "end": {"say": "Thanks.", "end": True},
    }
)


def test_collect_gathers_every_pick_once_and_has_tests_membership() -> None:
    session, _ = begin(TAGS, {}, AT)
    for index in (0, 1, 0):
        session, _ = step(TAGS, session, reply(session, choice=index))
    assert session.vars["tags"] == ["sleep", "money"]
    session, effects = step(TAGS, session, reply(session, choice=2))
    assert SaveAnswer(flow="test", step="q", var="tags", value="done") in effects
    assert effects[-1] == End() and session.vars == {}


LANGUAGE = flow(
    {
        "q": {
            "ask": "Language?",
            "options": [
                {"value": "en", "text": "English"},
                {"value": "ru", "text": "Русский"},
                {"value": "kk", "text": "Қазақша"},
            ],
            "save": "locale",
            "end": True,
        }
    }
)


@pytest.mark.parametrize(
    ("suggested", "order"),
    [("kk", ["kk", "en", "ru"]), ("ru", ["ru", "en", "kk"]), (None, ["en", "ru", "kk"])],
)
def test_the_telegram_language_is_offered_first(suggested: str | None, order: list[str]) -> None:
    facts = {"locale": suggested} if suggested else {}
    session, effects = begin(LANGUAGE, facts, AT)
    ask = effects[-1]
    assert isinstance(ask, Ask) and [c.value for c in ask.options] == order
    # The button keeps its place in the flow, whatever the order shown.
    kazakh = next(c for c in ask.options if c.value == "kk")
    session, _ = step(LANGUAGE, session, reply(session, choice=kazakh.index))
    assert session.facts["locale"] == "kk"


TIMES = flow(
    {
        "when": {
            "ask": "When?",
            "options": [
                {"value": "09:00", "text": "Morning"},
                {"value": "other", "text": "Another time", "go": "typed", "save": False},
            ],
            "save": "checkin_time",
            "end": True,
        },
        "typed": {"ask": "Type it.", "input": "time", "save": "checkin_time", "go": "quiet"},
        "quiet": {"ask": "Quiet?", "input": "timerange", "save": "quiet_hours", "go": "note"},
        "note": {"ask": "Bedtime?", "input": "time", "save": "bedtime", "end": True},
    },
    start="when",
)


def test_an_option_with_save_false_saves_nothing_and_leads_on() -> None:
    session, _ = begin(TIMES, {}, AT)
    session, effects = step(TIMES, session, reply(session, choice=1))
    [ask] = effects
    assert isinstance(ask, Ask)
    assert (ask.text, ask.input, session.step) == ("Type it.", "time", "typed")
    assert "checkin_time" not in session.facts


def test_typed_times_are_saved_as_hh_mm_and_spans_as_two() -> None:
    session, _ = begin(TIMES, {}, AT)
    session, _ = step(TIMES, session, reply(session, choice=1))
    session, effects = step(TIMES, session, reply(session, text=" 9.30 pm "))
    assert effects[0] == SetProfile(field="checkin_time", value="21:30")
    assert isinstance(effects[1], Ask) and effects[1].input == "timerange"
    session, effects = step(TIMES, session, reply(session, text="с 22 до 8"))
    assert effects[0] == SetProfile(field="quiet_hours", value="22:00-08:00")
    session, effects = step(TIMES, session, reply(session, text="２３：１５"))
    # A time that is not a profile field is an answer, not typed text to keep or screen.
    assert effects[0] == SaveAnswer(flow="test", step="note", var="bedtime", value="23:15")
    assert session.facts == {"checkin_time": "21:30", "quiet_hours": "22:00-08:00"}


@pytest.mark.parametrize(
    ("at", "text", "reask"),
    [
        ("typed", "soon", "time"),
        ("typed", "25:00", "time"),
        ("quiet", "22:00", "timerange"),
        ("quiet", "22:00-22:00", "timerange"),
    ],
)
def test_a_time_that_does_not_fit_asks_again(at: str, text: str, reask: str) -> None:
    session, _ = begin(TIMES, {}, AT)
    session, _ = step(TIMES, session, Start(at=AT, step=at))
    after, effects = step(TIMES, session, reply(session, text=text))
    [ask] = effects
    assert isinstance(ask, Ask)
    assert (ask.reask, ask.seq, after.step) == (reask, session.seq, at)
    assert after.facts == {}


def test_ask_and_effect_know_the_same_input_kinds() -> None:
    for kind in INPUT_KINDS:
        assert Ask(text="", seq=0, input=kind).input == kind
    assert set(get_args(Reask)) == {"choose", *INPUT_KINDS} - {"text"}


@pytest.mark.parametrize("store", [False, True])
def test_collected_typed_text_stays_out_of_the_session_unless_stored(store: bool) -> None:
    notes = flow(
        {
            "q": {
                "ask": "Anything else?",
                "input": "text",
                "save": "notes",
                "collect": True,
                "store": store,
                "go": "more",
            },
            # A question after it keeps the session going, with what it holds.
            "more": {"ask": "More?", "options": [{"value": "no", "text": "No"}], "end": True},
        }
    )
    session, _ = begin(notes, {}, AT)
    after, effects = step(notes, session, reply(session, text="my brother hits me"))
    saved = [e for e in effects if isinstance(e, SaveAnswer)]
    assert [e.value for e in saved] == ["my brother hits me"]
    assert ("notes" in after.vars) is store
    assert ("my brother hits me" in after.model_dump_json()) is store
