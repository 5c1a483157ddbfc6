"""Jinja environments for reports: strict, escaping every value for its format, and sandboxed
wherever a template may come from the user.

Record text can never become markup: in Markdown every `{{ value }}` is backslash-escaped;
in Typst it becomes a string literal `#"…";`, which Typst never reads as markup. Helpers that
produce markup on purpose return `Raw`, which passes through unchanged.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    meta,
)
from jinja2.sandbox import SandboxedEnvironment

from samverkan_cli.records.dates import format_date
from samverkan_cli.support.swedish import format_number, format_percent

FORMATS = ("md", "typ")


class Raw(str):
    """Text that is already markup in the output format: not escaped again."""


def builtin_template_dir() -> Path:
    """templates/ inside an installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parents[2]
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


# Markdown: characters that start markup anywhere, and line starts that make blocks.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>#|~$@&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>])", re.MULTILINE)
_MD_ORDERED_ITEM = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


# Most record text has nothing to escape. Text on one line can need it only for a character of
# _MD_INLINE or for how it starts (whitespace, a block marker, a digit): one scan for a
# character class, instead of four patterns.
_MD_ANY_INLINE = re.compile(r"[\\`*_\[\]<>#|~$@&\n\r]")
_MD_LINE_STARTS = frozenset(" \t-+=>")


_MD_ORDERED_START = re.compile(r"\d+[.)]")


def markdown_escape(text: str) -> str:
    if not text:
        return text
    if _MD_ANY_INLINE.search(text) is None:
        first = text[0]
        if first.isdigit():  # a number, or an ordered list item (`1.`, `2)`)
            if _MD_ORDERED_START.match(text) is None:
                return text
        elif first not in _MD_LINE_STARTS and not first.isspace():  # `\s`: a no-break space
            return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # a line break, as Markdown reads it
    escaped = _MD_INLINE.sub(r"\\\1", text)
    escaped = _MD_LINE_START.sub(r"\1\\\2", escaped)
    escaped = _MD_ORDERED_ITEM.sub(r"\1\\\2", escaped)
    return re.sub(r"^[ \t]+", "", escaped, flags=re.MULTILINE)


def markdown_cell(text: str) -> Raw:
    """One table cell: a single line."""
    return Raw(markdown_escape(" ".join(str(text).split())))


