"""`validate` warns when a record's modeline (the comment that tells the editor its schema) is
missing or points elsewhere: without it the editor helps with nothing, without a word."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import run_cli

from samverkan_cli.records.modeline import modeline_for
from samverkan_cli.records.models import KINDS

PROMISE = "promises/centrum/centrum-2022.yaml"
README_AREA_LINE = "# yaml-language-server: $schema=../../schemas/area.schema.json"


def _modeline_warnings(tree: Path) -> list[tuple[str, int, int, str]]:
    result = run_cli("validate", "--data", tree, "--format", "json")
    return [
        (Path(d["path"]).relative_to(tree).as_posix(), d["line"], d["column"], d["message"])
        for d in json.loads(result.output)["diagnostics"]
        if d["code"] == "modeline"
    ]


def _first_line(tree: Path, relative: str, line: str | None) -> None:
    path = tree / relative
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0].startswith("# yaml-language-server:")
    lines[0:1] = [] if line is None else [line + "\n"]
    path.write_text("".join(lines), encoding="utf-8")


def test_the_fixture_tree_has_a_right_modeline_in_every_file(tree: Path) -> None:
    assert _modeline_warnings(tree) == []


def test_a_missing_modeline_is_a_warning_that_says_what_to_write(tree: Path) -> None:
    _first_line(tree, PROMISE, None)
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 0  # a warning, not an error
    assert result.output.splitlines()[-1].endswith("0 fel, 1 varning")
    assert _modeline_warnings(tree) == [
        (
            PROMISE,
            1,
            1,
            "raden som pekar ut schemat för editorn saknas; skriv överst i filen"
            " '# yaml-language-server: $schema=../../../schemas/promise.schema.json'"
            " (annars hjälper editorn inte till)",
        )
    ]


def test_the_readme_area_modeline_copied_into_a_promise_is_caught(tree: Path) -> None:
    _first_line(tree, PROMISE, README_AREA_LINE)
    [(path, line, column, message)] = _modeline_warnings(tree)
    assert (path, line, column) == (PROMISE, 1, 33)  # where the path begins
    assert "pekar på schemat för utsatt område" in message
    assert "$schema=../../../schemas/promise.schema.json" in message


def test_a_modeline_one_folder_short_is_caught(tree: Path) -> None:
    _first_line(tree, PROMISE, "# yaml-language-server: $schema=../../schemas/promise.schema.json")
    [(_, _, _, message)] = _modeline_warnings(tree)
    assert "pekar på '../../schemas/promise.schema.json'" in message


@pytest.mark.parametrize(
    "line",
    [
        "# yaml-language-server: $schema=../../../schemas/promise.schema.json",
        # a tree kept deeper than the schemas (as examples/ is)
        "# yaml-language-server: $schema=../../../../schemas/promise.schema.json",
        "# yaml-language-server: $schema=https://example.org/schemas/promise.schema.json",
        "#  $schema: ../../../schemas/promise.schema.json",
    ],
)
def test_modelines_the_editor_finds_the_schema_by_pass(tree: Path, line: str) -> None:
    _first_line(tree, PROMISE, line)
    assert _modeline_warnings(tree) == []


def test_a_modeline_below_the_first_key_is_not_seen(tree: Path) -> None:
    # yaml-language-server reads it only in the comments before the first key.
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    path.write_text(rest + first + "\n", encoding="utf-8")
    [(_, line, _, message)] = _modeline_warnings(tree)
    assert line == 1
    assert "saknas" in message


def test_the_examples_name_their_schemas() -> None:
    examples = Path(__file__).parent.parent / "examples"
    for tree in sorted(path for path in examples.iterdir() if path.is_dir()):
        result = run_cli("validate", "--data", tree, "--format", "json")
        codes = {d["code"] for d in json.loads(result.output)["diagnostics"]}
        assert "modeline" not in codes, tree


def test_the_readme_gives_the_right_modeline_for_each_kind() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"| {kind.title} | `{modeline_for(kind)}` |" in readme, kind.name


@pytest.mark.parametrize(
    "target",
    ["../../../schemas/promise.schema.json", "/proc/self/environ", "file:///etc/passwd"],
)
def test_validate_never_opens_the_schema_a_modeline_names(tree: Path, target: str) -> None:
    # Were the schema opened, the named pipe in its place would hang the run.
    schemas = tree.parent / "schemas"
    schemas.mkdir()
    os.mkfifo(schemas / "promise.schema.json")
    _first_line(tree, PROMISE, f"# yaml-language-server: $schema={target}")
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 0, result.output
