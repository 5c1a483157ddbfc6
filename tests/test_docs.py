"""The README says what the tool has: its commands and their options, and its diagnostic codes.

In the manner of sqlite-utils' tests/test_docs.py: each item is its own test, so a failure
names the command, option or code that the README and the code disagree on.
"""

from __future__ import annotations

import datetime
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import run_cli
from typer.core import TyperGroup

from samverkan_cli import api
from samverkan_cli.cli.app import app
from samverkan_cli.diagnostics import Code, codes_table

REPO = Path(__file__).parent.parent
README_PATH = REPO / "README.md"
README = README_PATH.read_text(encoding="utf-8")
SOURCES = sorted(
    path
    for path in (REPO / "samverkan_cli").rglob("*.py")
    if path != REPO / "samverkan_cli" / "diagnostics.py"
)

CodePath = tuple[str, ...]


def _commands(command: Any, path: CodePath = ()) -> Iterator[tuple[CodePath, Any]]:
    """Every command and group under `command` (the app itself as ()), by its words."""
    yield path, command
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            if not sub.hidden:
                yield from _commands(sub, (*path, name))


COMMANDS = dict(_commands(typer.main.get_command(app)))
LEAVES = sorted(path for path, command in COMMANDS.items() if not isinstance(command, TyperGroup))


