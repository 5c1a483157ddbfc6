"""An answer to a question (a prompt or a flag) that is not what was asked for."""

from __future__ import annotations


class Invalid(ValueError):
    """The message says why, in Swedish, and what would be right."""
