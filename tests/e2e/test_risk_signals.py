"""Every word a person writes is screened and answered, end to end over the emulator, in
every language: everyday phrasings bring the card made for what they say, captions and
edited messages are read, medium signals and words the bot cannot place get a warm answer,
the card speaks the Telegram language before consent, warning signs written into a safety
plan are kept, and every promise about time is honest."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.i18n import texts
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.models import RecordedMessage
from bot.spec.locales import ALL_LOCALES
from tests.support.chat import wait_for_button
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.staff import linked
from tests.support.tables import reasons_of, table_rows

CORPUS = Path(__file__).resolve().parents[1] / "risk" / "corpus"
INTROS = {
    "suicide": texts.CRISIS_INTRO,
    "self_harm": texts.CRISIS_INTRO,
    "abuse": texts.CRISIS_INTRO_ABUSE,
    "harm_others": texts.CRISIS_INTRO_HARM_OTHERS,
}


def say(bot: InProcessBot, locale: str, message: str) -> str:
    """A sentence of the bot's own, as a person reading `locale` sees it."""
    return bot.assembly.services.catalogs.gettext(locale, message)


def lead(sentence: str) -> str:
    """The part of a sentence before its first placeholder."""
    return sentence.split("%(")[0]


def phrases(locale: str, category: str) -> list[str]:
    """From the labelled corpus: the first phrase of each group of `category` that must
    bring the card, or (category none) of each look-alike group that must not."""
    groups = yaml.safe_load((CORPUS / f"{locale}.yaml").read_text("utf-8"))["groups"]
    return [
        group["phrases"][0]
        for group in groups
        if group["category"] == category
        and (category == "none" or group["at_least"] in ("high", "critical"))
    ]


def card_in(messages: list[RecordedMessage], opening: str) -> RecordedMessage | None:
    return next((m for m in messages if m.text.startswith(opening)), None)


@pytest.mark.parametrize("locale", ALL_LOCALES)
async def test_everyday_phrasings_bring_the_card_made_for_what_they_say(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str, locale: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5557000 + ALL_LOCALES.index(locale), "Test", language_code=locale)
    await onboard_in(user, locale)
    for words in phrases(locale, "none")[:3]:
        answer = await user.send(words)
        assert not any("112" in m.text for m in answer), f"{words!r} is a look-alike"
    assert await table_rows(database_url, "escalations") == []
    for category, opening in INTROS.items():
        for words in phrases(locale, category)[:3]:
            answer = await user.send(words)
            card = card_in(answer, say(bot, locale, opening))
            assert card is not None, f"{words!r} ({category}) got {[m.text for m in answer]}"
            assert "112" in card.text
            if category == "abuse":
                assert say(bot, locale, texts.CRISIS_PHONE_SAFETY) in card.text
    [case] = await table_rows(database_url, "escalations")  # one case, every signal joined
    assert case["severity"] in ("high", "critical")


async def test_a_photo_caption_and_an_edited_message_are_screened(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5557101, "Test", language_code="ru")
    await onboard_in(user, "ru")
    answer = await user.attach("photo", "я больше не хочу жить")
    assert card_in(answer, say(bot, "ru", texts.CRISIS_INTRO)) is not None
    [case] = await table_rows(database_url, "escalations")
    assert case["severity"] == "high"

    other = emu.add_user(5557102, "Test", language_code="en")
    await onboard_in(other, "en")
    said = emu.world.person_says(other.person, "I am fine, just tired")
    await other.send("/menu")
    answer = await other.edit(said, "my husband beats me and says he will kill me")
    assert card_in(answer, texts.CRISIS_INTRO_ABUSE) is not None
    assert len(await table_rows(database_url, "escalations")) == 2

    quiet = await other.attach("document")  # no words under it: nothing to screen
    assert quiet and quiet[0].text == texts.NOT_TEXT


