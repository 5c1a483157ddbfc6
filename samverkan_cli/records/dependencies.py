"""What records depend on: the references between them, and the records that a record's
checks, status or report read beyond its references. One table for every rule that follows
from it: which references must resolve, which records a change touches, and which kinds no
other record depends on (their records can be worked on apart from each other)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from samverkan_cli.records.models import (
    KINDS,
    Agreement,
    Area,
    Assessment,
    FollowUp,
    Kind,
    Municipality,
    PoliceArea,
    Promise,
    RecordModel,
    Region,
    Remiss,
    Revision,
)


@dataclass(frozen=True)
class Reference:
    source: type[RecordModel]
    pattern: tuple[str, ...]
    target: type[RecordModel]
    label: str


_TARGET_REFERENCES: list[tuple[tuple[str, ...], type[RecordModel], str]] = [
    (("municipality",), Municipality, "kommun"),
    (("region",), Region, "polisregion"),
    (("police_area",), PoliceArea, "lokalpolisområde"),
]

REFERENCES: tuple[Reference, ...] = (
    Reference(Revision, ("agreement",), Agreement, "överenskommelse"),
    Reference(Remiss, ("agreement",), Agreement, "överenskommelse"),
    Reference(FollowUp, ("agreement",), Agreement, "överenskommelse"),
    Reference(Agreement, ("parties", "*", "municipality"), Municipality, "kommun"),
    Reference(Agreement, ("parties", "*", "region"), Region, "polisregion"),
    *(
        Reference(Agreement, ("goals", "*", "targets", "*", *field), model, label)
        for field, model, label in _TARGET_REFERENCES
    ),
    *(
        Reference(Promise, ("commitments", "*", "targets", "*", *field), model, label)
        for field, model, label in _TARGET_REFERENCES
    ),
    Reference(Promise, ("police_area",), PoliceArea, "lokalpolisområde"),
    Reference(Promise, ("region",), Region, "polisregion"),
    Reference(Promise, ("municipalities", "*"), Municipality, "kommun"),
    Reference(Area, ("municipality",), Municipality, "kommun"),
    Reference(Area, ("police_area",), PoliceArea, "lokalpolisområde"),
    Reference(Area, ("region",), Region, "polisregion"),
    Reference(Area, ("classifications", "*", "assessment"), Assessment, "lägesbild"),
    Reference(Assessment, ("regions", "*", "region"), Region, "polisregion"),
    Reference(PoliceArea, ("region",), Region, "polisregion"),
    Reference(PoliceArea, ("municipalities", "*"), Municipality, "kommun"),
)


@dataclass(frozen=True)
class Use:
    """Records of `source` read records of `target` beyond a reference: `why`."""

    source: type[RecordModel]
    target: type[RecordModel]
    why: str


USES: tuple[Use, ...] = (
    Use(Agreement, Revision, "revision due: the revisions of the agreement"),
    Use(Agreement, Area, "areas targets: the areas on the list"),
    Use(Agreement, FollowUp, "indicator targets: the measurements in follow-ups"),
    Use(Agreement, Remiss, "the agreement report: its remisses"),
    Use(Remiss, Revision, "the revision on remiss"),
    Use(Revision, Revision, "continues: the areas of the earlier revisions"),
    Use(Assessment, Area, "the published totals against the areas recorded"),
)


@cache
def independent_kinds() -> frozenset[str]:
    """The kinds no other record depends on: each of their records is checked, evaluated and
    rendered against the records of the other kinds alone."""
    depended_on = {reference.target for reference in REFERENCES} | {use.target for use in USES}
    return frozenset(kind.name for kind in KINDS if kind.model not in depended_on)


def is_independent(kind: Kind | None) -> bool:
    return kind is not None and kind.name in independent_kinds()
