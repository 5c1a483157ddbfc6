"""Where each kind of record lies under the data root. Known from paths alone, without the
models, so that what only needs paths (the ids shell completion offers) stays quick."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Layout:
    kind: str
    pattern: str
    """Path under the data root; `{field}` parts must equal the record's field, and a `*`
    part is any folder (promises are grouped as their keepers like, by kommun or by
    lokalpolisområde)."""
    scope: str | None = None
    """Field within which ids are unique (revisions are numbered per agreement)."""

    @cached_property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.pattern.split("/"))

    def match(self, parts: tuple[str, ...]) -> dict[str, str] | None:
        """The `{field}` values of a relative path, or None when the path is not of this kind."""
        if len(parts) != len(self.parts):
            return None
        captured: dict[str, str] = {}
        for pattern, part in zip(self.parts, parts, strict=True):
            if pattern.startswith("{"):
                name, _, suffix = pattern[1:].partition("}")
                if not part.endswith(suffix) or len(part) == len(suffix):
                    return None
                captured[name] = part[: len(part) - len(suffix)]
            elif pattern != part and pattern != "*":
                return None
        return captured


LAYOUTS: tuple[Layout, ...] = (
    Layout("agreement", "agreements/{id}/agreement.yaml"),
    Layout("revision", "agreements/{agreement}/revisions/{id}.yaml", scope="agreement"),
    Layout("remiss", "agreements/{agreement}/remisses/{id}.yaml"),
    Layout("followup", "agreements/{agreement}/followups/{id}.yaml"),
    Layout("promise", "promises/*/{id}.yaml"),
    Layout("area", "areas/{id}.yaml"),
    Layout("assessment", "assessments/{id}.yaml"),
    Layout("organisation", "organisations/{id}.yaml"),
)
LAYOUTS_BY_KIND = {layout.kind: layout for layout in LAYOUTS}


def layout_for_path(parts: tuple[str, ...]) -> tuple[Layout, dict[str, str]] | None:
    """The layout a relative path fits and the fields it gives, or None."""
    for layout in LAYOUTS:
        captured = layout.match(parts)
        if captured is not None:
            return layout, captured
    return None
