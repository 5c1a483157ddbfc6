"""Limits that keep hostile files from costing time or memory; a light module (no parser)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_depth: int = 64
    max_nodes: int = 200_000
    """Nodes after expanding aliases; refuses alias bombs without expanding them."""
    max_file_bytes: int = 1024 * 1024


DEFAULT_LIMITS = Limits()
