"""Options and helpers that several commands share."""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from samverkan_cli.api import DEFAULT_DATA as DEFAULT_DATA

if TYPE_CHECKING:
    from samverkan_cli.api import Completeness

DataOption = Annotated[
    Path,
    typer.Option(
        "--data",
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


RevOption = Annotated[
    str | None,
    typer.Option(
        "--rev",
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


def write_output(path: Path | None, content: bytes) -> None:
    """Write to a file whole (temporary file, then rename), or to standard output."""
    if path is None:
        binary = getattr(sys.stdout, "buffer", None)
        if binary is not None:
            binary.write(content)
        else:  # a text-only stream (an embedding program's, say)
            sys.stdout.write(content.decode("utf-8"))
        sys.stdout.flush()
        return
    from samverkan_cli.support.files import write_bytes_atomic

    if not path.parent.is_dir():
        fail(f"katalogen '{path.parent}' finns inte")
    try:
        write_bytes_atomic(path, content)
    except OSError as error:
        fail(f"kan inte skriva '{path}': {error.strerror}")
