"""The simulator as a use case: transcripts through flows for different people and
languages, tapping through, and what the bot would do told in the reader's words."""

from __future__ import annotations

from bot.app.console import simulator
from bot.app.console.simulator import Profile, Run
from bot.domain.services import Services
from bot.engine.loader import scan_flow_text
from bot.engine.model import Flow
from tests.app.console.test_content_editor import reader

TEEN_KK = Profile(age_band="adolescent", gender="female", role="self", locale="kk", country="KZ")
ADULT_RU = Profile(age_band="adult", gender="female", role="self", locale="ru", country="KZ")


def _run(
    services: Services, flow: str | Flow, profile: Profile, *taps: str, as_: str = "en"
) -> Run:
    found = services.library.flows[flow] if isinstance(flow, str) else flow
    return simulator.simulate(reader(services, "editor", as_), found, profile, taps)


def _said(run: Run, who: str = "bot") -> list[str]:
    return [line.text for line in run.lines if line.who == who]


def _draft(services: Services, text: str) -> Flow:
    flow, _ = scan_flow_text(text, "draft", services.library, services.catalogs.locales)
    assert flow is not None
    return flow


def test_a_teenager_in_kazakh_and_an_adult_in_russian_read_their_own_texts(
    services: Services,
) -> None:
    teen = _run(services, "breathing", TEEN_KK)
    assert _said(teen)[0].startswith("Келіңіз, бір минутта бірге тынышталайық.")
    adult = _run(services, "breathing", ADULT_RU)
    assert _said(adult)[0].startswith("Давайте вместе замедлимся на минуту.")
    assert teen.buttons and not teen.ended and teen.taps == ()


def test_tapping_through_asking_for_a_counsellor_tells_what_would_happen(
    services: Services,
) -> None:
    started = _run(services, "counsellor", ADULT_RU)
    assert started.lines[0].text == "Would open a medium case: asked-for-counsellor"
    assert _said(started)[0].startswith("Спасибо, что обратились.")
    assert [b.text for b in started.buttons] == ["Упражнение для успокоения", "Я просто подожду"]

    calm = _run(services, "counsellor", ADULT_RU, started.buttons[0].tap)
    assert _said(calm, "person") == ["Упражнение для успокоения"]
    effects = _said(calm, "effect")
    assert "Would save while_waiting = breathing" in effects
    assert "Goes on to the flow “Slow breathing”" in effects
    # Breathing's own first message follows, for the same person.
    assert _said(calm)[-1] != _said(started)[-1]
    assert any(text.startswith("Давайте вместе замедлимся") for text in _said(calm))
    assert calm.taps == ("c:0",)


def test_effects_are_in_the_readers_language_and_messages_in_the_persons(
    services: Services,
) -> None:
    run = _run(services, "counsellor", TEEN_KK, as_="ru")
    assert run.lines[0].text == (
        "Открыл бы обращение, срочность: средняя; причина: asked-for-counsellor"
    )
    assert _said(run)[0].startswith("Хабарласқаныңызға рақмет.")


def test_a_draft_is_run_as_typed_with_its_schedule_in_words(services: Services) -> None:
    draft = _draft(
        services,
        """spec: 1
flow: breathing
title: A try
start: note
steps:
  note:
    ask: "What would help?"
    input: text
    save: idea
    store: true
    go: plan
  plan:
    schedule: {flow: checkin-wellbeing, after: 604800}
    say: {en: "See you next week.", kk: "Келесі аптада кездескенше."}
    end: true
""",
    )
    asked = _run(services, draft, TEEN_KK)
    assert asked.typed and not asked.buttons and _said(asked) == ["What would help?"]
    done = _run(services, draft, TEEN_KK, "t:a walk", "c:0")
    assert _said(done, "person") == ["a walk"]
    assert _said(done, "effect") == [
        "Would keep the typed text as idea",
        "Would start “Wellbeing check-in” for this person in 1 week",
        "The conversation ends here.",
    ]
    assert _said(done)[-1] == "Келесі аптада кездескенше."
    # A tap after the end is dropped, not replayed.
    assert done.ended and done.taps == ("t:a walk",) and not done.buttons


def test_a_draft_the_engine_cannot_run_says_why(services: Services) -> None:
    draft = _draft(
        services,
        """spec: 1
flow: breathing
title: A try
start: first
steps:
  first:
    say: "Hello"
    go: nowhere
""",
    )
    run = _run(services, draft, ADULT_RU)
    # The engine refuses the whole event, so not even its first message is shown.
    assert run.lines == () and not run.buttons
    assert run.problem is not None
    assert run.problem.startswith("The simulator cannot run this text: ")
    assert "no step 'nowhere'" in run.problem


def test_a_profile_keeps_only_known_values(services: Services) -> None:
    tr = reader(services, "editor", "ky")
    typed = {"age_band": "adolescent", "gender": "robot", "locale": "xx", "country": "KZ"}
    assert simulator.profile_from(tr, typed) == Profile(
        age_band="adolescent", locale="ky", country="KZ"
    )


def test_a_grandparent_of_several_children_is_asked_which_child(services: Services) -> None:
    tr = reader(services, "editor", "en")
    typed = {"role": "caregiver", "relationship": "grandparent", "children": "6-12,0-5"}
    grandparent = simulator.profile_from(tr, typed)
    assert grandparent.children == "6-12,0-5" and grandparent.relationship == "grandparent"
    run = _run(services, "checkin-child", grandparent)
    assert [button.text for button in run.buttons] == [
        "Child 1 · 6–12 years",
        "Child 2 · 0–5 years",
    ]
