"""`SimUser`: a simulated person that end-to-end tests drive like a real one.

`send` and `tap` act, then wait until the bot has answered, and return the bot's new
messages. When the world has an `IdleProbe` (a bot running in the test's own event loop),
they return as soon as the probe proves the bot idle. Otherwise (a bot in another
process) they wait for a message, an edit or a deletion in the chat, then `QUIET` seconds
without another bot action; a callback answer alone does not count, since it comes at once
and the messages follow from the bot's queue.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Literal

from bot.sandbox.idle import IdleProbe
from bot.sandbox.models import Chat, Person, RecordedMessage
from bot.sandbox.world import World

QUIET = 0.3
DEFAULT_TIMEOUT = 10.0


class NoAnswerError(Exception):
    """The bot is idle and has not answered: with a probe this is known, not timed out."""


class SimUser:
    def __init__(self, world: World, person: Person) -> None:
        self._world = world
        self.person = person

    @property
    def id(self) -> int:
        return self.person.id

    @property
    def world(self) -> World:
        return self._world

    @property
    def chat(self) -> Chat:
        return self._world.chat(self.person.id)

    async def send(
        self, text: str, *, chat_id: int | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> list[RecordedMessage]:
        chat = self._world.chat(self.person.id if chat_id is None else chat_id)
        mark = _Mark(chat)
        self._world.person_says(self.person, text, chat.id)
        return await self._wait_for_answer(chat, mark, f"sending {text!r}", timeout)

    async def attach(
        self,
        kind: Literal["photo", "document"],
        caption: str = "",
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> list[RecordedMessage]:
        """Send a photo or a document, with `caption` written under it."""
        mark = _Mark(self.chat)
        self._world.person_attaches(self.person, kind, caption)
        return await self._wait_for_answer(self.chat, mark, f"sending a {kind}", timeout)

    async def set_auto_delete(
        self, seconds: int, *, timeout: float = DEFAULT_TIMEOUT
    ) -> list[RecordedMessage]:
        """Turn Telegram's auto-delete timer of this chat on (seconds) or off (0)."""
        mark = _Mark(self.chat)
        self._world.person_sets_auto_delete(self.person, seconds)
        return await self._wait_for_answer(self.chat, mark, "setting auto-delete", timeout)

    async def edit(
        self, message: RecordedMessage, text: str, *, timeout: float = DEFAULT_TIMEOUT
    ) -> list[RecordedMessage]:
        """Change the words of a message this person sent. The bot may say nothing to an
        edit, so an answer of no messages is not an error here."""
        mark = _Mark(self.chat)
        self._world.person_edits(self.person, message.message_id, text)
        try:
            return await self._wait_for_answer(self.chat, mark, "editing a message", timeout)
        except NoAnswerError:
            return []

    async def tap(
        self, button_text: str, *, chat_id: int | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> list[RecordedMessage]:
        """Tap the inline button with this text on the newest bot message that has one."""
        chat = self._world.chat(self.person.id if chat_id is None else chat_id)
        for message in reversed(chat.messages):
            if message.sender != "bot" or message.deleted:
                continue
            for button in message.buttons():
                if button["text"] == button_text and "callback_data" in button:
                    mark = _Mark(chat)
                    self._world.person_taps(
                        self.person, chat.id, message.message_id, button["callback_data"]
                    )
                    what = f"tapping {button_text!r}"
                    return await self._wait_for_answer(chat, mark, what, timeout)
        raise LookupError(
            f"no bot message in this chat has a button {button_text!r}; "
            f"the buttons on offer are {_all_buttons(chat)!r}"
        )

    def messages(self) -> list[RecordedMessage]:
        """Every message of the private chat still shown, from both sides, oldest first."""
        return [m for m in self.chat.messages if not m.deleted]

    def last_message(self) -> RecordedMessage | None:
        """The newest message from the bot still shown in the private chat."""
        bot_messages = [m for m in self.messages() if m.sender == "bot"]
        return bot_messages[-1] if bot_messages else None

    def buttons(self) -> list[str]:
        """Button texts of the newest bot message that has inline buttons."""
        for message in reversed(self.messages()):
            if message.sender == "bot" and message.buttons():
                return [button["text"] for button in message.buttons()]
        return []

    def menu(self) -> list[tuple[str, str]]:
        """(command, description) of the command menu their Telegram shows beside the
        message box."""
        return [(c["command"], c["description"]) for c in self._world.menu(self.person)]

    def block(self) -> None:
        """Block the bot, as from the chat menu: the bot gets `my_chat_member` (kicked)."""
        self._world.set_blocked(self.person, True)

    async def _wait_for_answer(
        self, chat: Chat, mark: _Mark, what: str, timeout: float
    ) -> list[RecordedMessage]:
        world = self._world
        if world.idle_probe is not None:
            return await self._settle(world.idle_probe, chat, mark, what, timeout)
        update_id = world.updates.last_id
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        if not await world.feed.wait_for(lambda: chat.bot_actions > mark.actions, timeout):
            fetched = world.updates.delivered_up_to >= update_id
            hint = (
                "the bot fetched the update but did nothing in this chat"
                if fetched
                else "the update was never fetched by getUpdates: is the bot polling?"
            )
            raise TimeoutError(f"no answer from the bot within {timeout}s of {what}; {hint}")
        while True:
            seen = chat.bot_actions
            if deadline - loop.time() < QUIET:
                if not mark.changed():
                    # Only the button press was acknowledged: that is the whole answer.
                    return []
                # Too little time left to see a full quiet spell: the bot is still busy.
                raise TimeoutError(
                    f"the bot was still busy {timeout}s after {what}; "
                    f"so far it sent {[m.text for m in mark.new_messages()]!r}"
                )
            quiet = not await world.feed.wait_for(_acted_since(chat, seen), QUIET)
            # A callback answer comes at once; the messages follow from the bot's queue.
            if quiet and mark.changed():
                return mark.new_messages()

    async def _settle(
        self, probe: IdleProbe, chat: Chat, mark: _Mark, what: str, timeout: float
    ) -> list[RecordedMessage]:
        update_id = self._world.updates.last_id
        try:
            await probe.settle(timeout)
        except TimeoutError:
            if self._world.updates.delivered_up_to < update_id:
                raise TimeoutError(
                    f"no answer from the bot within {timeout}s of {what}; the update was "
                    "never fetched by getUpdates: is the bot polling?"
                ) from None
            raise TimeoutError(
                f"the bot was still busy {timeout}s after {what}; "
                f"so far it sent {[m.text for m in mark.new_messages()]!r}"
            ) from None
        if mark.changed():
            return mark.new_messages()
        if chat.bot_actions > mark.actions:
            # Only the button press was acknowledged: that is the whole answer.
            return []
        raise NoAnswerError(f"the bot handled {what} but did nothing in this chat")


def _acted_since(chat: Chat, seen: int) -> Callable[[], bool]:
    return lambda: chat.bot_actions > seen


class _Mark:
    """Where a chat stood before an action, to tell what the bot did after it."""

    def __init__(self, chat: Chat) -> None:
        self.chat = chat
        self.actions = chat.bot_actions
        self.message_count = len(chat.messages)
        self.edits = _edits(chat)

    def changed(self) -> bool:
        """Has the bot sent, edited or deleted a message since the mark?"""
        return bool(self.new_messages()) or _edits(self.chat) != self.edits

    def new_messages(self) -> list[RecordedMessage]:
        return [
            m
            for m in self.chat.messages[self.message_count :]
            if m.sender == "bot" and not m.deleted
        ]


def _edits(chat: Chat) -> int:
    return sum(message.edits + message.deleted for message in chat.messages)


def _all_buttons(chat: Chat) -> list[str]:
    return [
        button["text"]
        for message in chat.messages
        if message.sender == "bot" and not message.deleted
        for button in message.buttons()
    ]
