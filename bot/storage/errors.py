"""Errors raised by `bot.storage`; every message says what to check or do."""

from __future__ import annotations


class StorageError(Exception):
    """Root of every error raised by `bot.storage`."""


class DecryptionError(StorageError):
    """A ciphertext failed authentication: wrong key, altered data, or wrong row/column."""


class KeyConfigError(StorageError):
    """The pseudonym or encryption key is missing or malformed."""


class MissingKeysError(KeyConfigError):
    """Production refuses to invent keys: they must come from the environment or files."""


class InvalidKeyError(KeyConfigError):
    """A configured key is not url-safe base64 of exactly 32 bytes."""


class DatabaseUnavailableError(StorageError):
    """The database could not be reached or opened."""
