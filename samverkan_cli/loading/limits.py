"""Limits that keep hostile files from costing time or memory; a light module (no parser)."""

from __future__ import annotations

from typing import NamedTuple


class Limits(NamedTuple):
    max_depth: int = 64
    max_nodes: int = 200_000
    """Nodes after expanding aliases; refuses alias bombs without expanding them."""
    max_file_bytes: int = 1024 * 1024
    max_files: int = 100_000
    """Record files in a tree: Sweden's records are a few thousand."""
    max_tree_bytes: int = 1024 * 1024 * 1024
    """All record files together: each is read and parsed in memory."""


class TreeTooLarge(Exception):
    """The tree holds more than the limits allow; the message says how much, in Swedish."""


DEFAULT_LIMITS = Limits()
