"""The emulator's records, and their Bot API JSON shapes.

Field names and shapes follow https://core.telegram.org/bots/api so that aiogram parses
the answers with its own models; optional fields are left out rather than sent as null,
as the real server does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

JSON = dict[str, Any]


@dataclass
class Person:
    """A simulated Telegram user; in a private chat, the chat id is the user id."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str = "en"
    blocked_bot: bool = False

    def to_api(self) -> JSON:
        out: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            out["last_name"] = self.last_name
        if self.username:
            out["username"] = self.username
        out["language_code"] = self.language_code
        return out


@dataclass(frozen=True)
class BotIdentity:
    id: int
    first_name: str
    username: str

    def to_api(self) -> JSON:
        return {
            "id": self.id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    def get_me(self) -> JSON:
        return {
            **self.to_api(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }


@dataclass
class Chat:
    id: int
    type: Literal["private", "group"]
    title: str | None = None
    private_with: Person | None = None
    bot_is_member: bool = True
    next_message_id: int = 1
    # Bumped by every change in this chat, so the chat page can long-poll one chat.
    version: int = 0
    # Counts what the bot did here (send, edit, delete, answer a tap): the driver waits on it.
    bot_actions: int = 0
    last_chat_action: str | None = None
    # Telegram's auto-delete timer for new messages, in seconds; 0 when it is off.
    auto_delete_time: int = 0
    messages: list[RecordedMessage] = field(default_factory=list)

    def to_api(self) -> JSON:
        if self.private_with is not None:
            person = self.private_with
            out: JSON = {"id": self.id, "type": "private", "first_name": person.first_name}
            if person.last_name:
                out["last_name"] = person.last_name
            if person.username:
                out["username"] = person.username
            return out
        return {"id": self.id, "type": self.type, "title": self.title or ""}

    def full_info(self) -> JSON:
        """What getChat answers: the chat, and the fields only a ChatFullInfo carries."""
        gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
        out: JSON = {
            **self.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {**dict.fromkeys(gifts, True), "gifts_from_channels": True},
        }
        if self.auto_delete_time:
            out["message_auto_delete_time"] = self.auto_delete_time
        return out

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def find(self, message_id: int) -> RecordedMessage | None:
        for message in self.messages:
            if message.message_id == message_id and not message.deleted:
                return message
        return None


@dataclass
class RecordedMessage:
    """One message in a chat as it stands now; edits and deletion update it in place."""

    message_id: int
    chat: Chat
    sender: Literal["bot", "user"]
    from_user: JSON
    date: int
    text: str
    entities: list[JSON] = field(default_factory=list)
    reply_markup: JSON | None = None
    disable_notification: bool = False
    # Sent with protect_content: Telegram lets nobody forward or save it.
    protect_content: bool = False
    edit_date: int | None = None
    edits: int = 0
    deleted: bool = False
    # A photo or a document a person or the bot sent; `text` is then its caption.
    attachment: Literal["photo", "document"] | None = None
    # What the bot uploaded with it, to be read back by tests and the chat page.
    file_name: str | None = None
    file_data: bytes | None = None
    # A service message's own field instead of text, e.g. message_auto_delete_timer_changed.
    service: JSON | None = None

    @property
    def edited(self) -> bool:
        return self.edits > 0

    def buttons(self) -> list[JSON]:
        """Inline buttons, row by row flattened; empty for any other markup."""
        if not self.reply_markup or "inline_keyboard" not in self.reply_markup:
            return []
        return [button for row in self.reply_markup["inline_keyboard"] for button in row]

    def to_api(self) -> JSON:
        out: JSON = {
            "message_id": self.message_id,
            "from": self.from_user,
            "chat": self.chat.to_api(),
            "date": self.date,
        }
        if self.service is not None:
            out.update(self.service)
        elif self.attachment is None:
            out["text"] = self.text
            if self.entities:
                out["entities"] = self.entities
        else:
            out.update(_attachment(self.attachment, self.chat.id, self.message_id, self.file_name))
            if self.text:
                out["caption"] = self.text
        if self.edit_date is not None:
            out["edit_date"] = self.edit_date
        if self.protect_content:
            out["has_protected_content"] = True
        # The real API echoes only inline keyboards back on a Message.
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            out["reply_markup"] = self.reply_markup
        return out

    def to_page(self) -> JSON:
        """The shape the sandbox chat page and the control API use."""
        return {
            "message_id": self.message_id,
            "sender": self.sender,
            "date": self.date,
            "text": "" if self.deleted else self.text,
            "entities": [] if self.deleted else self.entities,
            "reply_markup": None if self.deleted else self.reply_markup,
            "disable_notification": self.disable_notification,
            "protect_content": self.protect_content,
            "edited": self.edited,
            "deleted": self.deleted,
            "attachment": self.attachment,
            # Served by the control API (`ControlApi.file`) while the message stands.
            "file_name": None if self.deleted or self.file_data is None else self.file_name,
        }


def _attachment(
    kind: Literal["photo", "document"], chat_id: int, message_id: int, file_name: str | None
) -> JSON:
    """The file fields of a photo or a document; the sandbox keeps no file behind them."""
    file_id = f"sandbox-{kind}-{chat_id}-{message_id}"
    unique = f"{kind[0]}{chat_id}x{message_id}"
    if kind == "photo":
        return {
            "photo": [
                {
                    "file_id": file_id,
                    "file_unique_id": unique,
                    "width": 1280,
                    "height": 960,
                    "file_size": 180_000,
                }
            ]
        }
    return {
        "document": {
            "file_id": file_id,
            "file_unique_id": unique,
            "file_name": file_name or "document.pdf",
            "mime_type": "application/pdf",
        }
    }


@dataclass
class CallbackQuery:
    id: str
    person: Person
    message: RecordedMessage
    data: str
    answered: bool = False
    answer_text: str | None = None
    show_alert: bool = False
    url: str | None = None


@dataclass(frozen=True)
class Update:
    update_id: int
    kind: str
    payload: JSON

    def to_api(self) -> JSON:
        return {"update_id": self.update_id, self.kind: self.payload}
