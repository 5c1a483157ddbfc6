"""`samverkan fmt`: the record files in the canonical layout; `--check` for CI."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from samverkan_cli.cli.common import (
    DEFAULT_DATA,
    DataOption,
    ExitCode,
    calling_the_library,
    echo,
)
from samverkan_cli.output.diagnostic_formats import one_line


def run(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="SÖKVÄG",
            help="Filer eller kataloger att formatera (standard: hela datakatalogen).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = DEFAULT_DATA,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Skriv inget; lista filerna som skulle formateras om och avsluta med 1.",
        ),
    ] = False,
) -> None:
    """Formatera posterna: nycklar i modellens ordning, två blanksteg indrag och citattecken
    bara där de behövs. Kommentarer och tomma rader behålls."""
    from samverkan_cli import api

    with calling_the_library():
        done = api.format_records(paths or (), data=data, check=check)
    said = "skulle formateras om" if check else "formaterad"
    echo("".join(f"{one_line(str(path))}: {said}\n" for path in done.changed))
    for problem in done.problems:
        print(one_line(str(problem)), file=sys.stderr)
    if check and done.changed:
        files = "1 fil" if len(done.changed) == 1 else f"{len(done.changed)} filer"
        print(f"samverkan: {files} skulle formateras om (kör samverkan fmt)", file=sys.stderr)
    if done.problems or (check and done.changed):
        raise typer.Exit(ExitCode.PROBLEMS)
