"""Encryption of stored secrets, pseudonyms for Telegram users, short case codes, and the
tags log lines name people by."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bot.storage.errors import DecryptionError

KEY_SIZE = 32
NONCE_SIZE = 12
# Leading byte of every ciphertext, so a later key rotation can tell formats apart.
FORMAT_V1 = b"\x01"
_HEADER_SIZE = len(FORMAT_V1) + NONCE_SIZE

# No 0/O, 1/I/L: a code is read aloud and copied by hand between counsellors.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_PATTERN = rf"^[{CODE_ALPHABET}]{{3}}-[{CODE_ALPHABET}]{{3}}$"


class Cipher:
    """AES-256-GCM. `aad` binds a ciphertext to where it is stored (see `bot.storage.aad`)."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_SIZE:
            raise ValueError(f"an encryption key must be {KEY_SIZE} bytes, got {len(key)}")
        self._aead = AESGCM(key)

    def __repr__(self) -> str:
        return "Cipher(key=<hidden>)"

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes:
        # A random 96-bit nonce per message; collisions are negligible far beyond our volume.
        nonce = os.urandom(NONCE_SIZE)
        return FORMAT_V1 + nonce + self._aead.encrypt(nonce, plaintext, aad)

    def decrypt(self, token: bytes, aad: bytes) -> bytes:
        if len(token) < _HEADER_SIZE or token[:1] != FORMAT_V1:
            raise DecryptionError("not a Qadam ciphertext (unknown format or truncated)")
        nonce = token[1:_HEADER_SIZE]
        try:
            return self._aead.decrypt(nonce, token[_HEADER_SIZE:], aad)
        except InvalidTag:
            # `from None`: the chained exception adds nothing and must never grow details.
            raise DecryptionError(
                "decryption failed: wrong encryption key, or the data was altered "
                "or moved from another row or column"
            ) from None

    def encrypt_json(self, value: Any, aad: bytes) -> bytes:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return self.encrypt(text.encode("utf-8"), aad)

    def decrypt_json(self, token: bytes, aad: bytes) -> Any:
        return json.loads(self.decrypt(token, aad))


def pseudonym(key: bytes, telegram_user_id: int) -> str:
    """The participant key: stable per user, meaningless without the pseudonym key."""
    message = str(telegram_user_id).encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


# Bytes of random salt behind each person's log tag.
LOG_SALT_SIZE = 16


def log_tag(salt: bytes, code: str) -> str:
    """How log lines name a person: their code hashed under their own random salt. Without
    the salt, which is erased with them, a tag says nothing, and a code given out again
    later gets a tag of its own."""
    return hmac.new(salt, code.encode("ascii"), hashlib.sha256).hexdigest()[:12]


class RandomSource(Protocol):
    """`random.Random`, `secrets.SystemRandom()` or the `secrets` module itself."""

    def choice(self, seq: str, /) -> str: ...


def short_code(rng: RandomSource) -> str:
    """A code like `K7Q-M4P` (31**6, about 887 million); the caller retries on a clash."""
    chars = [rng.choice(CODE_ALPHABET) for _ in range(6)]
    return "".join(chars[:3]) + "-" + "".join(chars[3:])


def staff_pseudonym(key: bytes, telegram_user_id: int) -> str:
    """The staff key: a different HMAC input from participants', so the same Telegram
    account as a participant and as staff cannot be matched by their keys."""
    message = f"staff:{telegram_user_id}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def attempt_key(key: bytes, telegram_user_id: int) -> str:
    """Who sent a wrong staff invite code, for the limit on tries: a third HMAC input, so
    that these rows can be matched neither to a participant nor to a staff member."""
    message = f"invite-attempt:{telegram_user_id}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def secret_digest(key: bytes, purpose: str, secret: str) -> str:
    """What is kept of a random one-time secret (a staff invite): a keyed digest, looked up
    directly. The secret carries 96 random bits, so a slow password hash would add nothing
    but a tenth of a second of CPU for every guess, wrong ones included."""
    return hmac.new(key, f"{purpose}:{secret}".encode(), hashlib.sha256).hexdigest()
