"""aiogram's models are built on first use (`bot.telegram.models_on_demand`): importing
aiogram after the bot builds none of them, each of them still builds and validates when
used, and the bot builds the ones it uses at startup."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# In a fresh interpreter, so that nothing has imported aiogram or built a model before.
EVERY_MODEL = """
import json, bot
import aiogram.methods as methods, aiogram.types as types
from pydantic import BaseModel

models = [
    value
    for module in (types, methods)
    for name in module.__all__
    if isinstance(value := getattr(module, name), type) and issubclass(value, BaseModel)
]
# aiogram's types are the ones it rebuilt at import; many of its methods need no names
# from elsewhere and were built as they were defined.
rebuilt = [model for model in models if model.__module__.startswith("aiogram.types.")]
built_at_import = sorted(model.__name__ for model in rebuilt if model.__pydantic_complete__)
unbuildable = []
for model in models:
    model.model_rebuild()
    if not model.__pydantic_complete__:
        unbuildable.append(model.__name__)
found = {"models": len(models), "rebuilt": len(rebuilt)}
print(json.dumps(found | {"built_at_import": built_at_import, "unbuildable": unbuildable}))
"""

# A deferred model used cold: an update read, a call made, its answer read.
FIRST_USE = """
import json, bot
from aiogram.methods import SendMessage
from aiogram.methods.base import Response
from aiogram.types import Message, Update

update = Update.model_validate({"update_id": 7, "callback_query": {
    "id": "q", "chat_instance": "c", "data": "a:1",
    "from": {"id": 5, "is_bot": False, "first_name": "P"},
    "message": {"message_id": 3, "date": 1, "chat": {"id": 5, "type": "private"}, "text": "t"},
}})
call = SendMessage(chat_id=5, text="hi", reply_markup={"inline_keyboard": [[
    {"text": "Yes", "callback_data": "a:2"}]]})
answer = Response[Message].model_validate({"ok": True, "result": {
    "message_id": 4, "date": 2, "chat": {"id": 5, "type": "private"}, "text": "hi"}})
print(json.dumps([update.callback_query.message.text,
                  call.reply_markup.inline_keyboard[0][0].callback_data,
                  answer.result.message_id]))
"""

AT_STARTUP = """
import json, bot
from aiogram.methods import EditMessageText, GetMe, SendMessage
from aiogram.types import Update
from bot.outbox.calls import METHODS
from bot.telegram.session import build_models_in_use

models = [Update, SendMessage, EditMessageText]
before = [model.__pydantic_complete__ for model in models]
build_models_in_use([GetMe, *METHODS.values()])
every = [Update, GetMe, *METHODS.values()]
print(json.dumps([any(before), all(model.__pydantic_complete__ for model in every)]))
"""


def _python(code: str) -> object:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.process
def test_importing_aiogram_after_the_bot_builds_no_model_and_every_model_builds_on_use() -> None:
    found = _python(EVERY_MODEL)
    assert isinstance(found, dict)
    assert found["models"] > 400
    assert found["rebuilt"] > 300
    assert found["built_at_import"] == []
    assert found["unbuildable"] == []


@pytest.mark.process
def test_a_deferred_model_reads_an_update_makes_a_call_and_reads_its_answer() -> None:
    assert _python(FIRST_USE) == ["t", "a:2", 4]


@pytest.mark.process
def test_startup_builds_the_models_of_updates_and_of_the_bots_calls() -> None:
    assert _python(AT_STARTUP) == [False, True]
