"""A revision diff as a rich table in the terminal."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from samverkan_cli.diff.revisions import AreaChange, RevisionDiff
from samverkan_cli.output.wrapping import words_kept_whole

CHANGE_STYLES = {
    AreaChange.KEPT: "dim",
    AreaChange.RENAMED: "cyan",
    AreaChange.MERGED: "blue",
    AreaChange.SPLIT: "magenta",
    AreaChange.DROPPED: "red",
    AreaChange.NEW: "green",
}


def revision_diff_table(diff: RevisionDiff, title: str) -> RenderableType:
    areas = Table(title=Text(title), title_justify="left", expand=True)
    areas.add_column("Ändring", no_wrap=True)
    areas.add_column(f"Revision {diff.before.id}", ratio=1)
    areas.add_column(f"Revision {diff.after.id}", ratio=1)
    for change in diff.areas:
        areas.add_row(
            Text(change.change.swedish, style=CHANGE_STYLES[change.change]),
            Text("\n".join(area.title for area in change.before) or "–"),
            Text("\n".join(area.title for area in change.after) or "–"),
            end_section=True,
        )
    if not diff.goals_compared:
        goals = Text(
            "Mål: revisionerna anger inga egna mål; överenskommelsens mål gäller för båda."
        )
    elif not diff.goals:
        goals = Text("Mål: desamma i båda revisionerna.")
    else:
        goals = Text(
            "Mål:\n"
            + "\n".join(
                f"  {goal.change.swedish}: {goal.title}"
                + (f" ({'; '.join(goal.details)})" if goal.details else "")
                for goal in diff.goals
            )
        )
    return Group(words_kept_whole(areas), goals)
