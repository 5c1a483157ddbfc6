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
    Organisation,
    OrganisationType,
    Promise,
    RecordModel,
    Remiss,
    Revision,
)


@dataclass(frozen=True)
class Reference:
    source: type[RecordModel]
    pattern: tuple[str, ...]
    target: type[RecordModel]
    label: str
    """What the value names, in Swedish: 'kommun', 'överenskommelse'."""
    types: frozenset[OrganisationType] = frozenset()
    """For a reference to an organisation: the types it may have (any, when empty)."""


_KOMMUN = frozenset({OrganisationType.KOMMUN})
_POLISREGION = frozenset({OrganisationType.POLISREGION})
_LOKALPOLISOMRADE = frozenset({OrganisationType.LOKALPOLISOMRADE})

_SCOPE_REFERENCES: list[tuple[tuple[str, ...], str, frozenset[OrganisationType]]] = [
    (("municipality",), "kommun", _KOMMUN),
    (("region",), "polisregion", _POLISREGION),
    (("police_area",), "lokalpolisområde", _LOKALPOLISOMRADE),
]
"""The fields that place an area or an areas target: each names an organisation of a type."""


def _organisation(
    source: type[RecordModel],
    pattern: tuple[str, ...],
    label: str = "organisation",
    types: frozenset[OrganisationType] = frozenset(),
) -> Reference:
    return Reference(source, pattern, Organisation, label, types)


REFERENCES: tuple[Reference, ...] = (
    Reference(Revision, ("agreement",), Agreement, "överenskommelse"),
    Reference(Remiss, ("agreement",), Agreement, "överenskommelse"),
    Reference(FollowUp, ("agreement",), Agreement, "överenskommelse"),
    Reference(Agreement, ("follows",), Agreement, "överenskommelse"),
    _organisation(Agreement, ("parties", "*", "organisation")),
    _organisation(Revision, ("signatories", "*", "organisation")),
    *(
        _organisation(Agreement, ("goals", "*", "targets", "*", *field), label, types)
        for field, label, types in _SCOPE_REFERENCES
    ),
    *(
        _organisation(Revision, ("goals", "*", "targets", "*", *field), label, types)
        for field, label, types in _SCOPE_REFERENCES
    ),
    _organisation(Remiss, ("respondent", "organisation")),
    _organisation(Remiss, ("sub_referrals", "*", "organisation")),
    _organisation(Remiss, ("handler", "organisation")),
    _organisation(Remiss, ("signed_by", "organisation")),
    _organisation(Promise, ("issuers", "*")),
    _organisation(Promise, ("signed_by", "*", "organisation")),
    _organisation(Promise, ("commitments", "*", "responsible")),
    _organisation(Promise, ("activities", "*", "by")),
    _organisation(Promise, ("dialogues", "*", "by")),
    *(
        _organisation(Promise, ("commitments", "*", "targets", "*", *field), label, types)
        for field, label, types in _SCOPE_REFERENCES
    ),
    Reference(Promise, ("extends",), Promise, "medborgarlöfte"),
    *(_organisation(Area, field, label, types) for field, label, types in _SCOPE_REFERENCES),
    Reference(Area, ("classifications", "*", "assessment"), Assessment, "lägesbild"),
    Reference(Area, ("lineage", "assessment"), Assessment, "lägesbild"),
    Reference(Area, ("lineage", "split_from"), Area, "utsatt område"),
    Reference(Area, ("lineage", "merged_from", "*"), Area, "utsatt område"),
    _organisation(Assessment, ("regions", "*", "region"), "polisregion", _POLISREGION),
    _organisation(Organisation, ("part_of",)),
    _organisation(Organisation, ("municipalities", "*"), "kommun", _KOMMUN),
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
    """The kinds no record of another kind depends on: each of their records is checked,
    evaluated and rendered against the records of the other kinds, and the records of its
    own kind that it refers to (`within_kind`), alone."""
    depended_on = {
        reference.target for reference in REFERENCES if reference.source is not reference.target
    } | {use.target for use in USES}
    return frozenset(kind.name for kind in KINDS if kind.model not in depended_on)


def is_independent(kind: Kind | None) -> bool:
    return kind is not None and kind.name in independent_kinds()


def within_kind(kind: Kind) -> list[Reference]:
    """The references from records of an independent kind to others of the same kind (a
    promise extends another): a share that holds a record also loads those it refers to."""
    return [
        reference
        for reference in REFERENCES
        if reference.source is kind.model and reference.target is kind.model
    ]


def values_of(model: object, pattern: tuple[str, ...]) -> list[str]:
    """The values at `pattern` in a model (`*` for every item of a list)."""
    items: list[object] = [model]
    for part in pattern:
        found: list[object] = []
        for item in items:
            if part == "*":
                found.extend(item if isinstance(item, list | tuple) else ())
            elif (value := getattr(item, part, None)) is not None:
                found.append(value)
        items = found
    return [str(item) for item in items]


_TYPE_EXAMPLES = {
    OrganisationType.KOMMUN: "stockholm",
    OrganisationType.POLISREGION: "polisregion-stockholm",
    OrganisationType.LOKALPOLISOMRADE: "lpo-norrmalm",
}
_ITEM_EXAMPLES = {
    "goals": "otryggheten-halveras",
    "commitments": "otrygga-platser",
    "targets": "trygghetsvandringar",
    "target": "trygghetsvandringar",
    "areas": "systemhotande-brottslighet",
    "continues": "valdsbejakande-extremism",
    "sub_referrals": "sisab",
}
"""Ids of the items within records (a goal, a commitment, a target), by the list or field
that holds them."""


def example_id(model: type[RecordModel], path: tuple[str | int, ...]) -> str:
    """An id of the kind the field at `path` of a `model` record holds, for a message: the
    record's own kind for its `id`, the kind a reference names, the item's kind for an item's
    id (`commitments[0].id`); empty where none is known."""
    names = tuple("*" if isinstance(element, int) else element for element in path)
    if names == ("id",):
        return next((kind.example for kind in KINDS if kind.model is model), "")
    for reference in REFERENCES:
        if reference.source is model and reference.pattern == names:
            typed = [_TYPE_EXAMPLES[t] for t in reference.types if t in _TYPE_EXAMPLES]
            if typed:
                return typed[0]
            return next((kind.example for kind in KINDS if kind.model is reference.target), "")
    named = [name for name in names if name != "*" and name != "id"]
    return _ITEM_EXAMPLES.get(named[-1], "") if named else ""
