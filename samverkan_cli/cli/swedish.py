"""Click's and typer's own words in Swedish: help headings, the usage line, the help option and
every usage error ("Invalid value for '--format'", "Missing argument", "No such option"), the
type names and ranges in the help (`<heltal>`, "minst 1"), shell completion's options and
messages, and the prompts (`typer.confirm` asks [j/N]).

Typer (0.29) carries its own copy of click, whose messages are English f-strings, not gettext
calls; typer's few gettext calls use the default domain, which no catalogue serves. So the
words are put in Swedish where they are made: typer's `_`, the help formatter's usage prefix,
the help option's text, the two methods that print an error, and the echo click's own
messages go through. `install()` does it once, when the command line is built (cli/app.py);
the library never prints these. tests/test_cli_swedish.py reads click's and typer's sources
for their English and fails on any of it in what a command says.
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
    "Completion will take effect once you restart the terminal": (
        "Kompletteringen gäller när terminalen har startats om."
    ),
    "Invalid completion instruction.": "ogiltig kompletteringsinstruktion",
    "Couldn't get PowerShell user profile": "kan inte läsa PowerShells användarprofil",
    "Couldn't decode the path automatically": "kan inte avkoda sökvägen",
    "The value you entered was invalid.": "värdet är ogiltigt.",
    "The two entered values do not match.": "värdena är inte lika.",
    "invalid input": "ogiltigt svar",
    "Repeat for confirmation": "Upprepa för att bekräfta",
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
    "list": "en lista",
}


@_message(r"Input should be a valid (?P<kind>[a-z]+)\b.*")
def _pydantic_input(found: re.Match[str]) -> str:
    return f"väntade {_INPUT_KINDS.get(found['kind'], 'ett giltigt värde')}"


_BOUNDS = {
    "greater than or equal to": "minst",
    "less than or equal to": "högst",
    "greater than": "större än",
    "less than": "mindre än",
}


@_message(r"Input should be (?P<bound>(?:greater|less) than(?: or equal to)?) (?P<limit>\S+)")
def _pydantic_bound(found: re.Match[str]) -> str:
    return f"måste vara {_BOUNDS[found['bound']]} {found['limit']}"


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


_PATH_KINDS = {"file": "filen", "dir": "katalogen", "directory": "katalogen", "path": "sökvägen"}
_PATH_PROBLEMS = {
    "does not exist": "finns inte",
    "is a file": "är en fil, inte en katalog",
    "is a directory": "är en katalog, inte en fil",
    "is not readable": "kan inte läsas",
    "is not writable": "kan inte skrivas",
}


@_message(
    r"(?P<kind>file|dir|directory|path) (?P<name>'.*') "
    r"(?P<problem>does not exist|is a file|is a directory|is not readable|is not writable)\."
)
def _path(found: re.Match[str]) -> str:
    return f"{_PATH_KINDS[found['kind']]} {found['name']} {_PATH_PROBLEMS[found['problem']]}"


@_message(r"Could not open file (?P<name>.+?): (?P<reason>.*)")
def _could_not_open(found: re.Match[str]) -> str:
    return f"kan inte öppna filen {found['name']}: {found['reason']}"


@_message(r"Value must be an iterable\.")
def _iterable(found: re.Match[str]) -> str:
    return "väntade en lista av värden"


@_message(r"(?P<value>.+) does not match the formats? (?P<formats>.+?)\.?")
def _formats(found: re.Match[str]) -> str:
    return f"{found['value']} har inte formen {found['formats']}"


@_message(r"Shell (?P<shell>.*?) (?:is )?not supported\.")
def _shell(found: re.Match[str]) -> str:
    supported = "bash, zsh, fish, powershell och pwsh"
    if found["shell"] in ("None", ""):
        return f"kan inte avgöra vilket skal som körs ({supported} stöds)"
    return f"skalet {found['shell']} stöds inte ({supported} gör det)"


@_message(r"(?P<shell>\S+) completion installed in (?P<path>.*)")
def _installed(found: re.Match[str]) -> str:
    return f"komplettering för {found['shell']} installerad i {found['path']}"


@_message(r"Completion instruction \"(?P<instruction>.*)\" not supported\.")
def _instruction(found: re.Match[str]) -> str:
    return f'kompletteringsinstruktionen "{found["instruction"]}" stöds inte'


@_message(r"Error: (?P<rest>.*)")
def _error(found: re.Match[str]) -> str:
    return f"Fel: {swedish(found['rest'])}"


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


def _number_range(minimum: float | None, maximum: float | None) -> str | None:
    """The help's note of an option's range: "minst 1", "högst 9", "1–9"."""
    if minimum is None and maximum is None:
        return None
    if maximum is None:
        return f"minst {minimum}"
    if minimum is None:
        return f"högst {maximum}"
    return f"{minimum}–{maximum}"


COMPLETION_HELP = {
    "--install-completion": "Installera komplettering med tabb för skalet du kör (bash, zsh,"
    " fish): kommandon, flaggor, post-id och rapporttyper.",
    "--show-completion": "Visa kompletteringsskriptet för skalet du kör, för att kopiera det"
    " eller installera det själv.",
}


def _install_completion_words() -> None:
    """The help of `--install-completion` and `--show-completion` in Swedish."""
    import inspect

    import typer.completion

    for function in (
        typer.completion._install_completion_placeholder_function,
        typer.completion._install_completion_no_auto_placeholder_function,
    ):
        for parameter in inspect.signature(function).parameters.values():
            option = parameter.default
            name = "--" + parameter.name.replace("_", "-")
            option.help = COMPLETION_HELP[name].replace("du kör", "som anges")
            if getattr(option, "param_decls", None):
                option.help = COMPLETION_HELP[name]


def _install_echo() -> None:
    """click's own messages that are echoed, not raised (shell completion, prompts), in
    Swedish: the modules that echo them are given an echo that translates first."""
    from typer import _click
    from typer._click import termui, utils

    plain_echo = utils.echo

    def echo(message: Any = None, *args: Any, **kwargs: Any) -> None:
        if isinstance(message, str) and "\n" not in message:
            message = swedish(message)
        plain_echo(message, *args, **kwargs)

    # `typer.echo`, which the commands print with, stays click's own: a record's text is
    # never taken for one of click's messages.
    _click.echo = echo
    termui.echo = echo  # type: ignore[attr-defined]


_YES = ("j", "ja", "y", "yes")
_NO = ("n", "nej", "no")


def _install_prompts() -> None:
    """`typer.confirm` asking [j/N] and taking j, ja or nej (and y, yes, no), and
    `typer.prompt`'s repeat-to-confirm line in Swedish."""
    import typer
    from typer._click import termui
    from typer._click.utils import echo
    from typer.exceptions import Abort

    def confirm(
        text: str,
        default: bool | None = False,
        abort: bool = False,
        prompt_suffix: str = ": ",
        show_default: bool = True,
        err: bool = False,
    ) -> bool:
        choices = "j/n" if default is None else ("J/n" if default else "j/N")
        prompt = f"{text} [{choices}]{prompt_suffix}" if show_default else text + prompt_suffix
        while True:
            try:
                echo(prompt[:-1], nl=False, err=err)
                value = termui.visible_prompt_func(prompt[-1:]).lower().strip()
            except (KeyboardInterrupt, EOFError):
                raise Abort() from None
            if value in _YES:
                answer = True
            elif value in _NO:
                answer = False
            elif default is not None and value == "":
                answer = default
            else:
                echo("Fel: svara j (ja) eller n (nej).", err=err)
                continue
            break
        if abort and not answer:
            raise Abort()
        return answer

    plain_prompt = termui.prompt

    def prompt(text: str, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("confirmation_prompt") is True:
            kwargs["confirmation_prompt"] = "Upprepa för att bekräfta"
        return plain_prompt(text, *args, **kwargs)

    termui.confirm = confirm
    typer.confirm = confirm
    termui.prompt = prompt
    typer.prompt = prompt


def _install_whole_word_wrapping() -> None:
    """Help text wrapped at spaces only: a file name (.pre-commit-config.yaml) or a command
    (`pre-commit install`) is never split at a hyphen, where it would read as two."""
    from typer._click import _textwrap

    plain = _textwrap.TextWrapper

    class WholeWords(plain):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **{**kwargs, "break_on_hyphens": False})

    _textwrap.TextWrapper = WholeWords  # type: ignore[misc]


