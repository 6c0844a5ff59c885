"""Governance health: the engine (engine.py) runs the checks of each family
(register, meetings, strategy, risks, funding, recommendations) over the records."""

from scrutiny.health.engine import (
    CHECKS,
    EXEMPT_SENSITIVE,
    SEVERITY_ORDER,
    LiveFinding,
    governance_health,
    health_run,
)

__all__ = [
    "CHECKS",
    "EXEMPT_SENSITIVE",
    "SEVERITY_ORDER",
    "LiveFinding",
    "governance_health",
    "health_run",
]
