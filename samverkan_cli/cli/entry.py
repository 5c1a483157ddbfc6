"""The `samverkan` program: a plain `samverkan validate` without typer, everything else through
the typer application (app.py).

Importing typer (with click and its adapters) costs more than checking a municipality's tree
whose result is kept (speed/result_cache.py), and the pre-commit hook runs `validate` on
every commit. So a `validate` whose arguments are all of the simple forms below is parsed
here, by the same rules typer applies to them, and run and printed as validate.run does;
anything else (help, an unknown or repeated option, a value typer would refuse, --rev, a
library error, an output that cannot be written) goes to the typer application, which says
it as always. tests/test_quick_validate.py holds the two paths to the same output.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

_FLAGS = {"--staged"}
_VALUES = {
    "--data",
    "--format",
    "--changed-since",
    "--max-file-size",
    "--max-depth",
    "--max-nodes",
}
_FORMATS = ("text", "json")
_NUMBER = re.compile(r"[0-9]{1,18}")


def _parsed(arguments: list[str]) -> dict[str, Any] | None:
    """The options of a simple `validate`, or None."""
    if not arguments or arguments[0] != "validate":
        return None
    options: dict[str, Any] = {}
    paths: list[Path] = []
    rest = iter(arguments[1:])
    for argument in rest:
        if argument and not argument.startswith("-"):
            paths.append(Path(argument))
            continue
        if not argument.startswith("--"):
            return None
        name, equals, value = argument.partition("=")
        if name in options:
            return None
        if name in _FLAGS and not equals:
            options[name] = True
        elif name in _VALUES:
            if not equals:
                value = next(rest, "")
            if not value or value.startswith("-"):
                return None
            options[name] = value
        else:
            return None
    if options.get("--format", "text") not in _FORMATS:
        return None
    limits = {}
    for name in ("--max-file-size", "--max-depth", "--max-nodes"):
        if name in options:
            if not _NUMBER.fullmatch(options[name]) or int(options[name]) < 1:
                return None
            limits[name] = int(options[name])
    data = Path(options.get("--data", "data"))
    if data.exists() and not data.is_dir():  # typer's own message
        return None
    return {
        "data": data,
        "paths": paths,
        "format": options.get("--format", "text"),
        "changed_since": options.get("--changed-since"),
        "staged": "--staged" in options,
        "limits": limits,
    }


def _validate(arguments: list[str]) -> int | None:
    """Run a simple `validate` and print its result: the exit status, or None where the
    typer application is to run instead."""
    encoding = getattr(sys.stdout, "encoding", None) or ""  # no stdout at all: None
    if encoding.lower().replace("-", "") != "utf8":
        return None
    request = _parsed(arguments)
    if request is None:
        return None
    from samverkan_cli import api
    from samverkan_cli.loading.limits import DEFAULT_LIMITS, Limits
    from samverkan_cli.support.workflow import guard_standard_streams

    given = request["limits"]
    limits = Limits(
        max_depth=given.get("--max-depth", DEFAULT_LIMITS.max_depth),
        max_nodes=given.get("--max-nodes", DEFAULT_LIMITS.max_nodes),
        max_file_bytes=given.get("--max-file-size", DEFAULT_LIMITS.max_file_bytes),
    )
    api.prepare_command_line()
    try:
        text, errors = api.validate_output(
            request["data"],
            request["format"],
            paths=request["paths"],
            changed_since=request["changed_since"],
            limits=limits,
            staged=request["staged"],
        )
        text.encode("utf-8")
    except Exception:  # CannotRun, or a fault: the typer application says it as always
        return None
    guard_standard_streams()
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as error:
        from samverkan_cli.cli.app import _STDOUT_ERRORS
        from samverkan_cli.cli.common import stdout_failed

        if error.errno not in _STDOUT_ERRORS:
            raise
        stdout_failed(error)
        return 2
    return 1 if errors else 0


def main() -> None:
    if os.environ.get("SAMVERKAN_DEBUG"):
        status = None  # every run as typer runs it, with its tracebacks
    else:
        try:
            status = _validate(sys.argv[1:])
        except KeyboardInterrupt:
            print("samverkan: avbruten", file=sys.stderr)
            sys.exit(130)
    if status is not None:
        from samverkan_cli.api import exit_now

        exit_now(status)
    from samverkan_cli.cli.app import main as through_typer

    through_typer()
