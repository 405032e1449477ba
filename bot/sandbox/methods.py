"""Bot API methods: each takes the world and the call's parameters and returns `result`."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from bot.sandbox.errors import ApiError
from bot.sandbox.markup import message_text, reply_markup
from bot.sandbox.models import JSON, Chat, RecordedMessage
from bot.sandbox.params import Upload
from bot.sandbox.world import CAPTION_LIMIT, World, commands_key

Method = Callable[[World, JSON], Awaitable[Any]]

_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
# Telegram lets a bot delete a message for 48 hours after it was sent, up to 100 at once.
DELETABLE_SECONDS = 48 * 3600
MAX_DELETE = 100
_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


def _bot_chat(world: World, params: JSON) -> Chat:
    chat_id = params.get("chat_id")
    chat = world.chats.get(chat_id) if isinstance(chat_id, int) else None
    if chat is None:
        raise ApiError(400, "Bad Request: chat not found")
    person = chat.private_with
    if person is not None and person.blocked_bot:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    if not chat.bot_is_member:
        raise ApiError(403, "Forbidden: bot is not a member of the group chat")
    return chat


def _bot_message(world: World, params: JSON, missing: str) -> RecordedMessage:
    if "inline_message_id" in params:
        raise ApiError(400, "Bad Request: the sandbox does not emulate inline messages")
    chat = _bot_chat(world, params)
    message = chat.find(params.get("message_id", 0))
    if message is None:
        raise ApiError(400, f"Bad Request: {missing}")
    return message


async def get_me(world: World, params: JSON) -> JSON:
    return world.bot.get_me()


async def get_chat(world: World, params: JSON) -> JSON:
    return _bot_chat(world, params).full_info()


async def get_updates(world: World, params: JSON) -> list[JSON]:
    return await world.updates.get(
        offset=params.get("offset", 0),
        limit=params.get("limit", 100),
        timeout=params.get("timeout", 0),
        allowed=params.get("allowed_updates"),
    )


async def delete_webhook(world: World, params: JSON) -> bool:
    # No webhook is ever set here; this only honours drop_pending_updates.
    if params.get("drop_pending_updates"):
        world.updates.drop_all()
    return True


async def send_message(world: World, params: JSON) -> JSON:
    chat = _bot_chat(world, params)
    text, entities = message_text(params)
    message = RecordedMessage(
        message_id=chat.take_message_id(),
        chat=chat,
        sender="bot",
        from_user=world.bot.to_api(),
        date=world.now(),
        text=text,
        entities=entities,
        reply_markup=reply_markup(params),
        disable_notification=bool(params.get("disable_notification")),
        protect_content=bool(params.get("protect_content")),
    )
    chat.messages.append(message)
    world.touch(chat, by_bot=True)
    return message.to_api()


async def send_document(world: World, params: JSON) -> JSON:
    return _send_file(world, params, "document")


async def send_photo(world: World, params: JSON) -> JSON:
    return _send_file(world, params, "photo")


def _send_file(world: World, params: JSON, kind: Literal["photo", "document"]) -> JSON:
    """Only uploads: the sandbox keeps no files to send again by id or fetch by URL."""
    chat = _bot_chat(world, params)
    upload = params.get(kind)
    if not isinstance(upload, Upload) or not upload.data:
        raise ApiError(400, f"Bad Request: there is no {kind} in the request")
    caption = params.get("caption", "")
    if len(str(caption)) > CAPTION_LIMIT:
        raise ApiError(400, "Bad Request: message caption is too long")
    message = RecordedMessage(
        message_id=chat.take_message_id(),
        chat=chat,
        sender="bot",
        from_user=world.bot.to_api(),
        date=world.now(),
        text=str(caption),
        reply_markup=reply_markup(params),
        disable_notification=bool(params.get("disable_notification")),
        protect_content=bool(params.get("protect_content")),
        attachment=kind,
        file_name=upload.filename,
        file_data=upload.data,
    )
    chat.messages.append(message)
    world.touch(chat, by_bot=True)
    return message.to_api()


def _apply_edit(
    world: World, message: RecordedMessage, text: str, entities: list[JSON], markup: JSON | None
) -> JSON:
    if message.sender != "bot":
        raise ApiError(400, "Bad Request: message can't be edited")
    if (text, entities, markup) == (message.text, message.entities, message.reply_markup):
        raise ApiError(400, _NOT_MODIFIED)
    message.text, message.entities, message.reply_markup = text, entities, markup
    message.edits += 1
    message.edit_date = world.now()
    world.touch(message.chat, by_bot=True)
    return message.to_api()


async def edit_message_text(world: World, params: JSON) -> JSON:
    message = _bot_message(world, params, "message to edit not found")
    text, entities = message_text(params)
    # Like the real server, an edit without reply_markup drops the inline keyboard.
    return _apply_edit(world, message, text, entities, reply_markup(params))


async def edit_message_reply_markup(world: World, params: JSON) -> JSON:
    message = _bot_message(world, params, "message to edit not found")
    return _apply_edit(world, message, message.text, message.entities, reply_markup(params))


def _deletable(world: World, message: RecordedMessage) -> bool:
    """A bot deletes its own messages anywhere, and a person's in a private chat (a
    group's only as an administrator, which the sandbox's bot never is), in both cases
    for 48 hours after they were sent."""
    mine = message.sender == "bot" or message.chat.type == "private"
    return mine and world.now() - message.date < DELETABLE_SECONDS


async def delete_message(world: World, params: JSON) -> bool:
    message = _bot_message(world, params, "message to delete not found")
    if not _deletable(world, message):
        raise ApiError(400, "Bad Request: message can't be deleted for everyone")
    message.deleted = True
    world.touch(message.chat, by_bot=True)
    return True


async def delete_messages(world: World, params: JSON) -> bool:
    """Ids that are not found, or can no longer be deleted, are skipped."""
    chat = _bot_chat(world, params)
    ids = params.get("message_ids")
    if not isinstance(ids, list) or not ids:
        raise ApiError(400, "Bad Request: message identifiers are not specified")
    if len(ids) > MAX_DELETE:
        raise ApiError(400, "Bad Request: too many message identifiers specified")
    found = [chat.find(message_id) for message_id in ids if isinstance(message_id, int)]
    for message in found:
        if message is not None and _deletable(world, message):
            message.deleted = True
    world.touch(chat, by_bot=True)
    return True


async def answer_callback_query(world: World, params: JSON) -> bool:
    query = world.callbacks.get(str(params.get("callback_query_id", "")))
    if query is None or query.answered:
        raise ApiError(400, _QUERY_TOO_OLD)
    text = params.get("text")
    if text is not None and len(str(text)) > 200:
        raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
    query.answered = True
    query.answer_text = text
    query.show_alert = bool(params.get("show_alert"))
    query.url = params.get("url")
    world.touch(query.message.chat, by_bot=True)
    return True


def _commands_key(params: JSON) -> tuple[str, str]:
    return commands_key(params.get("scope"), params.get("language_code"))


async def set_my_commands(world: World, params: JSON) -> bool:
    commands = params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise ApiError(400, "Bad Request: commands must be a list of at most 100 BotCommand")
    for command in commands:
        if not _COMMAND_NAME.match(str(command.get("command", ""))):
            raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
    world.commands[_commands_key(params)] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    return True


async def delete_my_commands(world: World, params: JSON) -> bool:
    """The scope and language shows the menu of the next broader one again."""
    world.commands.pop(_commands_key(params), None)
    return True


async def get_my_commands(world: World, params: JSON) -> list[JSON]:
    return world.commands.get(_commands_key(params), [])


async def send_chat_action(world: World, params: JSON) -> bool:
    chat = _bot_chat(world, params)
    chat.last_chat_action = str(params.get("action", ""))
    return True


async def leave_chat(world: World, params: JSON) -> bool:
    chat = _bot_chat(world, params)
    if chat.type == "private":
        raise ApiError(400, "Bad Request: chat member status can't be changed in private chats")
    chat.bot_is_member = False
    world.touch(chat, by_bot=True)
    return True


# Keys are lower case: the real server matches method names case-insensitively.
METHODS: dict[str, Method] = {
    "getme": get_me,
    "getchat": get_chat,
    "getupdates": get_updates,
    "deletewebhook": delete_webhook,
    "sendmessage": send_message,
    "senddocument": send_document,
    "sendphoto": send_photo,
    "editmessagetext": edit_message_text,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
    "deletemessages": delete_messages,
    "answercallbackquery": answer_callback_query,
    "setmycommands": set_my_commands,
    "deletemycommands": delete_my_commands,
    "getmycommands": get_my_commands,
    "sendchataction": send_chat_action,
    "leavechat": leave_chat,
}
