"""The partnerships app's models: the register, and the strategy of each partnership."""

from partnerships.models.register import (
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
    Seniority,
)
from partnerships.models.strategy import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Milestone,
    Plan,
    Priority,
    PriorityUpdate,
    StrategicAssessment,
)

__all__ = [
    "Group",
    "Indicator",
    "IndicatorTarget",
    "IndicatorValue",
    "Membership",
    "Milestone",
    "Organisation",
    "Partnership",
    "PartnershipMember",
    "Person",
    "Plan",
    "Priority",
    "PriorityUpdate",
    "Seniority",
    "StrategicAssessment",
]
