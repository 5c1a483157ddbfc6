"""`samverkan validate`: check every record; all problems in one run."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samverkan_cli.cli.common import (
    DEFAULT_DATA,
    DataOption,
    ExitCode,
    RevOption,
    calling_the_library,
)
from samverkan_cli.loading.limits import DEFAULT_LIMITS, Limits
from samverkan_cli.support.workflow import write_workflow_commands


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    GITLAB = "gitlab"
    SARIF = "sarif"


def run(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="SÖKVÄG",
            help="Filer eller kataloger att rapportera om (standard: hela datakatalogen).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = DEFAULT_DATA,
    output_format: Annotated[
        Format,
        typer.Option(
            "--format",
            help="Utdata: text, json, github (annoteringar i GitHub Actions), gitlab (Code"
            " Quality i GitLab) eller sarif (kodskanning i GitHub). I github, gitlab och sarif"
            " är sökvägarna relativa till git-förrådets rot.",
        ),
    ] = Format.TEXT,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            metavar="REF",
            help="Rapportera bara om filer ändrade sedan REF i git och poster som pekar på dem.",
            show_default=False,
        ),
    ] = None,
    staged: Annotated[
        bool,
        typer.Option(
            "--staged",
            help="Rapportera bara om filer som nästa commit ändrar (även borttagna) och poster"
            " som pekar på dem (för pre-commit).",
        ),
    ] = False,
    rev: RevOption = None,
    max_file_size: Annotated[
        int, typer.Option("--max-file-size", help="Största fil i byte.", min=1)
    ] = DEFAULT_LIMITS.max_file_bytes,
    max_depth: Annotated[
        int, typer.Option("--max-depth", help="Djupaste nästling i en fil.", min=1)
    ] = DEFAULT_LIMITS.max_depth,
    max_nodes: Annotated[
        int,
        typer.Option("--max-nodes", help="Flest noder i en fil, alias medräknade.", min=1),
    ] = DEFAULT_LIMITS.max_nodes,
) -> None:
    """Kontrollera alla poster: schema, referenser och regler."""
    from samverkan_cli import api

    limits = Limits(max_depth=max_depth, max_nodes=max_nodes, max_file_bytes=max_file_size)
    with calling_the_library():
        result = api.validate(
            data,
            paths=paths or (),
            rev=rev,
            changed_since=changed_since,
            limits=limits,
            staged=staged,
        )
        output = api.diagnostics_output(result, output_format.value, data)
    if output_format.value == "github":
        write_workflow_commands(output)
    else:
        typer.echo(output, nl=False)
    raise typer.Exit(ExitCode.PROBLEMS if result.errors else ExitCode.OK)
