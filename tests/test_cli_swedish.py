"""Every word the command line itself says is Swedish: each command's help, and what it says
for a bad option, a missing or bad value, a bad choice, an unknown command. The English to
look for is taken from click's and typer's own sources when the test runs (click's gettext
messages, the texts typer's copy of click raises and echoes), so a new message in a new
version is caught too. The help texts are golden files (tests/golden/help/)."""

from __future__ import annotations

import ast
import importlib.util
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer.core import TyperGroup
from typer.testing import CliRunner

from samverkan_cli.cli.app import app

GOLDEN = Path(__file__).parent / "golden" / "help"
COMMAND = typer.main.get_command(app)

_PLACEHOLDER = re.compile(r"\{[^}]*\}|%\([^)]*\)[sdr]|%[sdr]")
_CALLS = {
    "_",
    "ngettext",
    "fail",
    "echo",
    "secho",
    "BadParameter",
    "UsageError",
    "NoSuchOption",
    "BadOptionUsage",
    "BadArgumentUsage",
    "MissingParameter",
    "ClickException",
    "FileError",
    "Option",
    "help_option",
}
"""The calls whose text a user of a command line can see."""


def _module_path(name: str) -> Path | None:
    """The source of a module; None where it is not installed (typer carries its own copy of
    click, so click itself may be absent)."""
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return None
    return Path(spec.origin) if spec and spec.origin else None


def _texts(node: ast.AST) -> Iterator[str]:
    """The literal text of a string or an f-string (the parts between its placeholders)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield from _PLACEHOLDER.split(node.value)
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                yield part.value


def _called(node: ast.Call) -> str:
    function = node.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


def _messages(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) == "_" and node.args:
            for text in _texts(node.args[0]):
                if re.fullmatch(r"[A-Z][a-z]+", text):  # a heading: `_("Options")`
                    yield f"{text}:"
        if isinstance(node, ast.Call) and _called(node) in _CALLS:
            for argument in node.args:
                yield from _texts(argument)
        if isinstance(node, ast.Call):  # `option(…, help="Show this message and exit.")`
            for keyword in node.keywords:
                if keyword.arg == "help":
                    yield from _texts(keyword.value)
        elif isinstance(node, ast.Return | ast.Assign) and node.value is not None:
            if isinstance(node.value, ast.JoinedStr):  # `return f"Invalid value for {hint}…"`
                yield from _texts(node.value)
            value = node.value
            if (
                isinstance(value, ast.Constant)
                and isinstance(value.value, str)
                and re.fullmatch(r"[A-Z][a-z]+: ?", value.value)  # `prefix = "Usage: "`
            ):
                yield value.value.strip()
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            for argument in node.exc.args:
                yield from _texts(argument)


def _phrase(fragment: str) -> str | None:
    """A fragment worth looking for: two words or more, or one word with a colon or an
    exclamation mark ("Usage:", "Aborted!")."""
    text = fragment.strip(" \n\t.'\"[]()")
    words = re.findall(r"[A-Za-z]+", text)
    if len(words) >= 2 and len(text) >= 6 and re.search(r"[a-z]{2} [a-z]", text):
        return text
    if re.fullmatch(r"[A-Za-z]{4,}[:!]", fragment.strip()):
        return fragment.strip()
    return None


@cache
def english() -> frozenset[str]:
    """click's and typer's English phrases, from their sources."""
    found: set[str] = set()
    for name in _MODULES:
        path = _module_path(name)
        if path is None:
            continue
        for text in _messages(path):
            phrase = _phrase(text)
            if phrase is not None:
                found.add(phrase)
    return frozenset(found)


_MODULES = [
    f"click.{name}"
    for name in ("core", "exceptions", "types", "parser", "decorators", "termui", "formatting")
] + [
    f"typer.{name}"
    for name in (
        "core",
        "rich_utils",
        "_coercion",
        "_param_types",
        "_adapters",
        "_display",
        "completion",
        "_completion_shared",
        "_click.core",
        "_click.exceptions",
        "_click.parser",
        "_click.decorators",
        "_click.termui",
        "_click.formatting",
    )
]


def test_the_english_to_look_for_is_found_in_the_sources() -> None:
    phrases = english()
    for known in (
        "Show this message and exit",
        "Usage:",
        "Invalid value for",
        "No such option:",
        "is not one of",
        "Missing argument",
        "Completion will take effect once you restart the terminal",
        "Install completion for the current shell",
        "Options:",
        "Commands:",
    ):
        # click itself, or the copy typer carries, whose wording differs ("Missing parameter")
        if known.rstrip(":") in _sources():
            assert any(known in phrase or phrase in known for phrase in phrases), known
    assert "Show this message and exit" in " ".join(phrases)
    assert len(phrases) > 60


def _sources() -> str:
    """The text of the modules `english` reads."""
    paths = [_module_path(name) for name in _MODULES]
    return "\n".join(path.read_text(encoding="utf-8") for path in paths if path is not None)


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))


COMMANDS = dict(_commands(COMMAND))


def _probes(path: tuple[str, ...], command: Any) -> Iterator[list[str]]:
    """Command lines that make the command line speak: help, and each kind of mistake."""
    yield [*path, "--help"]
    yield [*path, "--nope"]
    yield [*path, "--dat"]  # close to --data: "Did you mean"
    if isinstance(command, TyperGroup):
        yield list(path)
        yield [*path, "finns-inte"]
        return
    yield list(path)
    yield [*path, *("ett", "två", "tre", "fyra", "fem", "sex")]
    for parameter in command.params:
        for option in getattr(parameter, "opts", ()):
            if not option.startswith("-"):
                continue
            if parameter.is_flag:
                yield [*path, f"{option}=ja"]
            else:
                yield [*path, option]
                yield [*path, option, "xml"]
                yield [*path, option, "0"]


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(app, args, prog_name="samverkan", env={"COLUMNS": "80"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"samverkan crashed on {args}: {result.exception!r}")
    return result.output


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda path: " ".join(path) or "samverkan")
def test_no_english_from_click_or_typer(
    path: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # an -o or --data of "xml" lands here
    phrases = english()
    for args in _probes(path, COMMANDS[path]):
        output = _run(args)
        assert "Traceback" not in output
        heard = [phrase for phrase in phrases if phrase in output]
        assert heard == [], f"samverkan {' '.join(args)}:\n{output}"
        assert not re.search(r"<[a-z]+ range>|x[<>]=\d|list\[|<str>|<int>", output), output


def test_completion_words_are_swedish(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    phrases = english()
    for args in (
        ["--help"],
        ["--show-completion", "tcsh"],
        ["--install-completion", "fish"],
        ["--install-completion"],
    ):
        output = _run(args)
        assert [phrase for phrase in phrases if phrase in output] == [], output


def _golden_name(path: tuple[str, ...]) -> str:
    return "-".join(("samverkan", *path)) + ".txt"


def _sections(text: str) -> dict[str, list[str]]:
    """A help text by its headings ("Användning", "Argument", "Flaggor", "Kommandon")."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        heading = re.fullmatch(r"([A-ZÅÄÖ][a-zåäö]+):(?: (.*))?", line)
        if heading and not line.startswith(" "):
            current = heading[1]
            sections[current] = [heading[2]] if heading[2] else []
        elif current and line.strip():
            sections[current].append(line)
    return sections


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda path: " ".join(path) or "samverkan")
def test_golden_help(path: tuple[str, ...], update_golden: bool) -> None:
    text = _run([*path, "--help"])
    golden = GOLDEN / _golden_name(path)
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}: run pytest --update-golden once"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; if intended, run pytest --update-golden"
    )
    sections = _sections(text)
    assert sections["Användning"][0].startswith(" ".join(("samverkan", *path)))
    # POSIX's usage line: a required argument bare, an optional one in brackets; braces
    # would read as a choice of values
    assert "{" not in sections["Användning"][0]
    # wrapped at spaces only: `pre-commit` or .pre-commit-config.yaml never split in two
    assert not re.search(r"\w-$", text, re.MULTILINE), text
    assert "Flaggor" in sections
    expected = "Kommandon" if isinstance(COMMANDS[path], TyperGroup) else None
    if expected:
        assert expected in sections
    options = re.findall(r"^  (--[a-z-]+)", "\n".join(sections["Flaggor"]), re.MULTILINE)
    assert "--help" in options


