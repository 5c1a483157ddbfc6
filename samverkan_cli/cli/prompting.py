"""Questions on the terminal (rich prompts), asked again until the answer is right."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from samverkan_cli.cli.common import fail
from samverkan_cli.support.answers import Invalid

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")


def ask(console: Console, question: str, parse: Callable[[str], T], default: str = "") -> T:
    """Ask until the answer parses; a wrong one is said in Swedish and asked again. With no
    one to answer (the input ended), the command cannot run."""
    from rich.markup import escape
    from rich.prompt import Prompt

    while True:
        try:
            answer = Prompt.ask(
                escape(question), console=console, default=default, show_default=bool(default)
            )
        except EOFError:
            fail(f"inget svar på '{question}'; ange värdena med flaggor (se --help)")
        try:
            return parse(answer)
        except Invalid as problem:
            console.print(f"[red]{escape(str(problem))}[/red]", highlight=False)
