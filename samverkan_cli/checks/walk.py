"""Find values in a record by a path pattern, where `*` stands for every item of a list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from samverkan_cli.loading.yaml_reader import PathKey

Found = list[tuple[PathKey, Any]]


def values_at(model: Any, pattern: Sequence[str]) -> Found:
    """(path, value) for every value matching `pattern`; absent (None) values are skipped."""
    return values_below([((), model)], pattern)


def values_below(found: Found, pattern: Sequence[str]) -> Found:
    """Like `values_at`, from values already found (to walk a shared prefix once)."""
    current = found
    for head in pattern:
        if not current:
            break
        found = []
        if head == "*":
            for path, value in current:
                for index, item in enumerate(value or ()):
                    found.append(((*path, index), item))
        else:
            for path, value in current:
                # Only model fields: a method of the same name is not a value.
                if head in getattr(type(value), "__pydantic_fields__", ()):
                    child = getattr(value, head)
                    if child is not None:
                        found.append(((*path, head), child))
        current = found
    return current
