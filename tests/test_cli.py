"""The command line as a user meets it: help, version, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, run_cli

from samverkan_cli import __version__


def test_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"samverkan {__version__}"


def test_help_lists_every_command_with_a_description() -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    for command in ("validate", "schema"):
        line = next(line for line in result.output.splitlines() if line.strip().startswith(command))
        assert len(line.split()) > 1, f"{command} has no description"


def test_console_script_runs_as_module() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "samverkan_cli", "--version"], capture_output=True, text=True
    )
    assert completed.returncode == 0
    assert __version__ in completed.stdout


def test_validate_passes_on_the_true_records() -> None:
    result = run_cli("validate", "--data", DATA)
    assert result.exit_code == 0, result.output
    # The only word: of the 25 areas the 2019 assessment lists in the region, the records
    # hold the six särskilt utsatta ones (all the sources name).
    *warnings, summary = result.output.strip().splitlines()
    assert summary.endswith("0 fel, 1 varning")
    assert [line.split(": ")[1] for line in warnings] == ["warning[count-mismatch]"]


def test_missing_data_directory_exits_2(tmp_path: Path) -> None:
    result = run_cli("validate", "--data", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "finns inte" in result.output


def test_path_outside_data_exits_2(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("id: x\n", encoding="utf-8")
    result = run_cli("validate", "--data", tree, outside)
    assert result.exit_code == 2
    assert "utanför datakatalogen" in result.output


def test_unknown_option_exits_2() -> None:
    assert run_cli("validate", "--no-such-option").exit_code == 2


# Click's and typer's words in Swedish (issue 16, point 7).

ENGLISH = (
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "Try '",
    "for help",
    "Invalid value",
    "Missing",
    "Error",
    "is not one of",
    "default:",
    "required",
    "No such",
    "Did you mean",
    "unexpected",
    "requires",
    "Input should",
    "<str>",
    "<int>",
    "<path>",
    "<dir>",
    "list[",
)


@pytest.mark.parametrize(
    ("args", "exit_code", "swedish"),
    [
        (["--help"], 0, "Användning: samverkan [FLAGGOR] KOMMANDO [ARGUMENT]..."),
        ([], 2, "Kommandon:"),
        (["status", "--help"], 0, "Visa den här hjälpen och avsluta."),
        (["report", "--help"], 0, "[standard: md]"),
        (["diff", "--help"], 0, "Flaggor:"),
        (["revision", "diff", "--help"], 0, "AVTAL  Överenskommelsens id."),
        (["validate", "--help"], 0, "SÖKVÄG …  Filer eller kataloger"),
        (["remiss", "--help"], 0, "Kommandon:"),
        (
            ["status", "--format", "xml"],
            2,
            "Fel: ogiltigt värde för '--format': 'xml' är inte ett av 'table', 'json'",
        ),
        (["report", "agreement", "--data", DATA], 2, "ange id för överenskommelse"),
        (["revision", "diff"], 2, "Fel: argumentet 'AVTAL' saknas."),
        (["status", "--nope"], 2, "Fel: flaggan --nope finns inte"),
        (["vaildate"], 2, "Fel: kommandot 'vaildate' finns inte. Menade du 'validate'?"),
        (["report", "a", "b", "c"], 2, "Fel: oväntade argument (c)"),
        (["validate", "--max-depth", "x"], 2, "'--max-depth': väntade ett heltal"),
        (["status", "--as-of"], 2, "Fel: flaggan '--as-of' kräver ett värde"),
        (["status", "--kind", "x"], 2, "Skriv 'samverkan status --help' för hjälp."),
    ],
)
def test_the_command_line_speaks_swedish(
    args: list[str | Path], exit_code: int, swedish: str
) -> None:
    result = run_cli(*args)
    assert result.exit_code == exit_code, result.output
    assert swedish in result.output, result.output
    for english in ENGLISH:
        assert english not in result.output, f"{english!r} in:\n{result.output}"
