"""Qadam: anonymous check-ins, self-help and a safe path to a counsellor."""

from bot.telegram.models_on_demand import defer_aiogram

# Before any module of the bot can import aiogram (see the module's doc).
defer_aiogram()
