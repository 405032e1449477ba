"""A programme's own line on every card, end to end: switched on in
`flows/services/programme.yaml`, it comes first for the countries it serves and nowhere
else; a line reached in Telegram reads as one to write to, not to call."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.i18n import texts
from bot.runtime import Content, load_content
from bot.sandbox.emulator import BotApiEmulator
from tests.support.harness import InProcessBot, bot_settings
from tests.support.onboarding import onboard_in

ROOT = Path(__file__).resolve().parents[2]
HANDLE = "@our_counsellors_kz"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Content:
    """The shipped content, with the programme's example line switched on for Kazakhstan
    and reached in Telegram, as a deployment would edit it."""
    place = tmp_path_factory.mktemp("programme")
    flows = place / "flows"
    shutil.copytree(ROOT / "flows", flows)
    path = flows / "services" / "programme.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    [line] = data["lines"]
    line.update(id="kz-our-counsellors", enabled=True, countries=["KZ"], telegram=HANDLE)
    del line["number"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    settings = bot_settings("", "", place / "data").model_copy(update={"flows_dir": flows})
    return load_content(settings)


@pytest.mark.parametrize(("locale", "country"), [("ru", "KZ"), ("kk", "KZ"), ("en", "UZ")])
async def test_the_programme_line_comes_first_where_it_serves(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, locale: str, country: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5559001, "Test", language_code=locale)
    await onboard_in(user, locale, country=country)
    [card, *_] = await user.send("/help")
    gettext = bot.assembly.services.catalogs.gettext
    if country != "KZ":
        assert HANDLE not in card.text
        assert gettext(locale, texts.CRISIS_CONTACTS) in card.text
        return
    first = card.text.index("💬")
    assert card.text[first:].startswith(f"💬 {HANDLE} — ")
    assert first < card.text.index("📞 112")
    assert gettext(locale, texts.CRISIS_CONTACTS_WRITE) in card.text
