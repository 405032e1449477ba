"""What every free-text message goes through first: the risk rules, then the relay."""

from __future__ import annotations

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import crisis
from bot.domain.services import Services
from bot.escalation import cases
from bot.risk import RiskRules, check
from bot.severity import RANK
from bot.storage.models import Participant

log = structlog.get_logger()


async def screen(
    db: AsyncSession, services: Services, rules: RiskRules, participant: Participant, text: str
) -> bool:
    """Check `text` for risk; True when the person was given the crisis card instead.

    A case is opened (or joined) for any signal. High and critical signals also get the
    crisis card at once: contacts, a counsellor, something to do while waiting. Someone
    who has not consented yet gets the card but no case: nothing about them is kept.
    """
    result = check(rules, text, participant.locale)
    if result.severity == "none":
        return False
    log.info(
        "risk.signal", participant=participant.code, severity=result.severity, rules=result.matches
    )
    expectation = None
    if participant.consented_at is not None:
        case = await cases.raise_case(
            db,
            services,
            participant,
            severity=result.severity,
            reasons=list(result.matches),
            signal="text",
            evidence=text,
        )
        expectation = await cases.expectation(db, services, case, participant.locale)
    if RANK[result.severity] < RANK["high"]:
        return False
    await crisis.send_crisis_card(db, services, participant, reason="risk", expectation=expectation)
    return True