def typst_literal(text: str) -> str:
    """A Typst string literal, for code: only the backslash, the quote and line breaks need
    escaping, and a string is never read as markup."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{body}"'


def typst_text(text: str) -> str:
    """Record text in Typst markup: `#"…";`. The `;` ends the expression, so a `[`, `(` or `.`
    that follows in the template is markup again, not a call or a field."""
    return f"#{typst_literal(text)};"


def _finalizer(escape: Callable[[str], str]) -> Callable[[Any], str]:
    def finalize(value: Any) -> str:
        if isinstance(value, Raw):
            return value
        if value is None:
            return ""
        return escape(value if isinstance(value, str) else _plain(value))

    return finalize


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return format_number(value)
    return str(value)


@dataclass  # not frozen: raising sets __traceback__ on the instance
class TemplateProblem(Exception):
    """A template that cannot be rendered: where, and what is wrong."""

    template: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: mallfel: {self.message}"


def _progress_bar_typst(share: float | None) -> Raw:
    if share is None:
        return Raw('#progressbar(none, "–")')
    clamped = min(max(share, 0.0), 1.0)
    return Raw(f"#progressbar({clamped:.4f}, {typst_literal(format_percent(share))})")


def _progress_bar_markdown(share: float | None) -> Raw:
    if share is None:
        return Raw("–")
    filled = round(min(max(share, 0.0), 1.0) * 10)
    return Raw("▰" * filled + "▱" * (10 - filled) + f" {format_percent(share)}")


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, remembering its verdict on an attribute per type and name: the verdict
    depends on nothing else (jinja2.sandbox.is_internal_attribute asks only isinstance and the
    name), and asking again took a quarter of the time of a report on 10 000 records."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return verdict


def environment(output_format: str, template_dirs: Sequence[Path] = ()) -> Environment:
    """User template directories first, then the built-in ones. Sandboxed when there are user
    templates; the built-in ones alone are this package's own code, and run outside the
    sandbox, whose checks on every attribute cost a quarter of a large report's rendering."""
    user_dirs = user_template_dirs(template_dirs)
    loaders = [FileSystemLoader(str(path)) for path in user_dirs]
    loaders.append(FileSystemLoader(str(builtin_template_dir())))
    escape = markdown_escape if output_format == "md" else typst_text
    kind = _Sandbox if user_dirs else Environment
    env = kind(
        loader=ChoiceLoader(loaders),
        auto_reload=False,  # no stat() of a template at each include: they do not change
        undefined=StrictUndefined,
        finalize=_finalizer(escape),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = format_date
    env.filters["number"] = format_number
    env.filters["percent"] = format_percent
    heading_mark = "#" if output_format == "md" else "="
    env.filters["heading"] = lambda depth: Raw(heading_mark * int(depth))
    if output_format == "md":
        env.filters["cell"] = markdown_cell
        env.filters["bar"] = _progress_bar_markdown
    else:
        env.filters["bar"] = _progress_bar_typst
        env.filters["literal"] = lambda value: Raw(typst_literal(_plain(value)))
    return env


def compiled(env: Environment, name: str) -> Environment:
    """The environment with template `name` and every template it includes compiled: a
    process forked after this has them without compiling them again."""
    pending, seen = [name], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        template = env.get_template(current)
        if template.filename is not None:
            source = Path(template.filename).read_text(encoding="utf-8")
            pending += [n for n in meta.find_referenced_templates(env.parse(source)) if n]
    return env


def user_template_dirs(template_dirs: Sequence[Path]) -> list[Path]:
    """The directories of templates that are not the built-in ones."""
    builtin = builtin_template_dir()
    return [path for path in template_dirs if not _same_directory(path, builtin)]


def _same_directory(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve()
    except OSError:
        return False


def _template_line(error: BaseException) -> tuple[str, int] | None:
    """The innermost template frame of a rendering error (Jinja rewrites tracebacks so)."""
    found = None
    for frame, line in traceback.walk_tb(error.__traceback__):
        name = frame.f_code.co_filename
        if name.endswith(".j2"):
            found = (name, line)
    return found


class TemplateTimeout(Exception):
    """A template ran longer than its time limit."""


def time_limit_seconds() -> float:
    """SAMVERKAN_TEMPLATE_SECONDS, default 30: a template is user code and may loop."""
    try:
        return max(float(os.environ.get("SAMVERKAN_TEMPLATE_SECONDS", "30")), 0.01)
    except ValueError:
        return 30.0


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt the main thread after `seconds` (POSIX); elsewhere, no limit."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise TemplateTimeout(f"mallen tog längre tid än {seconds:g} s; en för stor loop?")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render(env: Environment, name: str, context: dict[str, Any]) -> str:
    """Render template `name`; any template error becomes a TemplateProblem with its place."""
    return render_each(env, name, [context])[0]


def render_each(env: Environment, name: str, contexts: Iterable[dict[str, Any]]) -> list[str]:
    """Render template `name` once for each context, all within one time limit; any template
    error becomes a TemplateProblem with its place."""
    try:
        with _deadline(time_limit_seconds()):
            template = env.get_template(name)
            return [template.render(context) for context in contexts]
    except TemplateSyntaxError as error:
        raise TemplateProblem(error.filename or name, error.lineno, error.message or "") from None
    except TemplateNotFound as error:
        place = _template_line(error) or (name, 0)
        raise TemplateProblem(place[0], place[1], f"mallen '{error.name}' finns inte") from None
    except Exception as error:
        place = _template_line(error) or (name, 0)
        raise TemplateProblem(place[0], place[1], _swedish_message(error)) from None


def _swedish_message(error: Exception) -> str:
    message = str(getattr(error, "message", None) or error)
    if isinstance(error, OverflowError) and "range" in message:
        return "range() är för stor i sandlådan (högst 100 000 steg)"
    undefined = re.match(r"'(.+)' is undefined", message)
    if undefined:
        return f"'{undefined.group(1)}' finns inte i mallens sammanhang (se docs/templates.md)"
    if "unsafe" in message or "access to attribute" in message:
        return f"otillåten åtkomst i sandlådan: {message}"
    return message
