"""What a revision changed: prioritised areas (from `continues` links) and goals."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from samverkan_cli.records.models import Goal, PriorityArea, Revision
from samverkan_cli.records.revisions import adopted, first_event


class AreaChange(StrEnum):
    KEPT = "kept"
    RENAMED = "renamed"
    MERGED = "merged"
    SPLIT = "split"
    DROPPED = "dropped"
    NEW = "new"

    @property
    def swedish(self) -> str:
        return {
            AreaChange.KEPT: "kvar",
            AreaChange.RENAMED: "nytt namn",
            AreaChange.MERGED: "sammanslaget",
            AreaChange.SPLIT: "delat",
            AreaChange.DROPPED: "utgår",
            AreaChange.NEW: "nytt",
        }[self]


@dataclass(frozen=True)
class AreaDiff:
    change: AreaChange
    before: list[PriorityArea]
    after: list[PriorityArea]


class GoalChange(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"

    @property
    def swedish(self) -> str:
        return {"added": "nytt", "removed": "utgår", "changed": "ändrat"}[self.value]


@dataclass(frozen=True)
class GoalDiff:
    change: GoalChange
    goal_id: str
    title: str
    details: list[str] = field(default_factory=list)
    """For a changed goal: what changed, in Swedish ("rubriken: 'a' → 'b'")."""


@dataclass(frozen=True)
class RevisionDiff:
    agreement: str
    before: Revision
    after: Revision
    areas: list[AreaDiff]
    goals: list[GoalDiff]
    goals_compared: bool
    """False when neither revision lists goals of its own (the agreement's goals hold)."""


def _same_title(first: str, second: str) -> bool:
    return " ".join(first.casefold().split()) == " ".join(second.casefold().split())


def diff_areas(before: Revision, after: Revision) -> list[AreaDiff]:
    """Each area of `after` as kept, renamed, merged or new; split and dropped areas of `before`.

    Only links to areas of `before` count; a link further back is not a change between these two.
    """
    earlier = {area.id: area for area in before.areas}
    successors: dict[str, list[PriorityArea]] = {area_id: [] for area_id in earlier}
    for area in after.areas:
        for link in area.continues:
            if link in successors:
                successors[link].append(area)
    changes: list[AreaDiff] = []
    reported_splits: set[str] = set()
    for area in after.areas:
        sources = [earlier[link] for link in area.continues if link in earlier]
        if not sources:
            changes.append(AreaDiff(AreaChange.NEW, [], [area]))
        elif len(sources) > 1:
            changes.append(AreaDiff(AreaChange.MERGED, sources, [area]))
        elif len(successors[sources[0].id]) > 1:
            source = sources[0]
            if source.id not in reported_splits:
                reported_splits.add(source.id)
                changes.append(AreaDiff(AreaChange.SPLIT, [source], successors[source.id]))
        elif _same_title(sources[0].title, area.title):
            changes.append(AreaDiff(AreaChange.KEPT, sources, [area]))
        else:
            changes.append(AreaDiff(AreaChange.RENAMED, sources, [area]))
    changes += [
        AreaDiff(AreaChange.DROPPED, [area], []) for area in before.areas if not successors[area.id]
    ]
    return changes


def _goal_details(before: Goal, after: Goal) -> list[str]:
    details = []
    if before.title != after.title:
        details.append(f"rubriken: '{before.title}' → '{after.title}'")
    old = {target.id: target for target in before.targets}
    new = {target.id: target for target in after.targets}
    details += [f"nytt mätbart mål '{target_id}'" for target_id in new if target_id not in old]
    details += [f"mätbart mål '{target_id}' utgår" for target_id in old if target_id not in new]
    for target_id in old.keys() & new.keys():
        first, second = old[target_id].model_dump(), new[target_id].model_dump()
        for key in sorted(first.keys() | second.keys()):
            if first.get(key) != second.get(key):
                old_value, new_value = _shown(first.get(key)), _shown(second.get(key))
                details.append(f"mål '{target_id}', {key}: {old_value} → {new_value}")
    return details


def _shown(value: object) -> str:
    return "–" if value is None else str(value)


def diff_goals(before: list[Goal], after: list[Goal]) -> list[GoalDiff]:
    old = {goal.id: goal for goal in before}
    new = {goal.id: goal for goal in after}
    diffs = [
        GoalDiff(GoalChange.ADDED, goal.id, goal.title) for goal in after if goal.id not in old
    ]
    diffs += [
        GoalDiff(GoalChange.REMOVED, goal.id, goal.title) for goal in before if goal.id not in new
    ]
    for goal in after:
        if goal.id in old:
            details = _goal_details(old[goal.id], goal)
            if details:
                diffs.append(GoalDiff(GoalChange.CHANGED, goal.id, goal.title, details))
    return diffs


def default_pair(revisions: list[Revision]) -> tuple[Revision, Revision] | None:
    """The last adopted revision and the newest one (or the two newest when none is adopted)."""
    ordered = sorted(revisions, key=lambda revision: first_event(revision).start())
    if len(ordered) < 2:
        return None
    newest = ordered[-1]
    before = next((r for r in reversed(adopted(ordered)) if r is not newest), None)
    return (before or ordered[-2]), newest


def pick_pair(
    revisions: dict[str, Revision], before_id: str | None, after_id: str | None
) -> tuple[Revision, Revision] | None:
    """The revisions asked for by id, the defaults of `default_pair` for those not given."""
    if before_id is not None and after_id is not None:
        return revisions[before_id], revisions[after_id]
    defaults = default_pair(list(revisions.values()))
    if defaults is None:
        return None
    return (
        revisions[before_id] if before_id is not None else defaults[0],
        revisions[after_id] if after_id is not None else defaults[1],
    )


def diff_revisions(
    agreement: str, before: Revision, after: Revision, agreement_goals: list[Goal]
) -> RevisionDiff:
    compared = before.goals is not None or after.goals is not None
    old_goals = before.goals if before.goals is not None else agreement_goals
    new_goals = after.goals if after.goals is not None else old_goals
    return RevisionDiff(
        agreement,
        before,
        after,
        diff_areas(before, after),
        diff_goals(old_goals, new_goals) if compared else [],
        compared,
    )