@pytest.mark.parametrize("locale", ["ru", "en", "kk"])
async def test_distress_without_a_rule_and_medium_signals_get_a_warm_answer_not_a_reproach(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str, locale: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5557200 + ALL_LOCALES.index(locale), "Test", language_code=locale)
    await onboard_in(user, locale)
    menu = user.last_message()
    assert menu is not None
    reproach = lead(say(bot, locale, texts.REASK_CHOOSE))
    talk = say(bot, locale, texts.CRISIS_TALK)

    # At the menu's question, and with no flow waiting at all (after /stop's answer).
    for words in ["😭😭😭😭😭", "мне очень плохо, помогите пожалуйста"]:
        note, again = await user.send(words)
        assert note.text == say(bot, locale, texts.UNPLACED)
        assert [b["text"] for b in note.buttons()] == [talk]
        assert again.text == menu.text  # the question again, with no reproach
    assert not any(m.text.startswith(reproach) for m in user.messages())

    hopeless = {"ru": "нет никакой надежды", "en": "I feel hopeless", "kk": "ешқандай үміт жоқ"}
    answer = await user.send(hopeless[locale])
    assert answer[0].text.startswith(say(bot, locale, texts.SIGNAL_THANKS))
    assert say(bot, locale, texts.SIGNAL_PASSED_ON) in answer[0].text
    assert say(bot, locale, texts.REPLY_OFF_DUTY) in answer[0].text  # nobody is on duty
    assert [b["text"] for b in answer[0].buttons()] == [talk]
    [case] = await table_rows(database_url, "escalations")
    assert case["severity"] in ("medium", "low")

    # The button on the warm answer brings a counsellor.
    await user.tap(talk)
    [case] = await table_rows(database_url, "escalations")
    assert "asked-for-counsellor" in reasons_of(case)


async def test_before_consent_a_typed_word_at_a_question_is_pointed_to_help(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5557301, "Test", language_code="ru")
    await user.send("/start")
    await user.tap("Русский")
    [again] = await user.send("что это?")
    assert again.text.startswith(say(bot, "ru", texts.REASK_CHOOSE))


@pytest.mark.parametrize(("locale", "words"), [("kk", "өлгім келеді"), ("ru", "хочу умереть")])
async def test_before_consent_the_card_speaks_the_telegram_language(
    emulator: tuple[BotApiEmulator, str],
    bot: InProcessBot,
    database_url: str,
    locale: str,
    words: str,
) -> None:
    emu, _ = emulator
    user = emu.add_user(5557400 + ALL_LOCALES.index(locale), "Test", language_code=locale)
    await user.send("/start")
    answer = await user.send(words)
    card = card_in(answer, say(bot, locale, texts.CRISIS_INTRO))
    assert card is not None and "112" in card.text
    # Nothing is kept before consent, so no counsellor is promised either.
    assert say(bot, locale, texts.CRISIS_TOLD) not in card.text
    assert await table_rows(database_url, "escalations") == []


async def test_warning_signs_written_into_the_safety_plan_are_kept_and_passed_on_quietly(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5557501, "Test")
    await onboard_in(user, "en")
    await user.send("/myplan")
    await user.tap("Make my plan")
    await user.tap("Let's start")
    answer = await user.send("thoughts that I don't want to live anymore")
    assert not any("112" in m.text for m in answer), "the plan goes on, no card"
    for words in ["Slow breathing", "Walking by the river"]:
        await user.send(words)
    await user.tap("Let's go on")
    for words in ["My sister", "The counsellor here", "Keep the evenings busy"]:
        await user.send(words)
    await wait_for_button(user, "Yes")
    await user.tap("Yes")
    [plan] = await user.send("/myplan")
    assert "Warning signs:\nthoughts that I don't want to live anymore" in plan.text
    [case] = await table_rows(database_url, "escalations")
    assert case["severity"] == "low"

    # Intent, even here, still brings the card.
    await user.tap("Change my plan")
    await user.tap("Let's start")
    answer = await user.send("I will kill myself tonight")
    assert card_in(answer, texts.CRISIS_INTRO) is not None


async def test_every_promise_of_a_counsellor_says_honestly_when(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5557601, "Test")
    await onboard_in(user, "en")
    # Nobody on duty: the card says so, and promises no time.
    answer = await user.send("I want to die")
    card = card_in(answer, texts.CRISIS_INTRO)
    assert card is not None and texts.REPLY_OFF_DUTY in card.text
    assert lead(texts.REPLY_ON_DUTY) not in card.text

    await linked(emu, bot, 5557602, "Aigul", languages=("en", "ru"), on_duty=True)
    answer = await user.send("/help")
    await user.tap("Talk to a counsellor now")
    last = user.messages()[-4:]
    assert any(lead(texts.REPLY_ON_DUTY) in m.text for m in last)
    assert not any("usually" in m.text for m in user.messages())


async def test_phq9_item_9_opens_a_critical_case_and_says_when_someone_will_write(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5557701, "Test")
    await onboard_in(user, "en")
    await user.tap("Questions about how I've been")
    await user.tap("My mood")
    for answer in ["Nearly every day"] * 4 + ["Several days"] * 6:
        await user.tap(answer)
    replies = await user.tap("Several days")  # item 9: thoughts of being better off dead
    [case] = await table_rows(database_url, "escalations")
    assert case["severity"] == "critical" and "phq9-item9" in reasons_of(case)
    assert any(texts.REPLY_OFF_DUTY in m.text for m in replies)