def test_every_golden_help_is_a_command() -> None:
    names = {_golden_name(path) for path in COMMANDS}
    stale = sorted(path.name for path in GOLDEN.glob("*.txt") if path.name not in names)
    assert stale == [], "remove the golden help of commands that are gone"


def test_no_help_text_is_missing() -> None:
    for path, command in COMMANDS.items():
        assert command.help, f"samverkan {' '.join(path)} has no help"
        for parameter in command.params:
            if getattr(parameter, "hidden", False):
                continue
            assert parameter.help, f"samverkan {' '.join(path)} {parameter.name} has no help"


def _asking() -> typer.Typer:
    """A command that asks as a command of samverkan would (with typer.confirm and
    typer.prompt), for the prompts' words."""
    asking = typer.Typer()

    @asking.command()
    def ask() -> None:
        if typer.confirm("Skriva filen?"):
            typer.echo("skriven")
        number = typer.prompt("Antal", type=int, confirmation_prompt=True)
        typer.echo(f"antal {number}")

    return asking


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        (
            "j\n3\n3\n",
            ["Skriva filen? [j/N]: ", "skriven", "Upprepa för att bekräfta: ", "antal 3"],
        ),
        ("ja\n3\n3\n", ["skriven"]),
        ("nej\n3\n3\n", ["antal 3"]),
        ("kanske\nj\n3\n3\n", ["Fel: svara j (ja) eller n (nej)."]),
        ("n\ntre\n3\n4\n3\n3\n", ["Fel: väntade ett heltal", "Fel: värdena är inte lika."]),
    ],
)
def test_prompts_ask_and_answer_in_swedish(answers: str, said: list[str]) -> None:
    result = CliRunner().invoke(_asking(), [], input=answers)
    assert result.exit_code == 0, result.output
    for words in said:
        assert words in result.output
    if "nej" in answers or answers.startswith("n\n"):
        assert "skriven" not in result.output
    heard = [phrase for phrase in english() if phrase in result.output]
    assert heard == [], result.output
