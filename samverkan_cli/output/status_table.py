"""The status report as rich tables in the terminal, coloured by status, grouped by record."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from samverkan_cli.output.wrapping import words_kept_whole
from samverkan_cli.records.dates import format_date
from samverkan_cli.records.models import KINDS
from samverkan_cli.status.engine import RecordResult, StatusReport
from samverkan_cli.status.model import Status, Summary
from samverkan_cli.support.swedish import format_percent

STATUS_STYLES: dict[Status, str] = {
    Status.REACHED: "bold green",
    Status.ON_TRACK: "green",
    Status.NOT_STARTED: "dim",
    Status.NO_DATA: "magenta",
    Status.BEHIND: "yellow",
    Status.MISSED: "bold red",
}
KIND_TITLES = {kind.name: kind.heading for kind in KINDS}


def status_text(status: Status) -> Text:
    return Text(status.value, style=STATUS_STYLES[status])


def summary_line(summary: Summary) -> Text:
    line = Text()
    parts = [(status, count) for status, count in summary.counts.items() if count]
    for index, (status, count) in enumerate(parts):
        if index:
            line.append(", ")
        line.append(f"{count} ", style="bold")
        line.append(status.value, style=STATUS_STYLES[status])
    line.append(f"; framdrift {summary.progress_text}")
    return line


def _record_table(record: RecordResult) -> Table:
    table = Table(
        title=Text(f"{KIND_TITLES[record.kind]}: {record.title} ({record.id})"),
        title_justify="left",
        caption=summary_line(record.summary) if record.summary and record.groups else None,
        caption_justify="left",
        expand=True,
    )
    table.add_column("Mål", ratio=3, overflow="fold")
    table.add_column("Status", no_wrap=True)
    table.add_column("Framdrift", justify="right", no_wrap=True)
    table.add_column("Varför", ratio=5, overflow="fold")
    if not record.groups:
        table.add_row(Text("Inga mätbara mål", style="dim"), "", "–", "")
    for group in record.groups:
        table.add_row(
            Text(group.title, style="bold"),
            "",
            format_percent(group.summary.progress),
            summary_line(group.summary)
            if len(group.targets) > 1
            else ("" if group.targets else "Inget mätbart mål."),
            end_section=not group.targets,
        )
        if not group.targets:
            continue
        for index, target in enumerate(group.targets):
            table.add_row(
                Text("  " + target.title),
                status_text(target.result.status),
                format_percent(target.result.progress),
                Text(target.result.sentence),
                end_section=index == len(group.targets) - 1,
            )
    return words_kept_whole(table)


def _areas_table(records: list[RecordResult]) -> Table:
    table = Table(title="Utsatta områden", title_justify="left", expand=True)
    table.add_column("Område", ratio=1)
    table.add_column("Läge", ratio=3)
    for record in records:
        table.add_row(Text(record.title), Text(record.sentence or ""))
    return words_kept_whole(table)


def _overview_table(records: list[RecordResult]) -> Table:
    table = Table(
        title=f"{len(records)} poster",
        title_justify="left",
        caption="Ange id (samverkan status ID …) eller --details för varje mål och varför.",
        caption_justify="left",
        expand=True,
    )
    table.add_column("Post", ratio=3, overflow="fold")
    table.add_column("Mål", justify="right", no_wrap=True)
    table.add_column("Läge", ratio=4, overflow="fold")
    for record in records:
        targets = sum(len(group.targets) for group in record.groups)
        table.add_row(
            Text(f"{KIND_TITLES[record.kind]}: {record.title} ({record.id})"),
            str(targets),
            summary_line(record.summary) if record.summary else "",
        )
    return words_kept_whole(table)


def status_tables(report: StatusReport, details: bool = True) -> RenderableType:
    """A table per record with every target, or without `details` a line per record."""
    heading = Text(f"Status {format_date(report.as_of)}", style="bold")
    parts: list[RenderableType] = [heading]
    records = [record for record in report.records if record.kind != "area"]
    if details:
        parts += [_record_table(record) for record in records]
    elif records:
        parts.append(_overview_table(records))
    areas = [record for record in report.records if record.kind == "area"]
    if areas:
        parts.append(_areas_table(areas))
    if not report.records:
        parts.append(Text("Inga poster att visa för detta urval."))
    return Group(*parts)
