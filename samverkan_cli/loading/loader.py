"""The one loader: finds every record under a data root, reads it with positions, models it.

One bad file never stops the others: each file's problems become diagnostics and the
records that could be modelled go on to the cross-record checks.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from samverkan_cli.diagnostics import Code, Diagnostic
from samverkan_cli.loading.limits import DEFAULT_LIMITS, Limits, TreeTooLarge
from samverkan_cli.loading.model_errors import data_path, model_problems
from samverkan_cli.loading.personnummer import (
    ALLOW_MARKER,
    allowed,
    find_in_values,
    in_name,
    redact,
)
from samverkan_cli.loading.reading import FileReading, SourceFile, Unmodelled, read_source
from samverkan_cli.loading.yaml_reader import YamlFailure, read_yaml
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.modeline import modeline_problem
from samverkan_cli.records.models import KINDS, Kind, RecordModel, kind_for_path
from samverkan_cli.support.files import within
from samverkan_cli.support.glyphs import not_shown_in_values


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link that loops: read as a file, which reports it
        return False


Skipped = tuple[str, Code]
"""A path not read, and why: a link to a directory, a link out of the root, no regular file."""


def _walk(
    root: str,
    skipped: list[Skipped],
    parents: tuple[str, ...] = (),
    real_root: str | None = None,
) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Every non-hidden file under root with its parts relative to root, in a stable order.
    Symlinked directories are not followed (a link can loop or leave the tree); a symlink
    whose target is outside the root is never read; FIFOs, devices and sockets are never
    opened (opening a FIFO waits for a writer). They are collected in `skipped`, from the
    entry alone (no file is opened to tell). Paths stay strings: a Path per file costs more
    than reading it."""
    if real_root is None:
        real_root = os.path.realpath(root)
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        parts = (*parents, entry.name)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, skipped, parts, real_root)
        elif entry.is_symlink():
            try:
                target = os.path.realpath(entry.path)  # where it leads, existing or not
            except (OSError, ValueError):  # through a folder it may not read (/proc/1/cwd)
                skipped.append((entry.path, Code.SYMLINK_OUTSIDE))
                continue
            if not within(target, real_root):
                skipped.append((entry.path, Code.SYMLINK_OUTSIDE))
            elif not os.path.exists(entry.path):
                yield entry.path, parts  # a link that loops or leads nowhere: reported
            elif _is_directory(entry):
                skipped.append((entry.path, Code.SYMLINK_SKIPPED))
            elif not _regular(target):
                skipped.append((entry.path, Code.NOT_A_FILE))
            else:
                yield entry.path, parts
        elif entry.is_file(follow_symlinks=False):
            yield entry.path, parts
        else:
            skipped.append((entry.path, Code.NOT_A_FILE))


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # the reader reports why it cannot be read


_SKIPPED_WHY = {
    Code.SYMLINK_SKIPPED: "katalogen är en symbolisk länk och läses inte (en länk kan gå i"
    " cirkel eller leda ut ur datakatalogen)",
    Code.SYMLINK_OUTSIDE: "den symboliska länken leder ut ur datakatalogen; det den pekar på"
    " läses inte (lägg filen i datakatalogen i stället)",
    Code.NOT_A_FILE: "ingen vanlig fil (en namngiven pipe, en enhet eller en socket) och läses"
    " inte",
}


def _display_base(root_display: str) -> str:
    """The root as `Path` would print it ("data/" and "./data" both become "data")."""
    return str(Path(root_display))


def _display(base: str, parts: tuple[str, ...]) -> str:
    return os.path.join(base, *parts) if base != "." else os.path.join(*parts)


def _personnummer_message(kind: str) -> str:
    return (
        f"det här ser ut som ett {kind}; personuppgifter hör inte hemma i posterna"
        f" (skriv '# {ALLOW_MARKER}' på raden om det inte är ett)"
    )


def _personnummer(source: SourceFile, reading: FileReading) -> list[Diagnostic]:
    return [
        source.diagnostic((line, column), Code.PERSONNUMMER, _personnummer_message(kind))
        for line, column, kind in reading.personnummer
    ]


def _personnummer_in_values(
    source: SourceFile, data: Any, text: str | None, found: list[Diagnostic]
) -> list[Diagnostic]:
    """Personnummer that only the parsed values show (a YAML escape, a folded or escaped line
    break, full-width digits): at the value, unless the raw scan found one on its line or the
    line allows one in a comment."""
    hits = list(find_in_values(data))
    if not hits:
        return []
    seen = {d.line for d in found if d.code is Code.PERSONNUMMER}
    if text is None:  # read in the second process: the text is read again for the lines
        text = source._read_again()
    lines = text.splitlines() if text is not None else []
    diagnostics = []
    for path, kind, holds_marker in hits:
        line, column = source.positions.of_value(path)
        if line in seen:
            continue
        if not holds_marker and 0 < line <= len(lines) and allowed(lines[line - 1]):
            continue
        seen.add(line)
        diagnostics.append(
            source.diagnostic((line, column), Code.PERSONNUMMER, _personnummer_message(kind))
        )
    return diagnostics


