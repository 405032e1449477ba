"""What each member may see and do in the console, as rules: every route asks here, on
the server, whatever the page showed.

Counsellors see their own cases and those nobody has claimed yet; supervisors and admins
see every case; admins manage staff and the service directory. A case where the person
said the conversation made them feel unsafe goes to a supervisor, never to a counsellor
who did not have it already.
"""

from __future__ import annotations

from bot.escalation import cases
from bot.storage.models import Escalation, Staff

OVERSEERS = ("supervisor", "admin")


def sees_every_case(member: Staff) -> bool:
    return member.role in OVERSEERS


def manages_staff(member: Staff) -> bool:
    return member.role == "admin"


def may_see(member: Staff, case: Escalation) -> bool:
    if sees_every_case(member) or case.staff_id == member.id:
        return True
    return cases.may_handle(member, case) and not case.felt_unsafe


def may_take(member: Staff, case: Escalation) -> bool:
    """Claim it: seen, and nobody has claimed it; a "felt unsafe" case only by a
    supervisor or admin, even when it was assigned to a counsellor."""
    unsafe_for_them = bool(case.felt_unsafe) and not sees_every_case(member)
    return case.status == "open" and may_see(member, case) and not unsafe_for_them


def may_resolve(member: Staff, case: Escalation) -> bool:
    return case.status != "resolved" and may_see(member, case) and cases.may_resolve(member, case)
