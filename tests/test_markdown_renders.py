"""Every Markdown output parses, with CommonMark and GitHub's tables (markdown-it-py), into
the tables and headings intended: no table row read as a paragraph, no table as raw text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, REPO, run_cli
from markdown_it import MarkdownIt

GOLDEN = REPO / "tests" / "golden"

# (tables, headings) of each golden file, as read through.
INTENDED = {
    "agreement-stockholm.md": (3, 6),
    "areas.md": (3, 3),
    "overview.md": (5, 10),
    "promise-centrum-2024.md": (2, 2),
    "promise-norrmalm-2022.md": (1, 2),
    "remiss-ks-2023-740.md": (1, 11),
}


def _parsed(text: str) -> tuple[int, int, int]:
    """(tables, headings, table rows) as a GitHub-flavoured parser reads them."""
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    return (
        sum(token.type == "table_open" for token in tokens),
        sum(token.type == "heading_open" for token in tokens),
        sum(token.type == "tr_open" for token in tokens),
    )


def _written(text: str) -> tuple[int, int, int]:
    """(tables, headings, table rows) as the text is written."""
    lines = text.splitlines()
    separators = sum(line.startswith("|---") for line in lines)
    rows = sum(line.startswith("|") and not line.startswith("|---") for line in lines)
    return separators, sum(line.startswith("#") for line in lines), rows


def test_every_golden_file_is_listed() -> None:
    assert sorted(path.name for path in GOLDEN.glob("*.md")) == sorted(INTENDED)


@pytest.mark.parametrize("name", sorted(INTENDED))
def test_golden_parses_into_its_tables_and_headings(name: str) -> None:
    text = (GOLDEN / name).read_text(encoding="utf-8")
    tables, headings, rows = _parsed(text)
    assert (tables, headings) == INTENDED[name]
    assert (tables, headings, rows) == _written(text)


def test_revision_diff_markdown_parses() -> None:
    result = run_cli("revision", "diff", "stockholm", "--data", DATA, "--format", "md")
    assert result.exit_code == 0
    tables, headings, rows = _parsed(result.stdout)
    assert (tables, headings) == (1, 3)
    assert (tables, headings, rows) == _written(result.stdout)


def test_an_incomplete_document_still_parses(tree: Path) -> None:
    (tree / "areas" / "trasig.yaml").write_text("id: [\n", encoding="utf-8")
    result = run_cli("report", "areas", "--data", tree, "--as-of", "2022-06-30")
    assert result.exit_code == 1
    tables, headings, rows = _parsed(result.stdout)
    assert (tables, headings, rows) == _written(result.stdout)
    tokens = MarkdownIt("commonmark").parse(result.stdout)
    assert any(token.type == "blockquote_open" for token in tokens)


def test_no_label_is_doubled() -> None:
    for name in INTENDED:
        text = (GOLDEN / name).read_text(encoding="utf-8")
        assert "Lokalpolisområde: Lokalpolisområde" not in text