def _table(header: str) -> list[list[str]]:
    """The cells of each row of the README's table that starts with `header`."""
    lines = README.splitlines()
    start = lines.index(header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def _documented_commands() -> dict[CodePath, str]:
    """Each row of the command table: the command's words, and the row's text."""
    found = {}
    for row in _table("| kommando | vad det gör |"):
        usage = re.findall(r"`([^`]*)`", row[0])[0].split()
        assert usage[0] == "samverkan", row
        words = tuple(word for word in usage[1:] if re.fullmatch(r"[a-z][a-z-]*", word))
        found[words] = " | ".join(row)
    return found


DOCUMENTED = _documented_commands()


def _options(path: CodePath) -> set[str]:
    command = COMMANDS[path]
    names = {"--help"}
    for parameter in command.params:
        names.update(getattr(parameter, "opts", ()))
        names.update(getattr(parameter, "secondary_opts", ()))
    return names


DOCUMENTED_OPTIONS = sorted(
    {
        (path, option)
        for path, text in DOCUMENTED.items()
        for option in re.findall(r"(?<![\w-])--?[a-z][a-z-]*", text)
        if path in COMMANDS
    }
)


@pytest.mark.parametrize("path", sorted(DOCUMENTED), ids=" ".join)
def test_documented_command_exists(path: CodePath) -> None:
    assert path in COMMANDS, f"README: 'samverkan {' '.join(path)}' finns inte i appen"


@pytest.mark.parametrize("path", LEAVES, ids=" ".join)
def test_command_is_documented(path: CodePath) -> None:
    assert path in DOCUMENTED, f"'samverkan {' '.join(path)}' saknas i README:s kommandotabell"


@pytest.mark.parametrize(
    ("path", "option"), DOCUMENTED_OPTIONS, ids=[" ".join((*p, o)) for p, o in DOCUMENTED_OPTIONS]
)
def test_documented_option_exists(path: CodePath, option: str) -> None:
    assert option in _options(path), f"README: 'samverkan {' '.join(path)}' har inte {option}"


# The codes: the README's table is the registry's, row for row.

CODES_HEADER = "| kod | nivå | betydelse |"
DOCUMENTED_CODES = {re.sub(r"^`|`$", "", row[0]): (row[1], row[2]) for row in _table(CODES_HEADER)}
MENTIONED_CODES = set(DOCUMENTED_CODES) | set(re.findall(r"(?:error|warning)\[([a-z-]+)\]", README))
MENTIONED_CODES.discard("kod")  # the form, `error[kod]`


def _readme_codes_text() -> str:
    lines = README.splitlines(keepends=True)
    start = lines.index(CODES_HEADER + "\n")
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "".join(lines[start:end])


def test_readme_codes_table_is_the_registry(update_golden: bool) -> None:
    """The same codes, severities and meanings in the same order; --update-golden rewrites it."""
    written = _readme_codes_text()
    expected = codes_table()
    if update_golden and written != expected:
        README_PATH.write_text(README.replace(written, expected), encoding="utf-8")
        return
    assert written == expected, (
        "README:s tabell över koder skiljer sig från diagnostics.Code; skriv om den med"
        f" `python -m pytest tests/test_docs.py --update-golden`, eller så här:\n{expected}"
    )


@pytest.mark.parametrize("code", list(Code), ids=str)
def test_registered_code_is_in_readme(code: Code) -> None:
    assert DOCUMENTED_CODES.get(code) == (code.severity.swedish, code.meaning)


@pytest.mark.parametrize("code", sorted(MENTIONED_CODES))
def test_readme_code_is_registered(code: str) -> None:
    assert code in {registered.value for registered in Code}


@pytest.mark.parametrize("code", list(Code), ids=str)
def test_registered_code_is_used(code: Code) -> None:
    """A code that no check can produce is dead."""
    use = re.compile(rf"\bCode\.{code.name}\b")
    users = [path for path in SOURCES if use.search(path.read_text(encoding="utf-8"))]
    assert users, f"Code.{code.name} används ingenstans i samverkan_cli"


API_DOC = (REPO / "docs" / "api.md").read_text(encoding="utf-8")


def test_the_api_example_runs_and_says_what_it_should(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    example = re.search(r"```python\n(.*?)```", API_DOC, re.S)
    assert example is not None
    monkeypatch.chdir(REPO)
    exec(compile(example.group(1), "docs/api.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"\d+ filer, 0 fel", printed[0])
    assert any(line.endswith(" uppnått") for line in printed)
    assert printed[-2].startswith("# ")
    assert printed[-1].startswith("ingen post med id 'finns-inte'")


@pytest.mark.parametrize("name", sorted(api.__all__))
def test_each_api_name_is_documented(name: str) -> None:
    assert hasattr(api, name)
    if callable(getattr(api, name)) and not isinstance(getattr(api, name), type):
        assert f"`{name}(" in API_DOC, f"docs/api.md does not show {name}"


# The common tasks: the README's commands, run in order on a copy of data/.

TASKS = README.split("## Vanliga uppgifter", 1)[1].split("\n## ", 1)[0]
TASK_COMMANDS = [
    shlex.split(line)
    for block in re.findall(r"```sh\n(.*?)```", TASKS, re.S)
    for line in block.splitlines()
    if line.startswith("samverkan ")
]


def _fill_in(sheet: Path) -> None:
    """What the person does between writing the template and importing it."""
    from openpyxl import load_workbook

    book = load_workbook(sheet)
    promise = str(book["Aktiviteter"].data_validations.dataValidation[0].formula1).strip('"')
    target = book["Mål"]["A2"].value
    row = [promise, datetime.date(2023, 4, 20), target, "Påhittad aktivitet i testet", "Torget"]
    for column, value in enumerate(row, start=1):
        book["Aktiviteter"].cell(2, column, value)
    book.save(sheet)


def test_the_common_tasks_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(TASK_COMMANDS) >= 8
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    for command in TASK_COMMANDS:
        if command[1:3] == ["import", "activities"]:
            _fill_in(Path(command[3]))
        result = run_cli(*command[1:])
        assert result.exit_code == 0, f"{shlex.join(command)}:\n{result.output}"
    promise = (tmp_path / "data/promises/norrmalm/norrmalm-2023.yaml").read_text(encoding="utf-8")
    assert "Trygghetsvandring vid Odenplan" in promise and "Påhittad aktivitet" in promise
    exported = (tmp_path / "samverkan.csv").read_bytes().decode("utf-8-sig")
    assert "norrmalm-2023" in exported and "Trygghetsvandring vid Odenplan" in exported
    assert (tmp_path / "samverkan.xlsx").read_bytes()[:2] == b"PK"
    for pdf in ("lagesrapport.pdf", "norrmalm-2023.pdf"):
        assert (tmp_path / pdf).read_bytes().startswith(b"%PDF")
