"""Find values in a record by a path pattern, where `*` stands for every item of a list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from samverkan_cli.loading.yaml_reader import PathKey

Found = list[tuple[PathKey, Any]]
_NO_FIELDS: dict[str, Any] = {}


def values_at(model: Any, pattern: Sequence[str]) -> Found:
    """(path, value) for every value matching `pattern`; absent (None) values are skipped."""
    current: Found = [((), model)]
    for head in pattern:
        found: Found = []
        if head == "*":
            for path, value in current:
                for index, item in enumerate(value or ()):
                    found.append(((*path, index), item))
        else:
            for path, value in current:
                child = _fields(value).get(head)
                if child is not None:
                    found.append(((*path, head), child))
        current = found
    return current


def plain_values(values: list[Any], pattern: Sequence[str]) -> list[Any]:
    """The values `values_at` finds below each of `values`, without their paths: the quick
    look for a check, which needs the paths only when something is wrong."""
    for head in pattern:
        if head == "*":
            values = [item for value in values for item in (value or ())]
        else:
            values = [child for value in values if (child := _fields(value).get(head)) is not None]
    return values


def _fields(value: Any) -> dict[str, Any]:
    """A model's field values (a pydantic model keeps them, and only them, in its __dict__):
    a method of the same name is not a value."""
    fields: dict[str, Any] = getattr(value, "__dict__", _NO_FIELDS)
    return fields


def raw_values_at(data: Any, pattern: Sequence[str]) -> Found:
    """(path, value) at `pattern` in a file's plain data (`*` for every item of a list)."""
    current: Found = [((), data)]
    for head in pattern:
        found: Found = []
        for path, value in current:
            if head == "*" and isinstance(value, list):
                found += [((*path, index), item) for index, item in enumerate(value)]
            elif head != "*" and isinstance(value, dict) and value.get(head) is not None:
                found.append(((*path, head), value[head]))
        current = found
    return current
