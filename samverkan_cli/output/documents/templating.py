"""Jinja environments for reports: strict, escaping every value for its format, and sandboxed
wherever a template may come from the user.

Record text can never become markup: in Markdown every `{{ value }}` is backslash-escaped;
in Typst it becomes a string literal `#"…";`, which Typst never reads as markup. Helpers that
produce markup on purpose return `Raw`, which passes through unchanged.
"""

from __future__ import annotations

import operator
import os
import re
import stat
import traceback
from collections.abc import Callable, Iterable, Sequence
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
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from samverkan_cli.records.dates import format_date
from samverkan_cli.support.swedish import format_number, format_percent
from samverkan_cli.support.workflow import one_safe_line

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
# `[ \t]*`, not `\s*`: a pattern that can cross line breaks rescans the rest of the text
# at every line start (a value of a million empty lines took hours).
_MD_LINE_START = re.compile(r"^([ \t]*)([-+=>])", re.MULTILINE)
_MD_ORDERED_ITEM = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)


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
    return escape_fully(text)


def escape_fully(text: str) -> str:
    """`markdown_escape` without its shortcut for text that needs nothing."""
    # A value is one run of text wherever it stands: a line break (CR, LF, CRLF, as Markdown
    # reads one) would end a heading, and a blank line a list item or a table cell, so each
    # is a space, which is how Markdown shows a single line break anyway.
    if "\n" in text or "\r" in text:
        text = " ".join(line for line in text.splitlines() if line.strip())
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


_TYPST_RUN = 1000
_UNBROKEN = re.compile(rf"\S{{{_TYPST_RUN}}}(?=\S)")


def typst_breakable(text: str) -> str:
    """A zero-width space after every 1 000 characters without a space: the PDF library
    panics on a run of text of 64 KiB, and PDF/A refuses a string of over 32 767 characters
    (measured with typst 0.15); a space, or this, ends a run."""
    if len(text) <= _TYPST_RUN:
        return text
    return _UNBROKEN.sub(lambda found: found.group(0) + "\u200b", text)


_TYPST_STRING = 8000
"""Characters of a string that goes whole into the PDF (the document's title)."""


def typst_text(text: str) -> str:
    """Record text in Typst markup: `#"…";`. The `;` ends the expression, so a `[`, `(` or `.`
    that follows in the template is markup again, not a call or a field."""
    return f"#{typst_literal(typst_breakable(text))};"


def _typst_short_literal(value: Any) -> Raw:
    """A literal for a string the PDF keeps whole (the title in its metadata): shortened, and
    on one line without `##[`, since the metadata stands uncompressed in the PDF's bytes and
    a PDF may go to standard output, which CI reads."""
    text = one_safe_line(_plain(value))
    if len(text) > _TYPST_STRING:
        text = text[: _TYPST_STRING - 1] + "…"
    return Raw(typst_literal(text))


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


class TemplateRefused(Exception):
    """A template file that is not read: a link out of its folder, or not a regular file."""


