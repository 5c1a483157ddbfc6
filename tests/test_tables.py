"""Terminal tables at 80 columns wrap between words: no word is split unless it alone is
wider than its column can be ("Informationsinsa|tser" was the fault)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

from samverkan_cli.cli.app import app
from samverkan_cli.output.wrapping import WIDEST_WORD_COLUMN, words_kept_whole

EXAMPLE = REPO / "examples" / "exempelstad"
WORD = re.compile(r"[^\W\d_]+(?:[-/][^\W\d_]+)*")


def at_80(*args: str | Path) -> str:
    result = CliRunner().invoke(app, [str(arg) for arg in args], env={"COLUMNS": "80"})
    assert result.exit_code in (0, 1), result.output
    if "--format" not in args:
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
    return result.stdout


SHOWN = {"title", "sentence", "name"}
"""The JSON fields whose text the tables show."""


def strings(document: Any) -> list[str]:
    """The shown texts anywhere in a JSON document."""
    if isinstance(document, dict):
        return [
            text
            for key, value in document.items()
            for text in ([value] if key in SHOWN and isinstance(value, str) else strings(value))
        ]
    if isinstance(document, list):
        return [text for value in document for text in strings(value)]
    return []


def split_words(table: str, texts: list[str]) -> list[str]:
    """The words of `texts` (as long as a column may be made) not found whole in `table`."""
    words = {word for text in texts for word in WORD.findall(text)}
    return sorted(word for word in words if len(word) <= WIDEST_WORD_COLUMN and word not in table)


@pytest.mark.parametrize("data", [DATA, EXAMPLE], ids=["data", "exempelstad"])
@pytest.mark.parametrize("as_of", ["2020-06-30", "2024-06-30"])
def test_status_tables_keep_words_whole(data: Path, as_of: str) -> None:
    table = at_80("status", "--data", data, "--as-of", as_of, "--details")
    document = json.loads(at_80("status", "--data", data, "--as-of", as_of, "--format", "json"))
    texts = strings(document["records"])
    assert "Informationsinsatser" in table or data != DATA
    assert split_words(table, texts) == []


def test_the_overview_table_keeps_words_whole() -> None:
    """The line per record that more than 20 records get."""
    import datetime

    from samverkan_cli import api
    from samverkan_cli.output.status_table import status_tables

    found = api.status(DATA, datetime.date(2024, 6, 30))
    console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(status_tables(found.report, details=False))
    table = console.export_text()
    assert "Ange id (samverkan status ID …)" in table
    assert split_words(table, [record.title for record in found.records]) == []


def test_remiss_status_keeps_words_whole() -> None:
    table = at_80("remiss", "status", "--data", DATA, "--as-of", "2024-06-30")
    document = json.loads(
        at_80("remiss", "status", "--data", DATA, "--as-of", "2024-06-30", "--format", "json")
    )
    assert split_words(table, strings(document)) == []


def test_revision_diff_keeps_words_whole() -> None:
    table = at_80("revision", "diff", "stockholm", "--data", DATA)
    from samverkan_cli import api

    diff = api.revision_diff("stockholm", data=DATA).diff
    areas = [area.title for change in diff.areas for area in (*change.before, *change.after)]
    assert split_words(table, areas) == []


SWEDISH_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖ", min_size=1, max_size=18)
SENTENCES = st.lists(SWEDISH_WORDS, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(SENTENCES, SENTENCES), min_size=1, max_size=4))
def test_no_word_that_fits_is_split(rows: list[tuple[str, str]]) -> None:
    """The status table's columns (two that share the width 3:5, two that never wrap): any
    words of up to 18 letters stay whole at 80 columns."""
    table = Table(expand=True)
    table.add_column("Mål", ratio=3, overflow="fold")
    table.add_column("Status", no_wrap=True)
    table.add_column("Framdrift", justify="right", no_wrap=True)
    table.add_column("Varför", ratio=5, overflow="fold")
    for goal, why in rows:
        table.add_row(Text("  " + goal), "ingen data", "100\u00a0%", Text(why))
    console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(words_kept_whole(table))
    output = console.export_text()
    words = {word for goal, why in rows for word in (goal + " " + why).split()}
    assert [word for word in words if word not in output] == []


def test_a_word_wider_than_any_column_is_split_not_lost() -> None:
    table = Table(expand=True)
    table.add_column("Text", ratio=1, overflow="fold")
    table.add_column("Annat", ratio=1, overflow="fold")
    long = "ö" * 120
    table.add_row(Text(long), Text("kort"))
    console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(words_kept_whole(table))
    assert "".join(re.findall(r"ö+", console.export_text())) == long
