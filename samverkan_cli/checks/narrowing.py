"""Which files a `validate` reports on, and a whole tree's result narrowed to them.

`validate PATH…` reports on the files under the paths; `validate --changed-since` and
`--staged` on the files a change touches and on the records pointing at them. Every check
still runs on the whole tree, so the diagnostics of a file do not depend on what is reported:
a whole tree's result, with the index of its files and of what each file's records point at,
gives every smaller report by filtering alone. This module is light (no models): a kept result
is narrowed without reading a record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from samverkan_cli.diagnostics import ValidationResult
from samverkan_cli.records.keys import RecordKey, key_of_path

Parts = tuple[str, ...]
"""A path relative to the data root, as its parts; () is the whole root."""


class TreeIndex(NamedTuple):
    """What narrowing a whole tree's result needs, kept with it."""

    files: list[tuple[str, Parts]]
    """Every file the result reports on, as shown and as parts, in the order of the tree."""
    pointers: dict[Parts, list[RecordKey]]
    """By file, the records its records point at (a revision's `*`: every revision of the
    agreement)."""


def under(parts: Parts, only: Sequence[Parts]) -> bool:
    """Is the file at `parts` under one of the paths `only`?"""
    return any(parts[: len(wanted)] == wanted for wanted in only)


def pointing_at(
    pointers: Mapping[Parts, Iterable[RecordKey]], changed: Iterable[Parts]
) -> list[Parts]:
    """The files whose records point at a changed file's record."""
    keys = {key for key in map(key_of_path, changed) if key is not None}
    revised_agreements = {scope for kind, scope, _ in keys if kind == "revision"}
    return sorted(
        parts
        for parts, found in pointers.items()
        if any(
            pointer in keys or (pointer.id == "*" and pointer.scope in revised_agreements)
            for pointer in found
        )
    )


def reported(
    only: Sequence[Parts] | None, changed: Sequence[Parts] | None, pointing: Iterable[Parts]
) -> list[Parts] | None:
    """The paths a request reports on (None: every file): those under `only`, and with
    `changed`, of those the changed files and the files `pointing` at them."""
    if changed is None:
        return None if only is None else list(only)
    selected = sorted({*changed, *pointing})
    return selected if only is None else [parts for parts in selected if under(parts, only)]


def narrowed(
    result: ValidationResult,
    index: TreeIndex,
    only: Sequence[Parts] | None,
    changed: Sequence[Parts] | None,
) -> ValidationResult:
    """A whole tree's `result` as `validate` reports it for `only` and `changed` (none of
    whose files is gone: a removed file's references are told otherwise)."""
    pointing = pointing_at(index.pointers, changed) if changed is not None else []
    wanted = reported(only, changed, pointing)
    shown = {display for display, parts in index.files if wanted is None or under(parts, wanted)}
    return ValidationResult(len(shown), [d for d in result.diagnostics if d.path in shown])