_MOST_GLYPH_WARNINGS = 20
"""Per file: a record written in a script the fonts lack would give one for every value."""


def _glyphs_in_values(source: SourceFile, data: Any) -> list[Diagnostic]:
    """Characters the PDF's fonts lack, at their values. Looked for where the bytes could hold
    one, as for `_personnummer_in_values`: outside Latin-1, or written as an escape."""
    diagnostics = []
    for path, character in not_shown_in_values(data):
        name = unicodedata.name(character, "")
        diagnostics.append(
            source.diagnostic(
                source.positions.of_value(path),
                Code.NO_GLYPH,
                f"tecknet '{character}' (U+{ord(character):04X}{' ' + name if name else ''})"
                " finns inte i PDF:ens typsnitt och visas som □ i PDF-rapporter; skriv det"
                " med andra tecken, eller ge PDF:en ett typsnitt som har det",
            )
        )
        if len(diagnostics) == _MOST_GLYPH_WARNINGS:
            break
    return diagnostics


def read_carefully(source: SourceFile, text: str, limits: Limits) -> tuple[Any, list[Diagnostic]]:
    """Parse with positions: (data or None, diagnostics)."""
    try:
        document = read_yaml(text, limits)
    except YamlFailure as failure:
        problem = failure.problem
        return None, [
            source.diagnostic((problem.line, problem.column), problem.code, problem.message)
        ]
    source.positions = document.positions
    return document.data, [
        source.diagnostic((problem.line, problem.column), problem.code, problem.message)
        for problem in document.problems
    ]


def model_file(
    source: SourceFile, kind: Kind, data: Any
) -> tuple[RecordModel | None, list[Diagnostic]]:
    """Model the data of one file as its kind: (record or None, diagnostics)."""
    if not isinstance(data, dict):
        found = (
            "ingenting"
            if data is None
            else ("en lista" if isinstance(data, list) else "ett enkelt värde")
        )
        return None, [
            source.diagnostic(
                source.positions.of_value(()),
                Code.NOT_A_MAPPING,
                f"posten ({kind.title}) ska vara en mappning (nyckel: värde) på översta"
                f" nivån, men filen innehåller {found}",
            )
        ]
    try:
        return kind.model.model_validate(data), []
    except ValidationError as error:
        errors = tuple(data_path(data, details["loc"]) for details in error.errors())
        source.unmodelled = Unmodelled(data, errors)
        return None, [
            source.diagnostic(mark, code, message)
            for code, message, mark in model_problems(error, kind.model, data, source.positions)
        ]


def load(
    root: Path,
    *,
    root_display: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    keep_texts: bool = False,
) -> tuple[Dataset, list[Diagnostic]]:
    """Load every record under `root`, one file after another. With `keep_texts` every file's
    text stays in memory, for a tree that is gone before positions are asked for (an export
    of a git revision)."""
    files, warnings = find_files(root, root_display, limits)
    readings = (
        (index, read_source(source, limits, keep_text=keep_texts))
        for index, source in enumerate(files)
    )
    return dataset_of(root, files, readings, limits, warnings)


def dataset_of(
    root: Path,
    files: list[SourceFile],
    readings: Iterable[tuple[int, FileReading | Diagnostic]],
    limits: Limits,
    warnings: list[Diagnostic],
) -> tuple[Dataset, list[Diagnostic]]:
    """The dataset of these files from their readings, by index in any order (a file with no
    reading is in it with no record), and every problem, the warnings last."""
    settled: list[Settled] = [(None, [])] * len(files)
    for index, reading in readings:
        settled[index] = settle(files[index], reading, limits)
    dataset = Dataset(root, files)
    return dataset, add_records(dataset, zip(files, settled, strict=True)) + warnings


