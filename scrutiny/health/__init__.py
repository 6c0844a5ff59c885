"""Governance health: the engine (engine.py) runs the checks of each family
(register, meetings, strategy, funding, recommendations) over the records."""

from scrutiny.health.engine import (
    CHECKS,
    SEVERITY_ORDER,
    HealthFinding,
    governance_health,
    health_run,
)

__all__ = ["CHECKS", "SEVERITY_ORDER", "HealthFinding", "governance_health", "health_run"]
