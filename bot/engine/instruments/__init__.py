"""Questionnaires (PHQ-9, GAD-7, WHO-5, ...): their scoring rules as data, and pure scoring.

Part of the engine layer: no I/O, no clock. The files live in `flows/instruments/`.
Importing `bot.engine.instruments.model` must stay cheap, since `bot.engine.model` builds on it.
"""
