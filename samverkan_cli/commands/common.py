"""Options and helpers that several commands share."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

DataOption = Annotated[
    Path,
    typer.Option(
        "--data",
        help="Datakatalogen med posterna.",
        show_default=True,
        file_okay=False,
    ),
]
DEFAULT_DATA = Path("data")


class ExitCode:
    OK = 0
    PROBLEMS = 1
    CANNOT_RUN = 2


def fail(message: str) -> NoReturn:
    """Stop with exit code 2: the command could not run."""
    print(f"samverkan: {message}", file=sys.stderr)
    raise typer.Exit(ExitCode.CANNOT_RUN)


def data_root(path: Path) -> Path:
    if not path.exists():
        fail(f"datakatalogen '{path}' finns inte; ange en annan med --data DIR")
    if not path.is_dir():
        fail(f"'{path}' är ingen katalog; ange datakatalogen med --data DIR")
    return path
