"""The offline Telegram: a Bot API emulator, simulated people and their driver."""

from bot.sandbox.driver import SimUser
from bot.sandbox.emulator import DEFAULT_TOKEN, BotApiEmulator
from bot.sandbox.limits import RateLimits, RateStats
from bot.sandbox.server import serve

__all__ = ["DEFAULT_TOKEN", "BotApiEmulator", "RateLimits", "RateStats", "SimUser", "serve"]
