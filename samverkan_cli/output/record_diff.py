"""A diff of records as terminal text, as Markdown for a pull-request comment, or as JSON."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

from samverkan_cli.checks.completeness import COMPLETE, Completeness
from samverkan_cli.diff.records import DatasetDiff, RecordChange
from samverkan_cli.output.documents.templating import markdown_escape
from samverkan_cli.records.dates import format_date
from samverkan_cli.records.models import KINDS_BY_NAME

CHANGE_WORDS = {
    "added": "ny",
    "removed": "borttagen",
    "renamed": "nytt namn",
    "changed": "ändrad",
    "invalid": "ogiltig (kör samverkan validate)",
    "internal": "märkt intern, visas inte",
}


def _headline(change: RecordChange, code: Callable[[str], str], text: Callable[[str], str]) -> str:
    word = CHANGE_WORDS[change.change]
    kind = KINDS_BY_NAME[change.kind].heading
    # No doubled label: "Medborgarlöfte 2022 för …", not "Medborgarlöfte Medborgarlöfte 2022".
    named = (
        change.title
        if change.title.casefold().startswith(kind.casefold())
        else f"{kind} {change.title}"
    )
    head = f"{text(named)} ({code(change.path)}): {word}"
    if change.change == "renamed":
        was = change.old_id if change.old_id and change.old_id != change.id else None
        if was:
            head += f", id {code(was)} → {code(change.id)}"
        if change.old_path:
            head += f", från {code(change.old_path)}"
    return head


def as_text(diff: DatasetDiff, found: Completeness = COMPLETE) -> str:
    lines = [diff.access] if diff.access else []
    lines += [f"Ofullständig: {found.notice()}"] if not found.complete else []
    if diff.empty:
        return "\n".join([*lines, "Inga ändringar i posterna.", ""])
    for change in diff.records:
        lines.append(_headline(change, str, str))
        if change.note:
            lines.append(f"  Fel: {change.note}")
        lines += [f"  {line}" for line in change.summary]
        lines += [f"  {f.label}: {f.old} → {f.new}" for f in change.fields]
    if diff.statuses:
        lines.append(f"Status {format_date(diff.as_of)} som ändras:")
        lines += [
            f"  {s.record} › {s.target}: {s.old or '–'} → {s.new or '–'}" for s in diff.statuses
        ]
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """A path as inline code, on one line: a line break in a file name would end the list
    item and let the rest be read as Markdown (a heading, raw HTML)."""
    flat = " ".join(text.replace("`", "").split())
    return f"`{flat}`"


def _in_item(text: str) -> str:
    """A value on one line, so it stays inside its list item (a blank line would end it)."""
    return markdown_escape(" ".join(text.split()))


def as_markdown(diff: DatasetDiff, found: Completeness = COMPLETE) -> str:
    lines = ["### Ändringar i posterna", ""]
    if diff.access:
        lines += [f"**{markdown_escape(diff.access)}**", ""]
    if not found.complete:
        lines += [f"> **Ofullständig.** {markdown_escape(found.notice())}", ""]
    if diff.empty:
        return "\n".join([*lines, "Inga ändringar i posterna.", ""])
    for change in diff.records:
        lines.append(f"- **{_headline(change, _code, markdown_escape)}**")
        if change.note:
            lines.append(f"  - **Fel:** {_in_item(change.note)}")
        lines += [f"  - {_in_item(line)}" for line in change.summary]
        lines += [
            f"  - {_in_item(f.label)}: {_in_item(f.old)} → {_in_item(f.new)}" for f in change.fields
        ]
    if diff.statuses:
        lines += ["", f"#### Status {format_date(diff.as_of)} som ändras", ""]
        lines += ["| Post | Mål | Före | Efter |", "|---|---|---|---|"]
        lines += [
            "| "
            + " | ".join(
                markdown_escape(" ".join(part.split()))
                for part in (s.record, s.target, s.old or "–", s.new or "–")
            )
            + " |"
            for s in diff.statuses
        ]
    return "\n".join(lines) + "\n"


def as_json(diff: DatasetDiff, found: Completeness = COMPLETE) -> str:
    document = {
        "as_of": diff.as_of.isoformat(),
        **found.to_dict(),
        **({"access": diff.access} if diff.access else {}),
        "records": [dataclasses.asdict(change) for change in diff.records],
        "statuses": [dataclasses.asdict(change) for change in diff.statuses],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[DatasetDiff, Completeness], str]] = {
    "text": as_text,
    "md": as_markdown,
    "json": as_json,
}
