from __future__ import annotations

import random
import re
import secrets

import pytest

from bot.storage import aad
from bot.storage.crypto import (
    CODE_ALPHABET,
    CODE_PATTERN,
    Cipher,
    log_tag,
    pseudonym,
    short_code,
)
from bot.storage.errors import DecryptionError

KEY = bytes(range(32))
SECRET = b"my brother is still in the camp"


def test_round_trip_and_fresh_nonce() -> None:
    cipher = Cipher(KEY)
    first = cipher.encrypt(SECRET, b"where")
    second = cipher.encrypt(SECRET, b"where")
    assert first != second  # a new nonce every time: equal texts do not look equal
    assert SECRET not in first
    assert cipher.decrypt(first, b"where") == cipher.decrypt(second, b"where") == SECRET


def test_json_round_trip() -> None:
    cipher = Cipher(KEY)
    value = {"step": "mood", "text": "Қалайсыз?", "n": [1, 2.5, None, True]}
    assert cipher.decrypt_json(cipher.encrypt_json(value, b"a"), b"a") == value


def test_tampering_is_detected_without_revealing_plaintext() -> None:
    cipher = Cipher(KEY)
    token = bytearray(cipher.encrypt(SECRET, b"a"))
    token[-1] ^= 1
    with pytest.raises(DecryptionError) as caught:
        cipher.decrypt(bytes(token), b"a")
    assert "altered" in str(caught.value)
    assert "camp" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_moved_ciphertext_fails() -> None:
    cipher = Cipher(KEY)
    token = cipher.encrypt(b"4242", aad.participant_chat("alice-key"))
    with pytest.raises(DecryptionError):
        cipher.decrypt(token, aad.participant_chat("bob-key"))
    with pytest.raises(DecryptionError):
        cipher.decrypt(token, aad.outbox_payload("alice-key"))


def test_wrong_key_fails() -> None:
    token = Cipher(KEY).encrypt(SECRET, b"a")
    with pytest.raises(DecryptionError, match="wrong encryption key"):
        Cipher(bytes(32)).decrypt(token, b"a")


@pytest.mark.parametrize("token", [b"", b"\x01short", b"\x02" + bytes(40)])
def test_garbage_is_a_decryption_error(token: bytes) -> None:
    with pytest.raises(DecryptionError):
        Cipher(KEY).decrypt(token, b"a")


def test_key_must_be_32_bytes_and_is_not_shown() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        Cipher(b"short")
    assert "0x" not in repr(Cipher(KEY)) and "hidden" in repr(Cipher(KEY))


def test_aad_parts_cannot_be_confused() -> None:
    # Different owners never produce the same associated data, whatever their characters.
    assert aad.participant_chat('a","b') != aad.participant_chat("a")
    assert aad.flow_state(12) != aad.answer_text(12)


def test_pseudonym_is_deterministic_and_keyed() -> None:
    key_a, key_b = b"a" * 32, b"b" * 32
    assert pseudonym(key_a, 123456789) == pseudonym(key_a, 123456789)
    assert pseudonym(key_a, 123456789) != pseudonym(key_b, 123456789)
    assert pseudonym(key_a, 123456789) != pseudonym(key_a, 123456780)
    assert re.fullmatch(r"[0-9a-f]{64}", pseudonym(key_a, 123456789))
    assert "123456789" not in pseudonym(key_a, 123456789)


def test_short_code_format_and_injected_randomness() -> None:
    codes = [short_code(random.Random(seed)) for seed in range(500)]
    assert all(re.fullmatch(CODE_PATTERN, code) for code in codes)
    assert short_code(random.Random(1)) == short_code(random.Random(1))
    assert len(set(codes)) > 490
    assert not set("0O1IL") & set(CODE_ALPHABET)
    assert re.fullmatch(CODE_PATTERN, short_code(secrets.SystemRandom()))


def test_log_tag_needs_the_persons_own_salt() -> None:
    salt, other = secrets.token_bytes(16), secrets.token_bytes(16)
    assert log_tag(salt, "K7Q-M4P") == log_tag(salt, "K7Q-M4P")
    # The same code given to someone later, with a salt of their own, tags differently.
    assert log_tag(other, "K7Q-M4P") != log_tag(salt, "K7Q-M4P")
    assert log_tag(salt, "K7Q-M4Q") != log_tag(salt, "K7Q-M4P")