def find_files(
    root: Path, root_display: str | None, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every record file under `root`, in a stable order, with its kind where its place says
    one; and warnings for the files and links that are not read. Raises TreeTooLarge for a
    tree of more files, or more bytes, than the limits allow (each is read in memory)."""
    display_root = _display_base(root_display if root_display is not None else str(root))
    files: list[SourceFile] = []
    warnings: list[Diagnostic] = []
    skipped: list[Skipped] = []
    for path, parts in _walk(str(root), skipped):
        source = SourceFile(path, _display(display_root, parts), parts)
        if in_name("/".join(parts)):  # also a number split by a folder: 19850709/1232-x
            warnings.append(
                Diagnostic(
                    redact(source.display),
                    1,
                    1,
                    Code.PERSONNUMMER.severity,
                    Code.PERSONNUMMER,
                    "sökvägen ser ut att innehålla ett personnummer och filen läses inte;"
                    " personuppgifter hör inte hemma i fil- eller katalognamn",
                )
            )
            continue
        if path.endswith(".yml"):
            warnings.append(
                source.diagnostic(
                    (1, 1),
                    Code.UNKNOWN_FILE,
                    "filen läses inte: poster har ändelsen .yaml",
                )
            )
        elif path.endswith(".yaml"):
            found = kind_for_path(source.parts)
            if found is not None:
                source.kind, source.captured = found
            files.append(source)
    _within_limits(files, limits)
    warnings += [
        Diagnostic(
            _display(display_root, Path(link).relative_to(root).parts),
            1,
            1,
            code.severity,
            code,
            _SKIPPED_WHY[code],
        )
        for link, code in skipped
    ]
    return files, warnings


def _within_limits(files: list[SourceFile], limits: Limits) -> None:
    if len(files) > limits.max_files:
        raise TreeTooLarge(
            f"datakatalogen har {len(files)} postfiler, fler än gränsen {limits.max_files};"
            " är det rätt katalog (--data)?"
        )
    if len(files) * limits.max_file_bytes <= limits.max_tree_bytes:
        return  # within the limit whatever their sizes: no file need be looked at
    total = 0
    for source in files:
        with suppress(OSError):  # the reader reports what cannot be read
            total += os.lstat(source.path).st_size
    if total > limits.max_tree_bytes:
        raise TreeTooLarge(
            f"postfilerna i datakatalogen är {total // (1024 * 1024)} MiB tillsammans, mer än"
            f" gränsen {limits.max_tree_bytes // (1024 * 1024)} MiB; är det rätt katalog"
            " (--data)?"
        )


def file_ranks(files: Sequence[SourceFile]) -> dict[str, int]:
    """Where each file stands in the tree's order, by display path."""
    return {source.display: index for index, source in enumerate(files)}


Settled = tuple[RecordModel | None, list[Diagnostic]]
"""One file's record (None where it could not be modelled) and its problems."""


def add_records(
    dataset: Dataset, settled: Iterable[tuple[SourceFile, Settled]]
) -> list[Diagnostic]:
    """Add the records of settled files, in the order given; their problems."""
    diagnostics: list[Diagnostic] = []
    for source, (record, problems) in settled:
        diagnostics.extend(problems)
        if any(problem.code is Code.PERSONNUMMER for problem in problems):
            dataset.withheld.add(source.display)
        if record is not None and source.kind is not None:
            dataset.records.setdefault(source.kind.name, []).append(
                Record(record, source, source.kind)
            )
    return diagnostics


def settle(source: SourceFile, reading: FileReading | Diagnostic, limits: Limits) -> Settled:
    """One file's record and problems, from its reading."""
    if isinstance(reading, Diagnostic):
        return None, [reading]
    record, problems = _settle(source, reading, limits)
    if source.kind is not None:
        problem = modeline_problem(source.kind, source.parts, reading.modeline)
        if problem is not None:
            line, column, message = problem
            problems = [*problems, source.diagnostic((line, column), Code.MODELINE, message)]
    return record, problems


def _settle(
    source: SourceFile, reading: FileReading, limits: Limits
) -> tuple[RecordModel | None, list[Diagnostic]]:
    """One file: the fast reading where its screens allow it and it passes, else the careful
    one (with positions for every problem)."""
    if reading.fast and source.kind is not None:
        with suppress(ValidationError):
            record = source.kind.model.model_validate(reading.data)
            source.text = reading.text
            if reading.text is None:
                source.left_behind = (reading.size, reading.checksum)
            found = _personnummer(source, reading)
            if reading.disguise:
                found += _personnummer_in_values(source, reading.data, reading.text, found)
                found += _glyphs_in_values(source, reading.data)
            return record, found
    if reading.text is None:
        # Read in the second process, which kept the text: read the file again here. A file
        # changed in the meantime is read as it is now, screens and all.
        again = read_source(source, limits)
        if isinstance(again, Diagnostic):
            return None, [again]
        return _settle_carefully(source, again, limits)
    return _settle_carefully(source, reading, limits)


def _settle_carefully(
    source: SourceFile, reading: FileReading, limits: Limits
) -> tuple[RecordModel | None, list[Diagnostic]]:
    assert reading.text is not None
    diagnostics = _personnummer(source, reading)
    data, problems = read_carefully(source, reading.text, limits)
    if reading.disguise:
        diagnostics += _personnummer_in_values(source, data, reading.text, diagnostics)
        diagnostics += _glyphs_in_values(source, data)
    diagnostics += problems
    if source.kind is None:
        return None, [*diagnostics, _unknown_place(source)]
    if data is None and problems:
        return None, diagnostics
    record, problems = model_file(source, source.kind, data)
    return record, diagnostics + problems


def _unknown_place(source: SourceFile) -> Diagnostic:
    layouts = ", ".join(kind.layout for kind in KINDS)
    return source.diagnostic(
        (1, 1),
        Code.UNKNOWN_PLACE,
        f"filen ligger inte där någon posttyp hör hemma; platser: {layouts}",
    )
