"""The one writer of records: a ruamel.yaml round trip that changes only what was changed.

`RecordEdit.open` reads a file once and gives its data as ruamel.yaml's round-trip mapping.
A command changes that mapping, and `save` writes the file whole (a temporary file, then a
rename; the mode kept), refusing when the file changed on disk after it was read.

ruamel.yaml keeps comments, key order and quotes, but it does not give back every byte: a
long plain scalar folded by hand, the spacing in a flow mapping or an odd indentation come
out in its own layout. So `render` does not dump the file anew. It dumps the data as read
(the baseline) and as changed, and carries only the lines that differ between those two
into the original text: every line the change does not touch stays byte-identical. Where
the original differs from the baseline right at a change, the few lines around it take
ruamel.yaml's layout, and the result is read back and compared with the change.
"""

from __future__ import annotations

import difflib
import io
import itertools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import YAMLError

from samverkan_cli.loading.limits import DEFAULT_LIMITS, Limits
from samverkan_cli.loading.reading import BOM, read_limited
from samverkan_cli.loading.yaml_reader import YamlFailure, read_yaml
from samverkan_cli.support.files import write_bytes_atomic

WIDTH = 1_000_000
"""Wide enough that ruamel.yaml never folds a line of its own."""


class EditConflict(Exception):
    """The file changed on disk after it was read; nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path}: filen har ändrats av någon annan sedan den lästes; inget skrevs (kör"
            " kommandot igen)"
        )
        self.path = path


class EditRefused(Exception):
    """The file cannot be edited: it is not readable YAML, too large or not a mapping. The
    message says where and why, in Swedish (`file:line:column: ...`)."""


@dataclass(frozen=True)
class Layout:
    """How a file indents: a mapping's keys, a sequence's items, and the dash within them."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


CANONICAL = Layout()
"""The layout `samverkan fmt` writes: two spaces, and list items indented under their key."""

_KEY_LINE = re.compile(r"^( *)[^\s#-][^:#]*:[ \t]*(?:#.*)?$")
_DASH_LINE = re.compile(r"^( *)- ")
_ANY_LINE = re.compile(r"^( *)\S")


def layout_of(text: str) -> Layout:
    """The indentation a file uses, judged from its first block mapping and sequence under a
    key; the canonical one where it shows none."""
    lines = text.splitlines()
    mapping: int | None = None
    offset: int | None = None
    for line, following in itertools.pairwise(lines):
        key = _KEY_LINE.match(line)
        if key is None:
            continue
        indent = len(key.group(1))
        dash = _DASH_LINE.match(following)
        if dash is not None:
            if offset is None and len(dash.group(1)) >= indent:
                offset = len(dash.group(1)) - indent
            continue
        deeper = _ANY_LINE.match(following)
        if mapping is None and deeper is not None and len(deeper.group(1)) > indent:
            mapping = len(deeper.group(1)) - indent
        if mapping is not None and offset is not None:
            break
    chosen_mapping = mapping or CANONICAL.mapping
    chosen_offset = CANONICAL.offset if offset is None else offset
    return Layout(chosen_mapping, chosen_offset + 2, chosen_offset)


class _DoubleQuoting(Emitter):
    """Quotes that the tool adds, where a value needs them, are double quotes (as in the
    README's examples); quotes kept from the file stay as they were."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        event = self.event
        chosen_by_file = event is not None and getattr(event, "style", None)
        return '"' if style == "'" and not chosen_by_file else style


def round_trip_yaml(layout: Layout = CANONICAL, *, keep_quotes: bool = True) -> YAML:
    """ruamel.yaml in round-trip mode, in `layout`, never folding a line; values it quotes
    get double quotes, and with `keep_quotes` False only those that need them are quoted."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = keep_quotes
    yaml.Emitter = _DoubleQuoting
    yaml.width = WIDTH
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    return yaml


def dump(data: Any, yaml: YAML) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def plain(data: Any) -> Any:
    """The data without ruamel.yaml's comments and styles, to compare two readings."""
    if isinstance(data, dict):
        return {str(key): plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(item) for item in data]
    if isinstance(data, str):
        return str(data)
    return data


