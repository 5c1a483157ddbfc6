"""`samverkan init`: a data repository set up for editors (schemas and VS Code settings)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samverkan_cli.cli.common import ExitCode, calling_the_library
from samverkan_cli.support.swedish import plural


def run(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="KATALOG",
            help="Datarepots katalog, där data/ ligger.",
            file_okay=False,
        ),
    ] = Path("."),
    force: Annotated[
        bool,
        typer.Option("--force", help="Skriv över filer som ändrats för hand."),
    ] = False,
) -> None:
    """Förbered ett datarepo för editorn och git: scheman i schemas/, inställningar för VS Code
    och en pre-commit-krok.

    Posternas rader `# yaml-language-server: $schema=…` pekar på schemas/, och
    .vscode/settings.json ger varje fil i data/ sitt schema. .pre-commit-config.yaml får
    kroken som kontrollerar posterna före varje commit (`pre-commit install` en gång); finns
    filen redan läggs kroken till och resten behålls. Att köra kommandot igen ändrar
    ingenting; en fil som ändrats för hand skrivs bara över med --force."""
    from samverkan_cli import api

    with calling_the_library():
        done = api.init(directory, force=force)
    for name, outcome in done.files:
        typer.echo(f"{(directory / name).as_posix()}: {outcome}")
    if done.forcible:
        count = len(done.forcible)
        typer.echo(
            f"{plural(count, 'fil', 'filer')} som ändrats för hand lämnades"
            f" {'orörd' if count == 1 else 'orörda'}; kör med --force för att skriva över",
            err=True,
        )
    typer.echo(NEXT_STEPS)
    if done.kept:
        raise typer.Exit(ExitCode.PROBLEMS)


NEXT_STEPS = """
Nästa steg:
  pre-commit install    en gång, så att kroken kontrollerar posterna vid varje commit
  git add schemas .vscode .pre-commit-config.yaml
Kroken kör kommandot samverkan som det hittas i PATH: installera samverkan så att det finns i
varje terminal och program du gör commit från (till exempel med pipx), annars säger pre-commit
att det inte hittas."""
