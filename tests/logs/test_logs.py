"""A traceback in the logs never prints the Telegram objects a handler was holding."""

from __future__ import annotations

import logging

import pytest
import structlog
from aiogram.types import Chat, User

from bot.logs import configure_logging

SECRETS = ("918273645", "amina_k_secret", "Aminakhon")


def _fail_holding_a_user() -> None:
    user = User(id=918273645, is_bot=False, first_name="Aminakhon", username="amina_k_secret")
    chat = Chat(id=user.id, type="private")
    raise RuntimeError(f"handler failed for a chat of type {chat.type}")


@pytest.mark.parametrize("fmt", ["console", "json"])
def test_an_exception_log_shows_the_error_but_no_identity(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(fmt)  # type: ignore[arg-type]
    try:
        _fail_holding_a_user()
    except RuntimeError:
        structlog.get_logger().error("update.failed", exc_info=True)
    logging.getLogger().handlers[0].flush()
    output = capsys.readouterr().err
    assert "RuntimeError" in output and "_fail_holding_a_user" in output
    assert [secret for secret in SECRETS if secret in output] == []