def screened(text: str, where: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Raise `EditRefused` for a text the loader would refuse (too deep, too many nodes or
    aliases, not YAML): nothing from an untrusted tree reaches ruamel.yaml's composer
    unchecked. The data as the loader reads it."""
    try:
        return read_yaml(text, limits).data
    except YamlFailure as failure:
        problem = failure.problem
        raise EditRefused(f"{where}:{problem.line}:{problem.column}: {problem.message}") from None


def meaning(text: str) -> Any:
    """What a text means, as the loader reads it (with its fast event parser); None where
    it cannot be read."""
    try:
        return read_yaml(text).data
    except YamlFailure:
        return None


def load_round_trip(text: str, where: str, yaml: YAML) -> Any:
    try:
        return yaml.load(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise EditRefused(f"{where}:{line}:{column}: filen är inte läsbar YAML") from None


class RecordEdit:
    """One record file, read once, changed through `data`, and written back whole."""

    def __init__(self, path: Path, original: bytes | None, text: str) -> None:
        self.path = path
        self.original = original
        """The bytes read, or None for a file that is new (it must not exist when saved)."""
        self.text = text
        """The text read, without a byte-order mark, line ends as read."""
        self._bom = original is not None and original.startswith(BOM.encode("utf-8"))
        self._newline = "\r\n" if "\r\n" in text else "\n"
        self._replacement: str | None = None
        self._lines = text.replace("\r\n", "\n")
        self.layout = layout_of(self._lines)
        self._yaml = round_trip_yaml(self.layout)
        self._data: Any = None
        self._baseline: str | None = None
        if original is None:
            self._data = CommentedMap()
            comments = [line.removeprefix("#").removeprefix(" ") for line in text.splitlines()]
            if comments:
                self._data.yaml_set_start_comment("\n".join(comments))
            self.text = self._lines = self._baseline = ""
            return
        if not isinstance(screened(self._lines, str(path)), dict | None):
            raise EditRefused(f"{path}:1:1: posten ska vara en mappning (nyckel: värde)")

    @property
    def data(self) -> Any:
        """The round-trip data (a CommentedMap for a record): change it, then `save`. Read
        when first asked for (`fmt` needs only the text)."""
        if self._data is None:
            where = str(self.path)
            found = load_round_trip(self._lines, where, self._yaml)
            if found is None:
                found = CommentedMap()
            if not isinstance(found, CommentedMap):
                raise EditRefused(f"{where}:1:1: posten ska vara en mappning (nyckel: värde)")
            self._data = found
        return self._data

    def _baseline_text(self) -> str:
        if self._baseline is None:
            self._baseline = dump(
                load_round_trip(self._lines, str(self.path), self._yaml), self._yaml
            )
        return self._baseline

    @classmethod
    def open(cls, path: Path, limits: Limits = DEFAULT_LIMITS) -> RecordEdit:
        """Read `path` (at most the loader's file size limit) to change it."""
        raw = read_limited(os.fspath(path), limits.max_file_bytes)
        if raw is None:
            raise EditRefused(
                f"{path}:1:1: filen är större än gränsen {limits.max_file_bytes} byte"
            )
        try:
            text = raw.decode("utf-8").removeprefix(BOM)
        except UnicodeDecodeError:
            raise EditRefused(
                f"{path}:1:1: filen är inte giltig UTF-8; spara den som UTF-8"
            ) from None
        return cls(path, raw, text)

    @classmethod
    def new(cls, path: Path, comments: str = "") -> RecordEdit:
        """A file not yet on disk, to be built in `data` (after the comment lines of
        `comments`, such as the schema line) and written by `save`."""
        return cls(path, None, comments)

    @property
    def lines(self) -> str:
        """The text read, with line feeds only."""
        return self._lines

    def replace_text(self, text: str) -> None:
        """Write `text` (line feeds only; the file's own line ends are kept) instead of the
        changes made to `data`: a new layout of the whole file (`samverkan fmt`)."""
        self._replacement = text

    def render(self) -> str:
        """The file's text with the changes made to `data`."""
        if self._replacement is not None:
            replaced = self._replacement
            return replaced.replace("\n", self._newline) if self._newline != "\n" else replaced
        changed = dump(self.data, self._yaml)
        baseline = self._baseline_text()
        if changed == baseline:
            return self.text
        merged = _carried(self._lines, baseline, changed)
        if merged is None or meaning(merged) != meaning(changed):
            merged = changed
        return merged.replace("\n", self._newline) if self._newline != "\n" else merged

    def encoded(self) -> bytes:
        """The bytes `save` writes."""
        return (BOM if self._bom else "").encode("utf-8") + self.render().encode("utf-8")

    @property
    def changed(self) -> bool:
        return self.original is None or self.encoded() != self.original

    def save(self) -> bool:
        """Write the file whole, keeping its mode; False where nothing changed (nothing is
        written). Raises `EditConflict` when the file on disk is not what was read."""
        content = self.encoded()
        self.check_unchanged()
        if self.original is not None and content == self.original:
            return False
        if self.original is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(self.path, content)
        return True

    def check_unchanged(self) -> None:
        """Raise `EditConflict` when the file on disk is not the one read (or, for a new
        file, when one has appeared)."""
        try:
            now: bytes | None = self.path.read_bytes()
        except FileNotFoundError:
            now = None
        if now != self.original:
            raise EditConflict(self.path)


def _carried(original: str, baseline: str, changed: str) -> str | None:
    """`original` with the lines that differ from `baseline` to `changed` carried into it;
    None where the texts cannot be aligned."""
    old = original.splitlines(keepends=True)
    if old and not old[-1].endswith("\n"):
        old[-1] += "\n"
    base = baseline.splitlines(keepends=True)
    new = changed.splitlines(keepends=True)
    to_old = _Alignment(base, old, original=True)
    to_new = _Alignment(base, new, original=False)
    regions = _regions(to_old, to_new)
    out: list[str] = []
    at = 0
    for start, end in regions:
        old_start, old_end = to_old.start(start), to_old.end(end)
        new_start, new_end = to_new.start(start), to_new.end(end)
        if old_start is None or old_end is None or new_start is None or new_end is None:
            return None
        old_end = max(old_end, old_start)
        if old_start < at:
            return None
        out += old[at:old_start]
        out += new[new_start:new_end]
        at = old_end
    out += old[at:]
    return "".join(out)


class _Alignment:
    """Where each line boundary of `base` falls in `other` (None inside a changed block).

    Lines only `other` has at a boundary (an insert) are left outside a region that starts
    or ends there when `other` is the original (they are kept), and taken into it when
    `other` is the changed text (they are the change)."""

    def __init__(self, base: Sequence[str], other: Sequence[str], *, original: bool) -> None:
        self._original = original
        matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
        self.opcodes = matcher.get_opcodes()
        size = len(base) + 1
        self._start: list[int | None] = [None] * size
        self._end: list[int | None] = [None] * size
        self.inside: list[tuple[int, int] | None] = [None] * size
        for tag, i1, i2, j1, j2 in self.opcodes:
            if tag == "equal":
                for k in range(i1, i2 + 1):
                    self._set(k, j1 + k - i1, j1 + k - i1)
            elif i1 == i2 and original:
                self._set(i1, j2, j1)
            elif i1 == i2:
                self._set(i1, j1, j2)
            else:
                self._set(i1, j1, j1)
                self._set(i2, j2, j2)
                for k in range(i1 + 1, i2):
                    self.inside[k] = (i1, i2)

    def _set(self, boundary: int, as_start: int, as_end: int) -> None:
        wider, narrower = (max, min) if self._original else (min, max)
        current = self._start[boundary]
        self._start[boundary] = as_start if current is None else wider(current, as_start)
        current = self._end[boundary]
        self._end[boundary] = as_end if current is None else narrower(current, as_end)

    def start(self, boundary: int) -> int | None:
        return None if self.inside[boundary] is not None else self._start[boundary]

    def end(self, boundary: int) -> int | None:
        return None if self.inside[boundary] is not None else self._end[boundary]

    def changed(self) -> list[tuple[int, int]]:
        return [(i1, i2) for tag, i1, i2, _, _ in self.opcodes if tag != "equal"]


def _regions(to_old: _Alignment, to_new: _Alignment) -> list[tuple[int, int]]:
    """The ranges of baseline lines to replace: each change, widened until both of its ends
    fall where the original and the baseline agree, overlapping ones merged."""
    regions = sorted(to_new.changed())
    while True:
        widened: list[tuple[int, int]] = []
        for start, end in regions:
            for alignment in (to_old, to_new):
                inside = alignment.inside[start]
                if inside is not None:
                    start = min(start, inside[0])
                inside = alignment.inside[end]
                if inside is not None:
                    end = max(end, inside[1])
            if widened and start <= widened[-1][1]:
                previous = widened.pop()
                start, end = previous[0], max(previous[1], end)
            widened.append((start, end))
        if widened == regions:
            return regions
        regions = widened
