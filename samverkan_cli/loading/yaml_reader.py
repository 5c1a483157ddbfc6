"""YAML text → plain Python data, with the line and column of every key and value.

Built on the parser's event stream rather than a composed tree: the event parser keeps
no recursion, so nesting and alias limits are enforced before anything deep is built.
The libyaml-backed parser of ruamel.yaml.clib is used where it is installed, ruamel's
pure-Python parser otherwise; both give the same events and marks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from samverkan_cli.diagnostics import Code
from samverkan_cli.loading import scalars
from samverkan_cli.loading.limits import DEFAULT_LIMITS, Limits

try:
    from _ruamel_yaml import CParser
except ImportError:  # pragma: no cover - exercised where the wheel is missing
    CParser = None

PathKey = tuple[str | int, ...]
_DUPLICATE = "\x00duplicate"
Mark = tuple[int, int]
"""1-based (line, column)."""


@dataclass
class Positions:
    """Where each value (and each mapping key) of a document stands in its file."""

    values: dict[PathKey, Mark] = field(default_factory=dict)
    keys: dict[PathKey, Mark] = field(default_factory=dict)

    def of_value(self, path: PathKey) -> Mark:
        """The value at `path`, or the nearest enclosing value that has a place."""
        for end in range(len(path), -1, -1):
            mark = self.values.get(path[:end])
            if mark is not None:
                return mark
        return (1, 1)

    def of_key(self, path: PathKey) -> Mark:
        """The key of the member at `path` (its value's place for list items)."""
        mark = self.keys.get(path)
        return mark if mark is not None else self.of_value(path)


@dataclass(frozen=True)
class Problem:
    code: Code
    message: str
    line: int
    column: int


class YamlFailure(Exception):
    """The document cannot be read at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class Document:
    data: Any
    positions: Positions
    problems: list[Problem]
    """Problems that do not stop reading (duplicate keys, bad scalars)."""


def _mark(event: Any) -> Mark:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


def _c_events(text: str) -> Iterator[Any]:
    """Events from libyaml (fast)."""
    parser = CParser(text)
    try:
        while True:
            event = parser.get_event()
            yield event
            if type(event) is StreamEndEvent:
                return
    finally:
        parser.dispose()


def _pure_events(text: str) -> Iterator[Any]:
    """Events from ruamel.yaml's own YAML 1.2 parser (slower, and the reference)."""
    yield from YAML(typ="safe", pure=True).parse(text)


_SYNTAX_MESSAGES = (
    ("'\\t'", Code.YAML_TAB, "tabb kan inte användas för indrag i YAML; använd mellanslag"),
    ("tab character", Code.YAML_TAB, "tabb kan inte användas för indrag i YAML; använd mellanslag"),
    ("control characters are not allowed", Code.YAML_SYNTAX, "filen innehåller ett styrtecken"),
    ("special characters are not allowed", Code.YAML_SYNTAX, "filen innehåller ett styrtecken"),
    (
        "mapping values are not allowed",
        Code.YAML_SYNTAX,
        "ett kolon här startar en ny nyckel; sätt texten inom citattecken eller rätta indraget",
    ),
    ("could not find expected ':'", Code.YAML_SYNTAX, "kolon saknas efter en nyckel"),
    (
        "did not find expected key",
        Code.YAML_SYNTAX,
        "oväntat innehåll; kontrollera indraget och att varje rad är `nyckel: värde`",
    ),
    (
        "did not find expected '-' indicator",
        Code.YAML_SYNTAX,
        "oväntat innehåll i en lista; kontrollera indraget",
    ),
    ("found undefined alias", Code.YAML_ALIAS, "aliaset används innan det är definierat"),
    ("found unexpected end of stream", Code.YAML_SYNTAX, "filen slutar mitt i ett värde"),
    ("found unknown escape character", Code.YAML_SYNTAX, "okänd escape-sekvens i en sträng"),
)

_LAYOUT_ERRORS = (
    "mapping values are not allowed",
    "could not find expected ':'",
    "did not find expected key",
    "did not find expected '-' indicator",
    "expected <block end>",
)
"""What the parsers say where a missing space after a colon, or an indent, is the likely cause."""


def _syntax_problem(error: YAMLError, text: str) -> Problem:
    problem_text = str(getattr(error, "problem", "") or error)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if mark is None and hasattr(error, "position"):  # a reader error, at a character it refused
        # libyaml counts the offset in bytes, ruamel.yaml in characters: find the character.
        character = getattr(error, "character", None)
        found = text.find(chr(character)) if isinstance(character, int) else -1
        offset = found if found >= 0 else min(int(error.position), len(text))
        line = text.count("\n", 0, offset) + 1
        column = offset - text.rfind("\n", 0, offset)
        at_tab = text[offset : offset + 1] == "\t"
    else:
        lines = text.splitlines()
        at_tab = 0 < line <= len(lines) and lines[line - 1][column - 1 : column] == "\t"
    if at_tab:
        return Problem(Code.YAML_TAB, _SYNTAX_MESSAGES[0][2], line, column)
    if any(needle in problem_text for needle in _LAYOUT_ERRORS):
        from samverkan_cli.loading.yaml_hints import missing_space, wrong_indent

        lines = text.splitlines()
        hint = missing_space(lines, line) or wrong_indent(lines, line)
        if hint is not None and hint.line <= line:
            return Problem(Code.YAML_SYNTAX, hint.message, hint.line, hint.column)
    for needle, code, message in _SYNTAX_MESSAGES:
        if needle in problem_text:
            return Problem(code, message, line, column)
    return Problem(Code.YAML_SYNTAX, f"YAML-syntaxfel: {problem_text}", line, column)


@dataclass
class _Frame:
    container: dict[Any, Any] | list[Any]
    path: PathKey
    anchor: str | None
    size: int = 1
    key: Any = None
    key_mark: Mark | None = None
    expecting_key: bool = True


class _Builder:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.positions = Positions()
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.stack: list[_Frame] = []
        self.nodes = 0
        self.root: Any = None
        self.documents = 0

    def _fail(self, code: Code, message: str, mark: Mark) -> YamlFailure:
        return YamlFailure(Problem(code, message, *mark))

    def _count(self, size: int, mark: Mark) -> None:
        self.nodes += size
        if self.nodes > self.limits.max_nodes:
            raise self._fail(
                Code.YAML_TOO_LARGE,
                f"dokumentet har fler än {self.limits.max_nodes} noder när alias räknas;"
                " ett så stort dokument (eller en aliasbomb) läses inte",
                mark,
            )

    def _child_path(self) -> PathKey | None:
        """The path of the next value, or None when the next node is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if top.expecting_key:
            return None
        if top.key in top.container:
            # A duplicate key's value is dropped; keep the places of the first one.
            return (*top.path, _DUPLICATE, len(self.problems))
        return (*top.path, top.key)

    def _attach(self, value: Any, size: int, anchor: str | None, mark: Mark) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.container, list):
            top.container.append(value)
            return
        if top.expecting_key:
            if isinstance(value, dict | list):
                raise self._fail(
                    Code.YAML_COMPLEX_KEY,
                    "en nyckel måste vara en enkel text, inte en samling",
                    mark,
                )
            if not isinstance(value, str):
                self.problems.append(
                    Problem(
                        Code.YAML_KEY_TYPE,
                        f"nyckeln {_short(str(value))} läses som {_type_name(value)},"
                        " inte som text; posternas nycklar är text",
                        *mark,
                    )
                )
                value = str(value)
            top.key, top.key_mark, top.expecting_key = value, mark, False
            return
        key = top.key
        top.expecting_key = True
        if key in top.container:
            first = self.positions.keys.get((*top.path, key), mark)
            self.problems.append(
                Problem(
                    Code.YAML_DUPLICATE_KEY,
                    f"nyckeln '{key}' finns redan på rad {first[0]}; en nyckel får bara finnas"
                    " en gång",
                    *(top.key_mark or mark),
                )
            )
            return
        assert isinstance(top.container, dict)
        top.container[key] = value
        if top.key_mark is not None:
            self.positions.keys[(*top.path, key)] = top.key_mark

    def _scalar(self, event: Any) -> None:
        mark = _mark(event)
        tag = None if event.tag is None else str(event.tag)
        text: str = event.value
        try:
            if tag is None or tag == "!":
                value: Any = scalars.plain(text) if event.implicit[0] else text
            elif tag in scalars.SCALAR_TAGS:
                value = scalars.construct(text, tag)
            else:
                raise self._fail(Code.YAML_TAG, _tag_message(tag), mark)
        except scalars.ScalarError as error:
            code = Code.INVALID_DATE if isinstance(error, scalars.DateError) else Code.YAML_SCALAR
            self.problems.append(Problem(code, str(error), *mark))
            value = text
        path = self._child_path()
        if path is not None:
            self.positions.values[path] = mark
        self._count(1, mark)
        self._attach(value, 1, event.anchor, mark)

    def _start(self, event: Any, container: dict[Any, Any] | list[Any], tag_ok: str) -> None:
        mark = _mark(event)
        tag = None if event.tag is None else str(event.tag)
        if tag not in (None, "!", tag_ok):
            raise self._fail(Code.YAML_TAG, _tag_message(tag), mark)
        if len(self.stack) >= self.limits.max_depth:
            raise self._fail(
                Code.YAML_TOO_DEEP,
                f"nästlingen är djupare än {self.limits.max_depth} nivåer",
                mark,
            )
        path = self._child_path()
        if path is None:
            raise self._fail(
                Code.YAML_COMPLEX_KEY, "en nyckel måste vara en enkel text, inte en samling", mark
            )
        self.positions.values[path] = mark
        self._count(1, mark)
        self.stack.append(_Frame(container, path, event.anchor))

    def _end(self, event: Any) -> None:
        frame = self.stack.pop()
        self._attach(frame.container, frame.size, frame.anchor, self.positions.values[frame.path])

    def _alias(self, event: Any) -> None:
        mark = _mark(event)
        if event.anchor not in self.anchors:
            raise self._fail(
                Code.YAML_ALIAS, f"aliaset '*{event.anchor}' har inget ankare före sig", mark
            )
        value, size = self.anchors[event.anchor]
        path = self._child_path()
        if path is not None:
            self.positions.values[path] = mark
        self._count(size, mark)
        self._attach(value, size, None, mark)

    def _mapping(self, event: Any) -> None:
        self._start(event, {}, scalars.MAP)

    def _sequence(self, event: Any) -> None:
        self._start(event, [], scalars.SEQ)

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self._fail(
                Code.YAML_MULTIPLE_DOCUMENTS,
                "filen innehåller mer än ett YAML-dokument; en post per fil",
                _mark(event),
            )

    def handlers(self) -> dict[type, Callable[[Any], None]]:
        return {
            ScalarEvent: self._scalar,
            MappingStartEvent: self._mapping,
            SequenceStartEvent: self._sequence,
            MappingEndEvent: self._end,
            SequenceEndEvent: self._end,
            AliasEvent: self._alias,
            DocumentStartEvent: self._document,
        }


def _short(text: str, limit: int = 40) -> str:
    """Quoted, and cut so that a huge value does not flood the message."""
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}…'"


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "sant/falskt"
    if isinstance(value, int | float):
        return "ett tal"
    return "ett datum"


def _tag_message(tag: str) -> str:
    return (
        f"taggen '{tag}' stöds inte; posterna använder bara vanliga YAML-värden"
        " (text, tal, datum, listor och nycklar)"
    )


def _build(events: Iterator[Any], limits: Limits) -> _Builder:
    builder = _Builder(limits)
    handlers = builder.handlers()
    for event in events:
        handler = handlers.get(type(event))
        if handler is not None:
            handler(event)
    return builder


def read_yaml(text: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one YAML document. Raises YamlFailure when it cannot be read at all.

    libyaml reads YAML 1.1 syntax; where it refuses text that YAML 1.2 allows (`{a: 0:0}`),
    ruamel.yaml's own parser decides, so the file means what ruamel.yaml says it means.
    """
    try:
        builder = _build(_c_events(text) if CParser is not None else _pure_events(text), limits)
    except YAMLError as error:
        if CParser is None:
            raise YamlFailure(_syntax_problem(error, text)) from None
        try:
            builder = _build(_pure_events(text), limits)
        except YAMLError:
            raise YamlFailure(_syntax_problem(error, text)) from None
    if builder.documents == 0:
        raise YamlFailure(Problem(Code.EMPTY_FILE, "filen är tom; den ska innehålla en post", 1, 1))
    return Document(builder.root, builder.positions, builder.problems)
