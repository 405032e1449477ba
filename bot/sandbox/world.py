"""The simulated side of Telegram: people, chats, and what they do to the bot.

Everything a person does becomes an update in the queue, built from the same records
the bot's own calls change, so the bot sees one consistent world.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Callable
from typing import Literal

from bot.sandbox.changes import ChangeFeed
from bot.sandbox.formatting import utf16_len
from bot.sandbox.idle import IdleProbe
from bot.sandbox.models import JSON, BotIdentity, CallbackQuery, Chat, Person, RecordedMessage
from bot.sandbox.updates import UpdateQueue

# Telegram's limit on a caption, in characters.
CAPTION_LIMIT = 1024
_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?")


class SandboxError(Exception):
    """A simulated person tried something Telegram would not let them do."""


class World:
    def __init__(
        self,
        bot: BotIdentity,
        clock: Callable[[], float] = time.time,
        *,
        first_update_id: int = 1,
    ) -> None:
        self.bot = bot
        self.clock = clock
        self.feed = ChangeFeed()
        self.updates = UpdateQueue(self.feed, first_update_id)
        self.people: dict[int, Person] = {}
        # Called whenever someone is added, blocks or unblocks the bot (to keep them).
        self.on_people_changed: Callable[[], None] | None = None
        self.chats: dict[int, Chat] = {}
        self.callbacks: dict[str, CallbackQuery] = {}
        # setMyCommands by (scope, language code): see `commands_key`.
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        # The version at which the list of people last changed, for the chat page.
        self.people_version = 0
        self._callback_ids = itertools.count(4_100_000_000_000_000_001)
        # Set by a harness that runs the bot in this event loop and can prove it idle;
        # without one, the driver falls back to waiting for quiet spells.
        self.idle_probe: IdleProbe | None = None
        # Called with the chat each time the bot adds to it (a benchmark's stopwatch):
        # one call per chat, where waking every waiter on the feed would cost O(people).
        self.on_bot_action: Callable[[Chat], None] | None = None

    def now(self) -> int:
        return int(self.clock())

    def touch(self, chat: Chat, *, by_bot: bool) -> None:
        if by_bot:
            chat.bot_actions += 1
        chat.version = self.feed.bump()
        if by_bot and self.on_bot_action is not None:
            self.on_bot_action(chat)

    def add_person(self, person: Person) -> None:
        if person.id in self.people:
            raise SandboxError(f"a person with id {person.id} already exists")
        self.people[person.id] = person
        self.chats[person.id] = Chat(id=person.id, type="private", private_with=person)
        self.people_version = self.feed.bump()
        self._people_changed()

    def _people_changed(self) -> None:
        if self.on_people_changed is not None:
            self.on_people_changed()

    def chat(self, chat_id: int) -> Chat:
        chat = self.chats.get(chat_id)
        if chat is None:
            raise SandboxError(f"no chat {chat_id} in the sandbox")
        return chat

    def add_group(self, chat_id: int, title: str, by: Person) -> Chat:
        if chat_id >= 0:
            raise SandboxError("group chat ids are negative")
        chat = self.chats.setdefault(chat_id, Chat(id=chat_id, type="group", title=title))
        chat.bot_is_member = True
        self._member_update(chat, by, old="left", new="member")
        self.touch(chat, by_bot=False)
        return chat

    def menu(self, person: Person) -> list[JSON]:
        """The command menu Telegram shows this person in their private chat with the bot:
        the first scope that has one, from their chat to all private chats to everyone,
        each in their Telegram's language first, then for any language."""
        scopes: list[JSON] = [
            {"type": "chat", "chat_id": person.id},
            {"type": "all_private_chats"},
            {"type": "default"},
        ]
        language = person.language_code.split("-")[0]
        for scope in scopes:
            for code in (language, None):
                found = self.commands.get(commands_key(scope, code))
                if found:
                    return found
        return []

    def set_blocked(self, person: Person, blocked: bool) -> None:
        if person.blocked_bot == blocked:
            return
        person.blocked_bot = blocked
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        self._member_update(self.chat(person.id), person, old=old, new=new)
        self._people_changed()

    def _member_update(self, chat: Chat, by: Person, *, old: str, new: str) -> None:
        def member(status: str) -> JSON:
            out: JSON = {"user": self.bot.to_api(), "status": status}
            if status == "kicked":
                out["until_date"] = 0
            return out

        self.updates.push(
            "my_chat_member",
            {
                "chat": chat.to_api(),
                "from": by.to_api(),
                "date": self.now(),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    def person_says(self, person: Person, text: str, chat_id: int | None = None) -> RecordedMessage:
        if not text.strip():
            raise SandboxError("a message needs some text")
        return self._person_sends(person, text, chat_id, attachment=None)

    def person_attaches(
        self,
        person: Person,
        kind: Literal["photo", "document"],
        caption: str = "",
        chat_id: int | None = None,
    ) -> RecordedMessage:
        """A photo or a document, with the words a person may write under it."""
        if len(caption) > CAPTION_LIMIT:
            raise SandboxError(f"a caption holds at most {CAPTION_LIMIT} characters")
        return self._person_sends(person, caption, chat_id, attachment=kind)

    def person_sets_auto_delete(self, person: Person, seconds: int) -> RecordedMessage:
        """A person turns Telegram's auto-delete timer on (seconds) or off (0) in their
        chat with the bot: the chat says so, and the bot gets the service message."""
        if seconds < 0:
            raise SandboxError("an auto-delete time is never negative")
        chat = self.chat(person.id)
        chat.auto_delete_time = seconds
        changed = {"message_auto_delete_time": seconds}
        message = RecordedMessage(
            message_id=chat.take_message_id(),
            chat=chat,
            sender="user",
            from_user=person.to_api(),
            date=self.now(),
            text="",
            service={"message_auto_delete_timer_changed": changed},
        )
        chat.messages.append(message)
        self.touch(chat, by_bot=False)
        self.updates.push("message", message.to_api())
        return message

    def person_edits(self, person: Person, message_id: int, text: str) -> RecordedMessage:
        """A person changes the words of a message they sent: the bot gets `edited_message`."""
        chat = self.chat(person.id)
        message = chat.find(message_id)
        if message is None or message.sender != "user":
            raise SandboxError(f"no message {message_id} of theirs in that chat")
        if message.attachment is None and not text.strip():
            raise SandboxError("a message needs some text")
        message.text = text
        if message.attachment is None:
            message.entities = _command_entities(text)
        message.edits += 1
        message.edit_date = self.now()
        self.touch(chat, by_bot=False)
        self.updates.push("edited_message", message.to_api())
        return message

    def _person_sends(
        self,
        person: Person,
        text: str,
        chat_id: int | None,
        attachment: Literal["photo", "document"] | None,
    ) -> RecordedMessage:
        chat = self.chat(person.id if chat_id is None else chat_id)
        if chat.private_with is not None and chat.private_with is not person:
            raise SandboxError("that is someone else's private chat")
        # Writing to a bot one has blocked means restarting it first, as in Telegram.
        self.set_blocked(person, False)
        message = RecordedMessage(
            message_id=chat.take_message_id(),
            chat=chat,
            sender="user",
            from_user=person.to_api(),
            date=self.now(),
            text=text,
            entities=[] if attachment else _command_entities(text),
            attachment=attachment,
        )
        chat.messages.append(message)
        self.touch(chat, by_bot=False)
        self.updates.push("message", message.to_api())
        return message

    def person_taps(
        self, person: Person, chat_id: int, message_id: int, data: str
    ) -> CallbackQuery:
        chat = self.chat(chat_id)
        message = chat.find(message_id)
        if message is None or message.sender != "bot":
            raise SandboxError(f"no bot message {message_id} in that chat")
        if not any(button.get("callback_data") == data for button in message.buttons()):
            raise SandboxError(f"message {message_id} has no button with that callback data")
        query = CallbackQuery(
            id=str(next(self._callback_ids)), person=person, message=message, data=data
        )
        self.callbacks[query.id] = query
        self.updates.push(
            "callback_query",
            {
                "id": query.id,
                "from": person.to_api(),
                "message": message.to_api(),
                "chat_instance": str(chat.id),
                "data": data,
            },
        )
        return query


def commands_key(scope: JSON | None, language_code: str | None) -> tuple[str, str]:
    """Where setMyCommands keeps a menu: its scope (default when none) and language."""
    return json.dumps(scope or {"type": "default"}, sort_keys=True), language_code or ""


def _command_entities(text: str) -> list[JSON]:
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group()),
        }
        for match in _COMMAND.finditer(text)
    ]
