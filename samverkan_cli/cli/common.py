"""Options and helpers that several commands share."""

from __future__ import annotations

import contextlib
import datetime
import errno
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, NoReturn, cast

import typer

if TYPE_CHECKING:
    from samverkan_cli.records.scope import Scope

from samverkan_cli.api import DEFAULT_DATA as DEFAULT_DATA
from samverkan_cli.cli.completion import organisations_of
from samverkan_cli.support.workflow import GuardedStream

if TYPE_CHECKING:
    from samverkan_cli.api import Completeness

DataOption = Annotated[
    Path,
    typer.Option(
        "--data",
        metavar="KATALOG",
        help="Datakatalogen med posterna.",
        show_default=True,
        file_okay=False,
    ),
]
IncludeInternalOption = Annotated[
    bool,
    typer.Option(
        "--include-internal",
        help="Ta med uppgifter märkta intern (utdata märks då INTERN).",
    ),
]


class ExitCode:
    OK = 0
    PROBLEMS = 1
    CANNOT_RUN = 2


def fail(message: str) -> NoReturn:
    """Stop with exit code 2: the command could not run."""
    print(f"samverkan: {message}", file=sys.stderr)
    raise typer.Exit(ExitCode.CANNOT_RUN)


@contextmanager
def calling_the_library() -> Iterator[None]:
    """Stop with exit code 2 when the library cannot carry out the request; say first that
    records had errors, where it read some."""
    from samverkan_cli.api import CannotRun

    try:
        yield
    except CannotRun as error:
        say_load_errors(error.load_errors)
        fail(str(error))


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="ÅÅÅÅ-MM-DD",
        help="Datum att räkna status för, ÅÅÅÅ-MM-DD (standard: i dag).",
        show_default=False,
    ),
]


def as_of_date(text: str | None) -> datetime.date:
    if text is None:
        return datetime.date.today()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        fail(f"--as-of '{text}' är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2024-06-30")


KommunOption = Annotated[
    str | None,
    typer.Option(
        "--kommun",
        metavar="ID",
        help="Bara det som rör en kommun (id).",
        show_default=False,
        autocompletion=organisations_of("kommun"),
    ),
]
LokalpolisomradeOption = Annotated[
    str | None,
    typer.Option(
        "--lokalpolisomrade",
        metavar="ID",
        help="Bara det som rör ett lokalpolisområde (id).",
        show_default=False,
        autocompletion=organisations_of("lokalpolisområde"),
    ),
]
RegionOption = Annotated[
    str | None,
    typer.Option(
        "--region",
        metavar="ID",
        help="Bara det som rör en polisregion (id).",
        show_default=False,
        autocompletion=organisations_of("polisregion"),
    ),
]
YearOption = Annotated[
    str | None,
    typer.Option(
        "--year",
        metavar="ÅR",
        help="Bara ett år eller en period, t.ex. 2024 eller 2024-2025.",
        show_default=False,
    ),
]


def scope_of(
    kommun: str | None, lokalpolisomrade: str | None, region: str | None, year: str | None
) -> Scope:
    """The records a command is narrowed to, from its options."""
    from samverkan_cli.records.scope import Scope, parse_years

    years = None
    if year is not None:
        try:
            years = parse_years(year)
        except ValueError:
            fail(f"--year '{year}' är inget år; skriv ÅÅÅÅ eller ÅÅÅÅ-ÅÅÅÅ, t.ex. 2024-2025")
    return Scope(kommun, lokalpolisomrade, region, years)


RevOption = Annotated[
    str | None,
    typer.Option(
        "--rev",
        metavar="REF",
        help="Läs posterna som de var vid REF i git (arbetskatalogen rörs inte).",
        show_default=False,
    ),
]


def say_load_errors(errors: int) -> None:
    """Say that records with errors are left out of what a reading command shows."""
    if errors:
        print(
            f"samverkan: {errors} fel i posterna; de poster som inte kunde läsas är inte med"
            " (kör samverkan validate)",
            file=sys.stderr,
        )


def say_incomplete(found: Completeness) -> None:
    """Say on standard error how many errors the records have and which are left out."""
    if not found.complete:
        print(f"samverkan: {found.summary()}", file=sys.stderr)


def exit_if_incomplete(found: Completeness) -> None:
    """Exit 1 when the records have errors (what was asked for is written first)."""
    if not found.complete:
        raise typer.Exit(ExitCode.PROBLEMS)


_OUTPUT_ERRORS = {
    errno.EPIPE: "den som läste slutade läsa (en stängd pipe, som i '| head')",
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "diskkvoten är slut",
    errno.EFBIG: "filen blir för stor",
    errno.EIO: "in- eller utmatningsfel",
    errno.EACCES: "åtkomst nekas",
    errno.EPERM: "åtkomst nekas",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.ENOENT: "sökvägen finns inte",
    errno.EISDIR: "det är en katalog",
    errno.ENOTDIR: "en del av sökvägen är ingen katalog",
}


def output_error(error: OSError) -> str:
    """Why writing failed, in Swedish."""
    return _OUTPUT_ERRORS.get(error.errno or 0, error.strerror or str(error))


def stdout_failed(error: OSError) -> None:
    """Say that standard output could not be written, and write nothing more to it."""
    print(f"samverkan: kan inte skriva till standard ut: {output_error(error)}", file=sys.stderr)
    # What is still buffered goes nowhere, without a second error at exit.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def guarded_stdout() -> IO[str]:
    """Standard output as a file for rich, through `without_workflow_commands`."""
    if isinstance(sys.stdout, GuardedStream):
        return cast(IO[str], sys.stdout)
    return cast(IO[str], GuardedStream(sys.stdout))


def echo(text: str) -> None:
    """`typer.echo(text, nl=False)`; standard output is guarded against workflow commands for
    the whole run (`guard_standard_streams`)."""
    typer.echo(text, nl=False)


def _text_of(content: bytes) -> str | None:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def write_output(path: Path | None, content: bytes) -> None:
    """Write to a file whole (temporary file, then rename), or to standard output."""
    if path is None:
        try:
            binary = getattr(sys.stdout, "buffer", None)
            text = None if content.startswith((b"%PDF", b"PK")) else _text_of(content)
            if text is not None or binary is None:
                # Text (Markdown, CSV, JSON) through the guard against workflow commands.
                sys.stdout.write(text if text is not None else content.decode("utf-8"))
            else:
                binary.write(content)
            sys.stdout.flush()
        except OSError as error:
            stdout_failed(error)
            raise typer.Exit(ExitCode.CANNOT_RUN) from None
        return
    from samverkan_cli.support.files import write_bytes_atomic

    if not path.parent.is_dir():
        fail(f"katalogen '{path.parent}' finns inte")
    try:
        write_bytes_atomic(path, content)
    except OSError as error:
        fail(f"kan inte skriva '{path}': {output_error(error)}")
