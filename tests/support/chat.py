"""Driving the emulator where the plain driver cannot: old buttons, waiting for replies.

With the bot in-process (the emulator's world has an idle probe) these wait until the bot
is provably idle; with the bot in another process they watch the chat for quiet spells.
"""

from __future__ import annotations

import asyncio

from bot.sandbox.driver import SimUser
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.models import RecordedMessage


async def tap_on(
    emulator: BotApiEmulator, user: SimUser, message: RecordedMessage, button_text: str
) -> list[RecordedMessage]:
    """Tap a button on a particular (possibly old) message and wait for the bot's replies."""
    [data] = [b["callback_data"] for b in message.buttons() if b["text"] == button_text]
    before = len(user.messages())
    emulator.world.person_taps(user.person, user.id, message.message_id, data)
    return await wait_for_bot(user, before)


async def forge(emulator: BotApiEmulator, user: SimUser, data: str) -> list[RecordedMessage]:
    """Press a button with callback data the user was never shown, as a modified client
    could: the update names a real message of theirs, but not a button on it. Returns the
    bot's answer."""
    message = user.last_message()
    assert message is not None
    before = len(user.messages())
    emulator.world.updates.push(
        "callback_query",
        {
            "id": f"forged-{user.id}-{data}",
            "from": user.person.to_api(),
            "message": message.to_api(),
            "chat_instance": str(user.id),
            "data": data,
        },
    )
    return await wait_for_bot(user, before)


async def wait_for_bot(user: SimUser, before: int, timeout: float = 15.0) -> list[RecordedMessage]:
    """Bot messages that appeared after the first `before` messages of the chat."""
    probe = user.world.idle_probe
    if probe is not None:
        await probe.settle(timeout)
        new = _bot_messages_after(user, before)
        if new:
            return new
        raise AssertionError(f"the bot is idle and did not answer; chat so far: {_texts(user)}")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    seen = -1
    while loop.time() < deadline:
        new = _bot_messages_after(user, before)
        if new and len(new) == seen:
            return new
        seen = len(new)
        await asyncio.sleep(0.4)
    raise TimeoutError(f"the bot did not answer; chat so far: {_texts(user)}")


async def wait_for_button(user: SimUser, text: str, timeout: float = 30.0) -> None:
    """Wait for a button that comes after a timed pause (a `wait` step in the flow)."""
    probe = user.world.idle_probe
    if probe is not None:
        # Idle means every pause has been run through on the bot's clock.
        await probe.settle(timeout)
        assert text in user.buttons(), f"no button {text!r}; have {user.buttons()}"
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while text not in user.buttons():
        if loop.time() > deadline:
            raise TimeoutError(f"no button {text!r} after {timeout}s; have {user.buttons()}")
        await asyncio.sleep(0.2)


def _bot_messages_after(user: SimUser, before: int) -> list[RecordedMessage]:
    return [m for m in user.messages()[before:] if m.sender == "bot"]


def _texts(user: SimUser) -> list[str]:
    return [m.text for m in user.messages()]
