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


def chat_trace(participant_id: int) -> bytes:
    """`chat_traces.message_enc`: the id of a message in a person's chat."""
    return _bind("chat_traces.message_enc", participant_id)


def staff_chat(staff_code: str) -> bytes:
    """`staff.chat_enc`; the code, so it can be sealed before the row has an id."""
    return _bind("staff.chat_enc", staff_code)


def staff_name(staff_code: str) -> bytes:
    """`staff.name_enc`."""
    return _bind("staff.name_enc", staff_code)


def case_evidence(escalation_id: int) -> bytes:
    """`escalations.evidence_enc`: the person's words, when a counsellor needs them."""
    return _bind("escalations.evidence_enc", escalation_id)


def case_message(escalation_id: int) -> bytes:
    """`case_messages.text_enc`: relayed messages and case notes."""
    return _bind("case_messages.text_enc", escalation_id)


def plan_goals(participant_id: int) -> bytes:
    """`care_plans.goals_enc`: the goals a counsellor wrote into a person's plan."""
    return _bind("care_plans.goals_enc", participant_id)
