"""Click's and typer's own words in Swedish: help headings, the usage line, the help option and
every usage error ("Invalid value for '--format'", "Missing argument", "No such option").

Typer (0.29) carries its own copy of click, whose messages are English f-strings, not gettext
calls; typer's few gettext calls use the default domain, which no catalogue serves. So the
words are put in Swedish where they are made: typer's `_`, the help formatter's usage prefix,
the help option's text, and the two methods that print an error. `install()` does it once,
when the command line is built (cli/app.py); the library never prints these.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO, Any

HELP_TEXT = "Visa den här hjälpen och avsluta."

_WORDS = {
    "Options": "Flaggor",
    "Arguments": "Argument",
    "Commands": "Kommandon",
    "Error": "Fel",
    "Aborted!": "Avbrutet.",
    "Aborted.": "Avbrutet.",
    "Missing command.": "Kommando saknas.",
    "No such command {name!r}.": "kommandot {name!r} finns inte.",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljövariabel: {var}",
    "required": "krävs",
    "(dynamic)": "(beräknas)",
    "(deprecated) ": "(utgår) ",
}
"""typer's gettext messages."""

_PARAMETER_KINDS = {"argument": "argumentet", "option": "flaggan", "parameter": "värdet"}

_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = []


def _message(pattern: str) -> Callable[[Callable[[re.Match[str]], str]], None]:
    def add(make: Callable[[re.Match[str]], str]) -> None:
        _MESSAGES.append((re.compile(pattern, re.DOTALL), make))

    return add


@_message(r"Invalid value for (?P<hint>.+?): (?P<rest>.*)")
def _invalid_for(found: re.Match[str]) -> str:
    return f"ogiltigt värde för {found['hint']}: {swedish(found['rest'])}"


@_message(r"Invalid value: (?P<rest>.*)")
def _invalid(found: re.Match[str]) -> str:
    return f"ogiltigt värde: {swedish(found['rest'])}"


_INPUT_KINDS = {
    "integer": "ett heltal",
    "number": "ett tal",
    "boolean": "true eller false",
    "string": "en text",
    "date": "ett datum",
    "datetime": "en tidpunkt",
    "path": "en sökväg",
}


@_message(r"Input should be a valid (?P<kind>[a-z]+)\b.*")
def _pydantic_input(found: re.Match[str]) -> str:
    return f"väntade {_INPUT_KINDS.get(found['kind'], 'ett giltigt värde')}"


@_message(r"Input should be .*")
def _pydantic_other(found: re.Match[str]) -> str:
    return "ogiltigt värde"


@_message(r"Value error, (?P<rest>.*)")
def _value_error(found: re.Match[str]) -> str:
    return swedish(found["rest"])


@_message(r"(?P<value>.+) is not one of (?P<choices>.+?)\.?")
def _not_one_of(found: re.Match[str]) -> str:
    return f"{found['value']} är inte ett av {found['choices']}"


@_message(r"Value (?P<value>.+) is not a valid (?P<kind>.+?)\.?")
def _not_valid(found: re.Match[str]) -> str:
    return f"{found['value']} är inget giltigt värde ({found['kind']})"


@_message(r"Missing (?P<kind>argument|option|parameter)(?P<hint> [^.]+)?\.(?: (?P<rest>.*))?")
def _missing(found: re.Match[str]) -> str:
    hint = found["hint"] or ""
    text = f"{_PARAMETER_KINDS[found['kind']]}{hint} saknas"
    return f"{text}. {swedish(found['rest'])}" if found["rest"] else f"{text}."


@_message(r"Missing parameter: (?P<name>.*)")
def _missing_parameter(found: re.Match[str]) -> str:
    return f"värdet {found['name']} saknas"


@_message(r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<options>.*)\))?")
def _no_such_option(found: re.Match[str]) -> str:
    text = f"flaggan {found['name']} finns inte"
    return f"{text} (möjliga flaggor: {found['options']})" if found["options"] else text


@_message(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<extra>.*)\)")
def _extra(found: re.Match[str]) -> str:
    return f"oväntade argument ({found['extra']})"


