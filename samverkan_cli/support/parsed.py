"""Walking parsed YAML: every key and every scalar value, with the path to it."""

from __future__ import annotations

from collections.abc import Iterator

Path = tuple[str | int, ...]


def scalars(data: object, path: Path = ()) -> Iterator[tuple[Path, object]]:
    """(path, scalar) for every key (at the path of its value: a key is printed in messages
    about it) and every scalar value, in the order they stand."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key), key
            yield from scalars(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from scalars(value, (*path, index))
    else:
        yield path, data
