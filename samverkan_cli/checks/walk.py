"""Find values in a record by a path pattern, where `*` stands for every item of a list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from samverkan_cli.loading.yaml_reader import PathKey


def values_at(
    model: Any, pattern: tuple[str, ...], prefix: PathKey = ()
) -> Iterator[tuple[PathKey, Any]]:
    """(path, value) for every value matching `pattern`; absent (None) values are skipped."""
    if not pattern:
        if model is not None:
            yield prefix, model
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        for index, item in enumerate(model or ()):
            yield from values_at(item, rest, (*prefix, index))
    elif hasattr(model, head):
        yield from values_at(getattr(model, head), rest, (*prefix, head))
