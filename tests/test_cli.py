"""The command line as a user meets it: help, version, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
