"""Find values in a record by a path pattern, where `*` stands for every item of a list."""

from __future__ import annotations

from typing import Any

from samverkan_cli.loading.yaml_reader import PathKey


def values_at(model: Any, pattern: tuple[str, ...]) -> list[tuple[PathKey, Any]]:
    """(path, value) for every value matching `pattern`; absent (None) values are skipped."""
    current: list[tuple[PathKey, Any]] = [((), model)]
    for head in pattern:
        found: list[tuple[PathKey, Any]] = []
        for path, value in current:
            if head == "*":
                found.extend(((*path, index), item) for index, item in enumerate(value or ()))
            elif head in getattr(type(value), "__pydantic_fields__", ()):
                child = getattr(value, head)
                if child is not None:
                    found.append(((*path, head), child))
        current = found
    return current
