"""The record kinds: which model a file holds, decided by where it lies under the data root."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from samverkan_cli.records.layouts import LAYOUTS_BY_KIND, Layout
from samverkan_cli.records.models.agreement import Agreement, FollowUp, Remiss, Revision
from samverkan_cli.records.models.area import Area, Assessment
from samverkan_cli.records.models.base import RecordModel
from samverkan_cli.records.models.promise import Promise
from samverkan_cli.records.models.reference import Organisation


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[RecordModel]
    title: str
    """Swedish name, used in messages and schema titles."""
    example: str = ""
    """An id of a record of this kind (from the seeds), for messages."""

    @cached_property
    def heading(self) -> str:
        """The Swedish name with a capital, to begin a title or a line with."""
        return self.title[:1].upper() + self.title[1:]

    @cached_property
    def place(self) -> Layout:
        """Where records of this kind lie (records/layouts.py)."""
        return LAYOUTS_BY_KIND[self.name]

    @property
    def layout(self) -> str:
        return self.place.pattern

    @property
    def scope(self) -> str | None:
        return self.place.scope

    @property
    def parts(self) -> tuple[str, ...]:
        return self.place.parts

    def match(self, parts: tuple[str, ...]) -> dict[str, str] | None:
        """The `{field}` values of a relative path, or None when the path is not of this kind."""
        return self.place.match(parts)

    def path_for(self, parts: tuple[str, ...], values: dict[str, str]) -> tuple[str, ...]:
        """Where a record of this kind with these `{field}` values belongs: `parts` (a path
        of this kind) with each `{field}` part made from `values`, the `*` folders kept."""
        found = []
        for pattern, part in zip(self.parts, parts, strict=True):
            if pattern.startswith("{"):
                name, _, suffix = pattern[1:].partition("}")
                found.append(values.get(name, part[: len(part) - len(suffix)]) + suffix)
            else:
                found.append(part)
        return tuple(found)


KINDS: tuple[Kind, ...] = (
    Kind("agreement", Agreement, "samverkansöverenskommelse", example="stockholm"),
    Kind("revision", Revision, "revision", example="2023"),
    Kind("remiss", Remiss, "remiss", example="ks-2023-740"),
    Kind("followup", FollowUp, "uppföljning", example="gangvald-presstraff"),
    Kind("promise", Promise, "medborgarlöfte", example="norrmalm-2022"),
    Kind("area", Area, "utsatt område", example="husby"),
    Kind("assessment", Assessment, "nationell lägesbild", example="2019"),
    Kind("organisation", Organisation, "organisation", example="lpo-norrmalm"),
)
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}


def kind_for_path(parts: tuple[str, ...]) -> tuple[Kind, dict[str, str]] | None:
    for kind in KINDS:
        captured = kind.match(parts)
        if captured is not None:
            return kind, captured
    return None
