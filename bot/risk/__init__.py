"""Risk signals in free text: rules as data (`flows/risk/*.yaml`), checked by a pure core.

Part of the engine layer: no I/O except `loader` reading the rule files, no clock. Every
free-text message is checked before anything else happens:

    rules = load_rules(Path("flows/risk"))      # once, at start-up
    result = check(rules, text, lang="kk")      # RiskResult(severity, matches, categories, ...)
"""

from bot.risk.check import RiskResult, check, languages_for, require_language
from bot.risk.loader import RISK_DIR, load_rules, scan_rules
from bot.risk.rules import RiskRules, Rule

__all__ = [
    "RISK_DIR",
    "RiskResult",
    "RiskRules",
    "Rule",
    "check",
    "languages_for",
    "load_rules",
    "require_language",
    "scan_rules",
]
