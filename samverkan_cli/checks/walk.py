"""Find values in a record by a path pattern, where `*` stands for every item of a list."""

from __future__ import annotations

from typing import Any

from samverkan_cli.loading.yaml_reader import PathKey


def values_at(model: Any, pattern: tuple[str, ...]) -> list[tuple[PathKey, Any]]:
    """(path, value) for every value matching `pattern`; absent (None) values are skipped."""
    current: list[tuple[PathKey, Any]] = [((), model)]
    for head in pattern:
        found: list[tuple[PathKey, Any]] = []
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
        if not found:
            return found
        current = found
    return current
