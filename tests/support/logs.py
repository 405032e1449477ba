"""The in-process bot's log lines, as `qadam run` writes them, kept for the test to read."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import structlog

from bot.logs import configure_logging

# Loggers whose level `configure_logging` changes, to be put back afterwards.
_LIBRARIES = ("aiogram", "aiohttp.access", "sqlalchemy.engine", "alembic", "apscheduler")


@contextmanager
def captured_logs() -> Iterator[io.StringIO]:
    """Configure logging exactly as the bot process does with QADAM_LOG_FORMAT=json, but
    into a buffer instead of stderr; restore the runner's logging afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in _LIBRARIES}
    structlog_config = structlog.get_config()
    configure_logging("json")
    # A structlog logger keeps the configuration it first ran with (a speed-up): no module's
    # logger may keep this one after the test, or `structlog.testing.capture_logs` in a later
    # test would not see it. So nothing is cached meanwhile.
    structlog.configure(cache_logger_on_first_use=False)
    [handler] = root.handlers
    assert isinstance(handler, logging.StreamHandler)
    buffer = io.StringIO()
    handler.setStream(buffer)
    try:
        yield buffer
    finally:
        structlog.configure(**structlog_config)
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, old in levels.items():
            logging.getLogger(name).setLevel(old)
