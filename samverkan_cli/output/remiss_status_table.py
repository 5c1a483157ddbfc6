"""`remiss status` as terminal tables: one per remiss, a row per referral."""

from __future__ import annotations

import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text

from samverkan_cli.output.wrapping import words_kept_whole
from samverkan_cli.records.dates import format_date
from samverkan_cli.records.models import Remiss
from samverkan_cli.status.remiss import ReferralStatus


def remiss_status_tables(
    as_of: datetime.date, results: list[tuple[Remiss, list[ReferralStatus]]]
) -> Group:
    tables = []
    for remiss, items in results:
        table = Table(
            title=Text(f"Remiss {remiss.diary_number}: {remiss.title} ({format_date(as_of)})"),
            title_justify="left",
            expand=True,
        )
        table.add_column("Remissinstans", ratio=2)
        table.add_column("Sista dag", no_wrap=True)
        table.add_column("Läge", no_wrap=True)
        table.add_column("Varför", ratio=3)
        for index, item in enumerate(items):
            table.add_row(
                Text(item.name if index == 0 else f"  {item.name}"),
                item.deadline.swedish() if item.deadline else "–",
                item.state.value,
                Text(item.sentence),
            )
        tables.append(words_kept_whole(table))
    return Group(*tables)
