"""How to fix a YAML syntax error, where the lines show it: `nyckel:värde` without a space,
and an indent that matches no open block (how many spaces were expected).

The parsers say where they gave up, which is often a line after the mistake; these read the
lines before it. They only add to a message, so a guess that finds nothing changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY_WITHOUT_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):(?!//)(\S.*)$")
_KEY = re.compile(r"^(?:-\s+)?(?:[A-Za-z_][\w-]*|\"[^\"]*\"|'[^']*'):(?:\s|$)")
_BLOCK_SCALAR = re.compile(r":\s+[|>][0-9+-]*\s*(?:#.*)?$")
_LOOK_BACK = 3


@dataclass(frozen=True)
class Hint:
    message: str
    line: int
    column: int
    """1-based, of the character to change."""


def missing_space(lines: list[str], line: int) -> Hint | None:
    """`target:trygghetsvandringar` on the line given (1-based) or just above it."""
    for number in range(min(line, len(lines)), max(line - _LOOK_BACK, 0), -1):
        found = _KEY_WITHOUT_SPACE.match(lines[number - 1])
        if found is not None:
            lead, key, value = found.groups()
            return Hint(
                f"sätt ett mellanslag efter kolon: '{key}: {value.rstrip()}'",
                number,
                len(lead) + len(key) + 2,
            )
    return None


@dataclass
class _Level:
    indent: int
    sequence: bool
    line: int


def _spaces(count: int) -> str:
    return "1 mellanslag" if count == 1 else f"{count} mellanslag"


def _expected(levels: list[_Level], indent: int, item: bool) -> list[_Level]:
    """The open levels nearest above and below `indent`, of the kind the line is (a list item
    or a key) where there are such."""
    fitting = [level for level in levels if level.sequence == item] or levels
    below = [level for level in fitting if level.indent < indent]
    above = [level for level in fitting if level.indent > indent]
    found = ([min(above, key=lambda level: level.indent)] if above else []) + (
        [max(below, key=lambda level: level.indent)] if below else []
    )
    return found


def wrong_indent(lines: list[str], line: int) -> Hint | None:
    """The first line up to `line` (1-based) whose indent matches no open block, with the
    indents that would."""
    levels: list[_Level] = [_Level(0, False, 1)]
    opens = False
    """The line before ends with `key:` (a block may begin deeper)."""
    scalar_from: int | None = None
    flow = 0
    """How deep the lines are inside `[` and `{`, where indent means nothing."""
    for number, text in enumerate(lines[: line + 1], start=1):
        stripped = text.strip()
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            continue
        if flow > 0:
            flow = max(flow + _brackets(stripped), 0)
            continue
        indent = len(text) - len(text.lstrip(" "))
        if scalar_from is not None:
            if indent > scalar_from:
                continue
            scalar_from = None
        content = text[indent:]
        item = content.startswith("- ") or content == "-"
        before = list(levels)
        top = levels[-1]
        if indent > top.indent and not opens:
            if not _KEY.match(content) and not item:
                continue  # a plain text going on over several lines
            return _hint(number, indent, _expected(before, indent, item))
        if indent > top.indent:
            levels.append(_Level(indent, item, number))
        while len(levels) > 1 and levels[-1].indent > indent:
            levels.pop()
        if levels[-1].indent != indent:
            return _hint(number, indent, _expected(before, indent, item))
        if not item and levels[-1].sequence and levels[-2].indent == indent:
            levels.pop()  # the end of a list that stood at its key's own indent
        if item and not levels[-1].sequence:
            if not opens:
                return _hint(number, indent, _expected(before, indent, item))
            levels.append(_Level(indent, True, number))  # `key:` then `- item` below it
        elif not item and levels[-1].sequence:
            return _hint(number, indent, _expected(before, indent, item))
        levels[-1].line = number
        if item:
            rest = content[1:].lstrip(" ")
            column = indent + len(content) - len(rest)
            while rest.startswith("- ") or rest == "-":  # `- - a`: a list in a list
                levels.append(_Level(column, True, number))
                inner = rest[1:].lstrip(" ")
                column += len(rest) - len(inner)
                rest = inner
            if _KEY.match(rest):
                levels.append(_Level(column, False, number))
            content = rest
        flow = max(_brackets(content), 0)
        opens = content.rstrip().endswith(":") or bool(re.search(r":\s+#", content))
        if _BLOCK_SCALAR.search(content):
            scalar_from = indent
            opens = False
    return None


_QUOTED = re.compile(r"\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\s#.*$")


def _brackets(text: str) -> int:
    """How many more `[` and `{` than `]` and `}` the line has, outside quotes and comments."""
    plain = _QUOTED.sub("", text)
    return plain.count("[") + plain.count("{") - plain.count("]") - plain.count("}")


def _hint(number: int, indent: int, expected: list[_Level]) -> Hint | None:
    choices = [level for level in expected if level.indent != indent]
    if not choices:
        return None
    said = " eller ".join(f"{level.indent} (som rad {level.line})" for level in choices)
    return Hint(f"fel indrag: raden har {_spaces(indent)}, väntade {said}", number, indent + 1)
