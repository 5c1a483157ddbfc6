"""One evaluator per target kind, all with the same signature: (target, context) → status.

A new kind is one new module here, one line in EVALUATORS and one model in models/targets.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from samverkan_cli.status.kinds import areas, count, indicator, milestone, revision_due
from samverkan_cli.status.model import Context, TargetStatus

Evaluator = Callable[[Any, Context], TargetStatus]

EVALUATORS: dict[str, Evaluator] = {
    "count": count.evaluate,
    "milestone": milestone.evaluate,
    "indicator": indicator.evaluate,
    "areas": areas.evaluate,
    "revision_due": revision_due.evaluate,
}
