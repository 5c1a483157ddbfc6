"""`samverkan validate` as the program runs it: a plain validate goes by the quick entry
(cli/entry.py, no typer) and prints exactly what the typer command prints, with the same exit
code; its result is kept in the user's cache (speed/result_cache.py) and a kept result is
exactly the fresh one, until one byte of the tree changes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AREA, run_cli
from helpers import git, program

from samverkan_cli.speed import result_cache
from samverkan_cli.speed.cache_dir import tree_directory

CHECKOUT = Path(__file__).resolve().parent.parent


def _kept(tree: Path) -> list[Path]:
    directory = tree_directory(tree)
    return sorted(directory.glob("validate-*")) if directory.is_dir() else []


@pytest.fixture
def broken(tree: Path) -> Path:
    """The fixture tree with an unknown key, a bad reference and a warning."""
    (tree / "areas" / "sodra.yaml").write_text(
        AREA.replace("name:", "namn:").replace("lpo-centrum", "lpo-centrm"), encoding="utf-8"
    )
    (tree / "areas" / "extra.yml").write_text("id: extra\n", encoding="utf-8")
    return tree


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--format", "json"],
        ["--format=json", "--max-depth", "3"],
        ["areas"],
        ["--max-file-size", "40"],
    ],
    ids=["text", "json", "json-depth", "path", "size"],
)
def test_the_program_prints_what_the_command_prints(broken: Path, args: list[str]) -> None:
    arguments = ["validate", "--data", broken, *[broken / a if a == "areas" else a for a in args]]
    expected = run_cli(*arguments)
    for _ in range(2):  # the first run keeps the result, the second prints it from the cache
        found = program(*arguments)
        assert (found.stdout, found.stderr, found.returncode) == (
            expected.stdout,
            "",
            expected.exit_code,
        )
    # A file over the size limit is judged by more than its bytes: no result kept.
    assert bool(_kept(broken)) == ("--max-file-size" not in args)


def test_what_is_not_plain_goes_to_the_typer_command(tree: Path) -> None:
    helped = program("validate", "--help")
    assert helped.returncode == 0
    assert helped.stdout.startswith("Användning: python -m samverkan_cli validate [FLAGGOR]")
    assert "--staged" in helped.stdout
    for args in (
        ["validate", "--format", "yaml"],
        ["validate", "--max-depth", "0"],
        ["validate", "--data", tree, "--data", tree],
        ["validate", "--data", tree / "areas" / "norra.yaml"],
        ["validate", "--data", tree, "--rev", "HEAD"],
        ["validate", "--data", tree / "finns-inte"],
        ["validate", "--data", tree, "-x"],
    ):
        expected = run_cli(*args)
        found = program(*args)
        assert found.returncode == expected.exit_code, args
        # typer's usage line names the program as it was started
        assert found.stdout + found.stderr == expected.output.replace(
            "Användning: samverkan", "Användning: python -m samverkan_cli"
        ).replace("'samverkan ", "'python -m samverkan_cli "), args


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_a_kept_result_is_printed_without_the_checks_or_the_formatter(
    tree: Path, output_format: str
) -> None:
    """A tree checked before is answered with the text kept for it: neither typer, the models,
    the diagnostics' classes, the formatter nor dataclasses are imported."""
    (tree / "areas" / "norra.yaml").write_text("namn: x\n", encoding="utf-8")
    fresh = program("validate", "--data", tree, "--format", output_format, cache=False)
    assert program("validate", "--data", tree, "--format", output_format).stdout == fresh.stdout
    probe = (
        "import sys; from samverkan_cli.cli.entry import _validate;"
        f" status = _validate(['validate', '--data', {str(tree)!r}, '--format',"
        f" {output_format!r}]);"
        " print(status, *(name in sys.modules for name in ('typer', 'pydantic',"
        " 'samverkan_cli.diagnostics', 'samverkan_cli.output.diagnostic_formats',"
        " 'dataclasses')))"
    )
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=environment, check=True
    )
    assert found.stdout.startswith(fresh.stdout)
    assert found.stdout.splitlines()[-1] == "1 False False False False False"
    kept = program("validate", "--data", tree, "--format", output_format)
    assert (kept.returncode, kept.stdout) == (1, fresh.stdout)


def test_each_format_is_kept_beside_the_result(tree: Path) -> None:
    """The text of one format is never given for another, and a second format asked of a kept
    result is rendered from it and kept too."""
    text = program("validate", "--data", tree)
    as_json = program("validate", "--data", tree, "--format", "json")
    assert json.loads(as_json.stdout)["files"] == 13
    assert program("validate", "--data", tree).stdout == text.stdout
    assert program("validate", "--data", tree, "--format", "json").stdout == as_json.stdout
    [entry] = _kept(tree)
    outputs = json.loads(entry.read_bytes().split(b"\n", 1)[1])["outputs"]
    assert outputs == {"text": text.stdout, "json": as_json.stdout}


def test_a_ci_format_is_not_kept_as_text(tree: Path) -> None:
    """GitHub's, GitLab's and SARIF's paths depend on where the repository begins, which the
    key does not hold."""
    from samverkan_cli import api

    text, errors = api.validate_output(tree, "github")
    assert (text, errors) == ("13 filer, 0 fel, 0 varningar\n", False)
    [entry] = _kept(tree)
    assert json.loads(entry.read_bytes().split(b"\n", 1)[1])["outputs"] == {}


