"""`samverkan diff`: what a change to the records means, between two git revisions."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from samverkan_cli.cli.common import (
    DEFAULT_DATA,
    AsOfOption,
    DataOption,
    IncludeInternalOption,
    as_of_date,
    calling_the_library,
    echo,
    exit_if_incomplete,
    say_incomplete,
)


class Format(StrEnum):
    TEXT = "text"
    MD = "md"
    JSON = "json"


def run(
    base: Annotated[
        str | None,
        typer.Argument(
            metavar="BASE",
            help="Från: en revision i git (standard: förgreningen från huvudgrenen).",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="HEAD",
            help="Till: en revision (standard: arbetskatalogen).",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        Format, typer.Option("--format", help="text, md (för en pull request) eller json.")
    ] = Format.TEXT,
    data: DataOption = DEFAULT_DATA,
    include_internal: IncludeInternalOption = False,
) -> None:
    """Visa vad en ändring betyder: poster, fält (före → efter) och status som ändras."""
    from samverkan_cli import api
    from samverkan_cli.output.record_diff import FORMATS

    day = as_of_date(as_of)
    with calling_the_library():
        found = api.record_diff(base, head, as_of=day, data=data, include_internal=include_internal)
    _, head_checked = found.completeness
    say_incomplete(head_checked)
    echo(FORMATS[output_format.value](found.diff, head_checked))
    exit_if_incomplete(head_checked)
