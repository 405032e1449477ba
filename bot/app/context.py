"""What the use cases need, built once per process and passed to every one of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.directory.contacts import CrisisContacts, default_contacts
from bot.domain.services import Services
from bot.escalation.invite_limits import Limits
from bot.risk import RiskRules


@dataclass
class App:
    """Not frozen: a publish swaps `risk` and `contacts` (`content_revisions.apply`), and
    every use case holds this one object."""

    services: Services
    # Every typed message is checked against these before anything else happens.
    risk: RiskRules
    # Crisis contacts from flows/services; without the file, 112 for every country.
    contacts: CrisisContacts = field(default_factory=default_contacts)
    # Wrong staff invite codes, per account and for everyone.
    invite_limits: Limits = field(default_factory=Limits)