class _ConfinedLoader(FileSystemLoader):
    """Jinja's file loader, but a template (or include) whose real path leaves its template
    folder (a symbolic link to /proc/self/environ, say) is refused, and so is anything that
    is not a regular file (a FIFO would hang the run)."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        if any(piece.startswith(".") for piece in pieces):
            # Hidden files and folders (.git/config, .env) are never templates.
            raise TemplateRefused(f"mallen '{template}' är en dold fil; den läses inte")
        for folder in self.searchpath:
            path = os.path.join(folder, *pieces)
            if not os.path.lexists(path):
                continue
            base = os.path.realpath(folder)
            real = os.path.realpath(path)
            if os.path.commonpath([base, real]) != base:
                raise TemplateRefused(
                    f"mallen '{template}' är en länk som leder ut ur mallkatalogen"
                    f" '{folder}'; den läses inte"
                )
            try:
                found = os.stat(real)
            except OSError:
                continue
            if not stat.S_ISREG(found.st_mode):
                raise TemplateRefused(f"mallen '{template}' i '{folder}' är ingen vanlig fil")
            with open(real, encoding=self.encoding) as handle:
                source = handle.read()
            return source, path, _unchanged(real, found.st_mtime)
        raise TemplateNotFound(template)


def _unchanged(path: str, mtime: float) -> Callable[[], bool]:
    return lambda: os.path.getmtime(path) == mtime


MAX_INTEGER_BITS = 100_000
"""About 30 000 digits: more than any report prints."""
MAX_ITEMS = 10_000_000
"""Characters of a string, or items of a list, that `*` or `+` may make in a user template."""
_TOO_BIG = "talet blir för stort i sandlådan (högst 30 000 siffror)"
_TOO_LONG = "texten eller listan blir för lång i sandlådan (högst 10 miljoner tecken)"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _oversized(operator_: str, left: Any, right: Any) -> str | None:
    """Why `left operator_ right` would be too large to make, or None."""
    if operator_ == "**" and _is_int(left) and _is_int(right) and abs(left) > 1:
        return _TOO_BIG if right * int(left).bit_length() > MAX_INTEGER_BITS else None
    if operator_ == "*" and _is_int(left) and _is_int(right):
        too_big = int(left).bit_length() + int(right).bit_length() > MAX_INTEGER_BITS
        return _TOO_BIG if too_big else None
    if operator_ == "*" and (_is_int(left) or _is_int(right)):
        sized, times = (left, right) if _is_int(right) else (right, left)
        if isinstance(sized, str | list | tuple) and len(sized) * times > MAX_ITEMS:
            return _TOO_LONG
    if operator_ == "+" and isinstance(left, str | list | tuple) and hasattr(right, "__len__"):
        return _TOO_LONG if len(left) + len(right) > MAX_ITEMS else None
    return None


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, remembering its verdict on an attribute per type and name: the verdict
    depends on nothing else (jinja2.sandbox.is_internal_attribute asks only isinstance and the
    name), and asking again took a quarter of the time of a report on 10 000 records."""

    # Intercepted, so never folded at compile time either (BinExpr.as_const asks this).
    intercepted_binops = frozenset(["*", "**", "+"])

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._verdicts: dict[tuple[type, str], bool] = {}
        self.confined_as: tuple[str, tuple[Path, ...]] | None = None
        """(format, template folders), where the rendering goes to a child process."""

    def call_binop(self, context: Context, operator_: str, left: Any, right: Any) -> Any:
        """`*`, `**` and `+` with a bound on the size of the result: a big integer cannot be
        interrupted once Python computes it, and a repeated string is made whole at once."""
        refused = _oversized(operator_, left, right)
        if refused is not None:
            raise SecurityError(refused)
        if operator_ == "**":
            return operator.pow(left, right)
        if operator_ == "*":
            return operator.mul(left, right)
        return super().call_binop(context, operator_, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return verdict


def environment(
    output_format: str, template_dirs: Sequence[Path] = (), *, confined: bool = True
) -> Environment:
    """User template directories first, then the built-in ones. Sandboxed when there are user
    templates, and (`confined`) rendered in a child process under limits (confined.py); the
    built-in ones alone are this package's own code, and run outside the sandbox, whose checks
    on every attribute cost a quarter of a large report's rendering."""
    user_dirs = user_template_dirs(template_dirs)
    loaders = [_ConfinedLoader(str(path)) for path in user_dirs]
    loaders.append(_ConfinedLoader(str(builtin_template_dir())))
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
    if isinstance(env, _Sandbox) and confined:
        env.confined_as = (output_format, tuple(template_dirs))
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
        env.filters["literal"] = _typst_short_literal
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


def time_limit_seconds() -> float:
    """SAMVERKAN_TEMPLATE_SECONDS, default 30: a template is user code and may loop."""
    try:
        return max(float(os.environ.get("SAMVERKAN_TEMPLATE_SECONDS", "30")), 0.01)
    except ValueError:
        return 30.0


def render(env: Environment, name: str, context: dict[str, Any]) -> str:
    """Render template `name`; any template error becomes a TemplateProblem with its place."""
    return render_each(env, name, [context])[0]


def render_each(env: Environment, name: str, contexts: Iterable[dict[str, Any]]) -> list[str]:
    """Render template `name` once for each context, all within one time limit; any template
    error becomes a TemplateProblem with its place."""
    confined_as = getattr(env, "confined_as", None)
    if confined_as is not None:  # a user template: in a child process, under limits
        from samverkan_cli.output.documents.confined import render_confined

        return render_confined(confined_as[0], confined_as[1], name, list(contexts))
    try:
        template = env.get_template(name)
        return [template.render(context) for context in contexts]
    except TemplateSyntaxError as error:
        raise TemplateProblem(error.filename or name, error.lineno, error.message or "") from None
    except TemplateNotFound as error:
        place = _template_line(error) or (name, 0)
        raise TemplateProblem(place[0], place[1], f"mallen '{error.name}' finns inte") from None
    except TemplateRefused as error:
        place = _template_line(error) or (name, 0)
        raise TemplateProblem(place[0], place[1], str(error)) from None
    except Exception as error:
        place = _template_line(error) or (name, 0)
        raise TemplateProblem(place[0], place[1], _swedish_message(error)) from None


def _swedish_message(error: Exception) -> str:
    message = str(getattr(error, "message", None) or error)
    if isinstance(error, MemoryError):
        return "mallen behövde mer minne än den får (SAMVERKAN_TEMPLATE_MEGABYTES) och stoppades"
    if isinstance(error, OverflowError) and "range" in message:
        return "range() är för stor i sandlådan (högst 100 000 steg)"
    undefined = re.match(r"'(.+)' is undefined", message)
    if undefined:
        return f"'{undefined.group(1)}' finns inte i mallens sammanhang (se docs/templates.md)"
    if "unsafe" in message or "access to attribute" in message:
        return f"otillåten åtkomst i sandlådan: {message}"
    return message
