"""Associated data for each encrypted column.

Binding a ciphertext to its column and owner means a row copied into another participant's
row (or another column) fails to decrypt instead of delivering one person's data to another.
Every writer and reader of an encrypted column must use the function named here.
"""

from __future__ import annotations

import json


def _bind(column: str, *owner: str | int) -> bytes:
    # JSON keeps the parts unambiguous whatever characters they contain.
    return json.dumps([column, *owner], separators=(",", ":")).encode("utf-8")


def participant_chat(participant_key: str) -> bytes:
    """`participants.chat_enc`; the key (not the id) so it can be sealed before insert."""
    return _bind("participants.chat_enc", participant_key)


def flow_state(participant_id: int) -> bytes:
    """`flow_states.state_enc`."""
    return _bind("flow_states.state_enc", participant_id)


def answer_text(participant_id: int) -> bytes:
    """`answers.text_enc`."""
    return _bind("answers.text_enc", participant_id)


def outbox_payload(recipient: str) -> bytes:
    """`outbox.payload_enc`; the recipient, so a payload cannot be redirected to another chat."""
    return _bind("outbox.payload_enc", recipient)
