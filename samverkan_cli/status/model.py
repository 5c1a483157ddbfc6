"""What an evaluation returns: a status, a progress share and a sentence that says why."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from typing import Any

from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models import Activity, Agreement, Promise


class Status(StrEnum):
    """From best to worst; `--fail-on` compares by this order."""

    REACHED = "uppnått"
    ON_TRACK = "i fas"
    NOT_STARTED = "ej påbörjat"
    NO_DATA = "ingen data"
    BEHIND = "efter plan"
    MISSED = "ej uppnått"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def slug(self) -> str:
        """`efter-plan`: the form used on the command line."""
        return self.value.replace(" ", "-").replace("å", "a").replace("ä", "a").replace("ö", "o")


# Iterating an enum class, and an enum's .value, are slow (descriptors); a report of 10 000
# records makes 50 000 summaries and asks for 400 000 status texts.
_STATUSES = tuple(Status)
_RANKS = {status: rank for rank, status in enumerate(_STATUSES)}
STATUS_TEXT = {status: status.value for status in _STATUSES}
STATUS_SLUG = {status: status.slug for status in _STATUSES}


@dataclass(frozen=True)
class TargetStatus:
    status: Status
    sentence: str
    """Swedish, says why: "5 av 8 trygghetsvandringar; 6 väntade vid denna tid"."""
    progress: float | None = None
    """Share of the way to the target, 0–1; None when it cannot be known."""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What an evaluator may look at besides its target."""

    as_of: datetime.date
    dataset: Dataset
    agreement: Agreement | None = None
    promise: Promise | None = None

    def known(self, date: PartialDate) -> bool:
        """True when `date` has begun by the as-of date ("on or before")."""
        return date.start() <= self.as_of

    @cached_property
    def activities(self) -> dict[str, list[tuple[datetime.date, Activity]]]:
        """The promise's activities known on the as-of date, by target, oldest first."""
        found: dict[str, list[tuple[datetime.date, Activity]]] = {}
        for activity in self.promise.activities if self.promise else ():
            start = activity.date.start()
            if start <= self.as_of:
                found.setdefault(activity.target, []).append((start, activity))
        for entries in found.values():
            entries.sort(key=lambda entry: entry[0])
        return found


@dataclass(frozen=True)
class Summary:
    counts: dict[Status, int]
    progress: float | None
    """The mean of the children's progress (Decidim's parent result), of those with data."""
    measured: int = 0
    """How many children have a progress: the mean is of these alone."""

    @classmethod
    def of(cls, statuses: Iterable[Status], progresses: Sequence[float | None]) -> Summary:
        counts = dict.fromkeys(_STATUSES, 0)
        for status in statuses:
            counts[status] += 1
        known = [progress for progress in progresses if progress is not None]
        return cls(counts, sum(known) / len(known) if known else None, len(known))

    @property
    def coverage(self) -> str:
        """ "(1 av 4 mål med data)" when some children have no progress; else empty."""
        if self.progress is None or self.measured >= self.total:
            return ""
        return f"({self.measured} av {self.total} mål med data)"

    @property
    def progress_text(self) -> str:
        """ "60 %", or "60 % (1 av 4 mål med data)" when some have none; "–" for none."""
        from samverkan_cli.support.swedish import format_percent

        return " ".join(part for part in (format_percent(self.progress), self.coverage) if part)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def worst(self) -> Status | None:
        present = [status for status, count in self.counts.items() if count]
        return max(present, key=lambda status: status.rank) if present else None


def elapsed_share(start: datetime.date, end: datetime.date, as_of: datetime.date) -> Fraction:
    """Share of the days from `start` to `end` (both included) that have passed on `as_of`.

    Exact, so that "15 of 29 on day 15 of 29" is on pace, not a rounding error behind.
    """
    total = (end - start).days + 1
    if total <= 0:
        return Fraction(1)
    passed = (as_of - start).days + 1
    return min(max(Fraction(passed, total), Fraction(0)), Fraction(1))
