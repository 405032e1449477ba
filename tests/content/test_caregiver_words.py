"""What a caregiver reads, in every language, where it matters most: a caregiver who says
their child wets the bed or acts younger again reads, right there, never to punish or shame
the child for it; and the words for a missing parent cover a missing mother as well as a
missing father, for the grandmothers and aunts who raise many of these children."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.engine.effects import Say
from bot.engine.interpreter import step
from bot.engine.loader import load_library
from bot.engine.session import Reply, Session, Start
from bot.spec.locales import ALL_LOCALES
from tests.engine.transcript import CLOCK

FLOWS = load_library(Path(__file__).resolve().parents[2] / "flows", ALL_LOCALES)

# "Never punish or shame (the child) for it", as each language says it in the flows.
NEVER_PUNISH = {
    "en": "never punish or shame",
    "ru": "не наказывайте и не стыдите",
    "kk": "ешқашан жазаламаңыз және ұялтпаңыз",
    "ky": "эч качан жазалабаңыз жана уялтпаңыз",
    "uz": "hech qachon jazolamang va uyaltirmang",
    "tg": "ҷазо надиҳед ва шарманда накунед",
}
# A caregiver's words for a mother who is not with the family, quoted in child-talk.
MUM_NOT_WITH_US = {
    "en": "i don't know where she is",
    "ru": "мамы сейчас нет с нами",
    "kk": "анаң қазір бізбен бірге емес",
    "ky": "апаң азыр биз менен эмес",
    "uz": "onang hozir biz bilan emas",
    "tg": "модарат ҳоло бо мо нест",
}


def said(flow_name: str, facts: dict[str, Any], answers: tuple[str, ...] = ()) -> str:
    """Everything the flow says from its start, answering each question with the option
    of the given value, in order."""
    flow = FLOWS.flow(flow_name)
    session, effects = step(flow, Session(flow=flow_name, facts=facts), Start(at=CLOCK))
    texts = [e.text for e in effects if isinstance(e, Say)]
    for value in answers:
        assert session.step is not None
        options = flow.steps[session.step].options or ()
        [choice] = [i for i, option in enumerate(options) if option.value == value]
        session, effects = step(flow, session, Reply(at=CLOCK, choice=choice, seq=session.seq))
        texts += [e.text for e in effects if isinstance(e, Say)]
    return " ".join(texts).casefold()


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_a_caregiver_who_names_bedwetting_reads_never_to_punish_or_shame(locale: str) -> None:
    facts = {"locale": locale, "role": "caregiver", "child_age_band": "0-5"}
    assert NEVER_PUNISH[locale] in said("child-reactions", facts, ("bedwetting",))
    # Only there: the nightmares page does not carry it.
    assert NEVER_PUNISH[locale] not in said("child-reactions", facts, ("nightmares",))


@pytest.mark.parametrize("child_age_band", ["0-5", None])
@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_the_signs_of_stress_that_name_going_back_say_never_to_punish(
    locale: str, child_age_band: str | None
) -> None:
    """The page on how children show stress names bedwetting for small children, and for a
    caregiver who has not said the child's age."""
    facts = {"locale": locale, "role": "caregiver"}
    if child_age_band:
        facts["child_age_band"] = child_age_band
    assert NEVER_PUNISH[locale] in said("child-stress", facts)


@pytest.mark.parametrize("child_age_band", ["0-5", None])
@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_the_words_for_a_missing_parent_include_a_missing_mother(
    locale: str, child_age_band: str | None
) -> None:
    facts = {"locale": locale, "role": "caregiver"}
    if child_age_band:
        facts["child_age_band"] = child_age_band
    assert MUM_NOT_WITH_US[locale] in said("child-talk", facts)