def install() -> None:
    """Put click's and typer's words in Swedish (idempotent)."""
    import typer.core
    from typer._click import decorators, exceptions, formatting
    from typer._click._compat import get_text_stderr
    from typer._click.utils import echo

    if getattr(formatting.HelpFormatter, "_samverkan_swedish", False):
        return
    typer.core._ = _translate  # type: ignore[attr-defined]
    _install_whole_word_wrapping()

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
        many = inner.startswith("list[") and inner.endswith("]")
        if many:
            inner = inner[len("list[") : -1]
        if inner.endswith(" range"):
            inner = inner.removesuffix(" range")
        choice = "|" in inner
        if not choice:
            inner = type_names.get(inner.lower(), inner)
        if isinstance(self, typer.core.TyperArgument) and self.metavar and not choice:
            return "…" if many else ""  # the metavar says what it is
        return f"<{inner} …>" if many else f"<{inner}>"

    typer.core._TyperParameter.display_type = display_type  # type: ignore[method-assign]

    def usage_display_name(self: typer.core.TyperArgument) -> str:
        """An argument on the usage line as POSIX writes it: a required one bare (`LÖFTE`),
        one that may be left out in brackets; typer's braces read as a choice of values."""
        name: str = self.display_name_raw
        name = name if self.required else f"[{name}]"
        return name + "..." if self.nargs != 1 else name

    typer.core.TyperArgument._usage_display_name = usage_display_name  # type: ignore[method-assign]
    typer.core.describe_number_range = _number_range  # type: ignore[attr-defined,assignment]
    _install_completion_words()
    _install_echo()
    _install_prompts()

    exceptions.ClickException.show = show  # type: ignore[method-assign]
    exceptions.UsageError.show = show_usage  # type: ignore[method-assign]
