"""The emulator and a real aiogram Bot pointed at it, as for the sandbox's own tests."""

from tests.sandbox.conftest import api_url, bot, emulator

__all__ = ["api_url", "bot", "emulator"]
