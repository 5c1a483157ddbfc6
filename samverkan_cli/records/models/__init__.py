"""The record models, one module per family of kinds."""

from samverkan_cli.records.models.agreement import (
    Agreement,
    Fact,
    FollowUp,
    Goal,
    Measurement,
    PriorityArea,
    Remiss,
    Revision,
    RevisionState,
    Stance,
    SubReferral,
)
from samverkan_cli.records.models.area import Area, Assessment, Classification
from samverkan_cli.records.models.base import Access, Model, Person, RecordModel, Source
from samverkan_cli.records.models.kinds import KINDS, KINDS_BY_NAME, Kind, kind_for_path
from samverkan_cli.records.models.promise import Activity, Commitment, Promise
from samverkan_cli.records.models.reference import Municipality, PoliceArea, Region
from samverkan_cli.records.models.targets import (
    AreaLevel,
    AreasTarget,
    CountTarget,
    Direction,
    IndicatorTarget,
    MilestoneTarget,
    RevisionDueTarget,
    Target,
)

__all__ = [
    "KINDS",
    "KINDS_BY_NAME",
    "Access",
    "Activity",
    "Agreement",
    "Area",
    "AreaLevel",
    "AreasTarget",
    "Assessment",
    "Classification",
    "Commitment",
    "CountTarget",
    "Direction",
    "Fact",
    "FollowUp",
    "Goal",
    "IndicatorTarget",
    "Kind",
    "Measurement",
    "MilestoneTarget",
    "Model",
    "Municipality",
    "Person",
    "PoliceArea",
    "PriorityArea",
    "Promise",
    "RecordModel",
    "Region",
    "Remiss",
    "Revision",
    "RevisionDueTarget",
    "RevisionState",
    "Source",
    "Stance",
    "SubReferral",
    "Target",
    "kind_for_path",
]