@_message(r"Option (?P<name>.+?) requires (?:an argument|(?P<count>\d+) arguments)\.")
def _requires(found: re.Match[str]) -> str:
    wanted = f"{found['count']} värden" if found["count"] else "ett värde"
    return f"flaggan {found['name']} kräver {wanted}"


@_message(r"Option (?P<name>.+?) does not take a value\.")
def _no_value(found: re.Match[str]) -> str:
    return f"flaggan {found['name']} tar inget värde"


@_message(r"Argument (?P<name>.+?) takes (?P<count>\d+) values\.")
def _takes(found: re.Match[str]) -> str:
    return f"argumentet {found['name']} tar {found['count']} värden"


@_message(r"(?P<message>.+?)\. Did you mean (?P<suggestions>.+)\?")
def _did_you_mean(found: re.Match[str]) -> str:
    return f"{swedish(found['message'] + '.')} Menade du {found['suggestions']}?"


@_message(r"Choose from:(?P<choices>.*)")
def _choose(found: re.Match[str]) -> str:
    return f"Välj bland:{found['choices']}"


def swedish(message: str) -> str:
    """A click or typer message in Swedish (a message not known is left as it is)."""
    for pattern, make in _MESSAGES:
        found = pattern.fullmatch(message)
        if found is not None:
            return make(found)
    return _WORDS.get(message, message)


def _translate(message: str) -> str:
    return _WORDS.get(message, message)


def install() -> None:
    """Put click's and typer's words in Swedish (idempotent)."""
    import typer.core
    from typer._click import decorators, exceptions, formatting
    from typer._click._compat import get_text_stderr
    from typer._click.utils import echo

    if getattr(formatting.HelpFormatter, "_samverkan_swedish", False):
        return
    typer.core._ = _translate  # type: ignore[attr-defined]

    plain_usage = formatting.HelpFormatter.write_usage

    def write_usage(
        self: formatting.HelpFormatter, prog: str, args: str = "", prefix: str | None = None
    ) -> None:
        args = args.replace("[OPTIONS]", "[FLAGGOR]").replace(
            "COMMAND [ARGS]...", "KOMMANDO [ARGUMENT]..."
        )
        plain_usage(self, prog, args, "Användning: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
    formatting.HelpFormatter._samverkan_swedish = True  # type: ignore[attr-defined]

    plain_help_option = decorators.help_option

    def help_option(param_decls: list[str]) -> Callable[[Any], Any]:
        decorate = plain_help_option(param_decls)

        def apply(command: Any) -> Any:
            decorated = decorate(command)
            option: Any = decorated.params[-1]
            option.help = HELP_TEXT
            return decorated

        return apply

    decorators.help_option = help_option

    def show(self: exceptions.ClickException, file: IO[Any] | None = None) -> None:
        echo(
            f"Fel: {swedish(self.format_message())}",
            file=file or get_text_stderr(),
            color=self.show_color,
        )

    def show_usage(self: exceptions.UsageError, file: IO[Any] | None = None) -> None:
        out = file or get_text_stderr()
        color = None
        if self.ctx is not None:
            color = self.ctx.color
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                command, option = self.ctx.command_path, self.ctx.help_option_names[0]
                hint = f"Skriv '{command} {option}' för hjälp.\n"
            echo(f"{self.ctx.get_usage()}\n{hint}", file=out, color=color)
        echo(f"Fel: {swedish(self.format_message())}", file=out, color=color)

    type_names = {
        "str": "text",
        "int": "heltal",
        "float": "tal",
        "bool": "ja|nej",
        "path": "sökväg",
        "dir": "katalog",
        "file": "fil",
        "datetime": "tidpunkt",
    }
    plain_display_type = typer.core._TyperParameter.display_type

    def display_type(self: typer.core._TyperParameter, ctx: Any) -> str:
        shown = plain_display_type(self, ctx)
        inner = shown.removeprefix("<").removesuffix(">")
        if inner.startswith("list[") and inner.endswith("]"):
            item = inner[len("list[") : -1].lower()
            return f"<{type_names.get(item, item)} …>"
        return f"<{type_names[inner]}>" if inner in type_names else shown

    typer.core._TyperParameter.display_type = display_type  # type: ignore[method-assign]

    exceptions.ClickException.show = show  # type: ignore[method-assign]
    exceptions.UsageError.show = show_usage  # type: ignore[method-assign]