def test_one_byte_changed_gives_a_fresh_result(tree: Path) -> None:
    first = program("validate", "--data", tree)
    assert (first.returncode, program("validate", "--data", tree).stdout) == (0, first.stdout)
    norra = tree / "areas" / "norra.yaml"
    norra.write_bytes(norra.read_bytes().replace(b"name: Norra", b"name: Norrb", 1))
    assert program("validate", "--data", tree).stdout == first.stdout  # a name: still fine
    norra.write_bytes(norra.read_bytes().replace(b"name: Norrb", b"namn: Norrb", 1))
    changed = program("validate", "--data", tree)
    assert changed.returncode == 1
    assert "error[unknown-key]: okänd nyckel 'namn'" in changed.stdout
    assert changed.stdout == program("validate", "--data", tree, cache=False).stdout


def test_added_removed_and_renamed_files_give_fresh_results(tree: Path) -> None:
    program("validate", "--data", tree)
    (tree / "areas" / "sodra.yaml").write_text(AREA, encoding="utf-8")
    assert "14 filer, 0 fel" in program("validate", "--data", tree).stdout
    (tree / "areas" / "sodra.yaml").rename(tree / "areas" / "sodr.yaml")
    assert "error[path-mismatch]" in program("validate", "--data", tree).stdout
    (tree / "areas" / "sodr.yaml").unlink()
    (tree / "areas" / "tom").mkdir()
    assert program("validate", "--data", tree).stdout.startswith("13 filer, 0 fel")


def test_the_same_tree_under_another_name_is_not_the_same_result(tree: Path) -> None:
    """The data directory as given names the files in the output."""
    (tree / "areas" / "norra.yaml").write_text("namn: x\n", encoding="utf-8")
    direct = program("validate", "--data", tree)
    relative = program("validate", "--data", "data", cwd=tree.parent)
    assert f"{tree}/areas/norra.yaml" in direct.stdout
    assert relative.stdout.startswith("data/areas/norra.yaml:")


def test_a_tree_with_a_symlink_is_not_kept(tree: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.yaml").write_text(AREA, encoding="utf-8")
    (tree / "areas" / "sodra.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    expected = run_cli("validate", "--data", tree)
    assert "symlink-outside" in expected.output
    assert program("validate", "--data", tree).stdout == expected.stdout
    assert _kept(tree) == []


def test_a_file_changed_during_the_run_is_not_kept(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from samverkan_cli import api

    checked = api._checked
    norra = tree / "areas" / "norra.yaml"

    def changing(*args: object) -> object:
        found = checked(*args)  # type: ignore[arg-type]
        norra.write_text(norra.read_text(encoding="utf-8") + "namn: x\n", encoding="utf-8")
        return found

    monkeypatch.setattr(api, "_checked", changing)
    assert api.validate(tree).errors == 0
    monkeypatch.undo()
    assert _kept(tree) == []
    assert api.validate(tree).errors == 1


def test_staged_changes_are_part_of_the_key(repo: Path) -> None:
    assert program("validate", "--staged").stdout == "0 filer, 0 fel, 0 varningar\n"
    git(repo, "rm", "-q", "data/organisations/teststad.yaml")
    deleted = program("validate", "--staged")
    assert deleted.returncode == 1
    assert "data/areas/norra.yaml:5:15: error[unknown-reference]" in deleted.stdout
    git(repo, "reset", "-q", "HEAD", "data/organisations/teststad.yaml")
    assert program("validate", "--staged").stdout == "0 filer, 0 fel, 0 varningar\n"


def test_the_cache_off_keeps_nothing(tree: Path) -> None:
    program("validate", "--data", tree, cache=False)
    assert _kept(tree) == []


def test_the_tool_is_part_of_the_key(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tree.parent / "samverkan_cli"
    shutil.copytree(Path(result_cache.__file__).parent.parent, package)
    monkeypatch.setattr(result_cache, "_PACKAGE", package)
    result_cache._tool.cache_clear()
    first = result_cache._tool()
    (package / "checks" / "references.py").write_text("# changed\n", encoding="utf-8")
    result_cache._tool.cache_clear()
    assert result_cache._tool() != first
    result_cache._tool.cache_clear()


def test_only_the_newest_results_are_kept(tree: Path) -> None:
    norra = tree / "areas" / "norra.yaml"
    for count in range(result_cache.KEEP + 2):
        norra.write_text(norra.read_text(encoding="utf-8") + f"# {count}\n", encoding="utf-8")
        program("validate", "--data", tree)
    assert len(_kept(tree)) == result_cache.KEEP


def test_two_runs_at_once_print_the_same(tree: Path) -> None:
    expected = program("validate", "--data", tree, cache=False).stdout
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    command = [sys.executable, "-m", "samverkan_cli", "validate", "--data", str(tree)]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=environment)
        for _ in range(4)
    ]
    assert [run.communicate(timeout=120)[0] for run in runs] == [expected] * 4
    assert program("validate", "--data", tree).stdout == expected


def test_nothing_is_written_into_the_data_tree(tree: Path) -> None:
    before = sorted(str(path) for path in tree.rglob("*"))
    program("validate", "--data", tree)
    program("validate", "--data", tree)
    assert sorted(str(path) for path in tree.rglob("*")) == before
    assert _kept(tree)
