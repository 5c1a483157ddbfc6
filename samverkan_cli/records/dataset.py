"""A modelled record with the file it came from, and a data tree's records by kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from samverkan_cli.diagnostics import Code, Diagnostic, Severity
from samverkan_cli.loading.reading import SourceFile
from samverkan_cli.loading.yaml_reader import PathKey
from samverkan_cli.records.models import (
    KINDS,
    Kind,
    Organisation,
    RecordModel,
)

M = TypeVar("M", bound=RecordModel)
_KIND_NAMES: dict[type[Any], str] = {kind.model: kind.name for kind in KINDS}


@dataclass
class Record(Generic[M]):
    """A modelled record and the file it came from."""

    model: M
    file: SourceFile
    kind: Kind

    def diagnostic(
        self,
        path: PathKey,
        code: Code,
        message: str,
        *,
        severity: Severity | None = None,
        at_key: bool = False,
    ) -> Diagnostic:
        """A diagnostic at the value (or the key) at `path` in this record's file, with its
        code's severity unless told."""
        positions = self.file.positions
        mark = positions.of_key(path) if at_key else positions.of_value(path)
        return self.file.diagnostic(mark, code, message, severity)


@dataclass
class Dataset:
    root: Path
    files: list[SourceFile] = field(default_factory=list)
    records: dict[str, list[Record[Any]]] = field(default_factory=dict)
    withheld: set[str] = field(default_factory=set)
    """Display paths of the records never to be published (a personnummer was found in the
    file): they are checked, but left out of every output."""
    _indexes: dict[type[Any], tuple[int, Any]] = field(default_factory=dict, repr=False)

    def of(self, model: type[M]) -> list[Record[M]]:
        """The records of one model class, in file order."""
        return list(self.records.get(_KIND_NAMES[model], ()))

    def by_id(self, model: type[M]) -> dict[str, Record[M]]:
        """Records of one model by id; the first one wins where an id is repeated."""
        records = self.of(model)
        cached = self._indexes.get(model)
        if cached is not None and cached[0] == len(records):
            found: dict[str, Record[M]] = cached[1]
            return found
        index: dict[str, Record[M]] = {}
        for record in records:
            index.setdefault(str(record.model.id), record)
        self._indexes[model] = (len(records), index)
        return index

    def name_of(self, model: type[Organisation], record_id: str) -> str:
        """The name of the record a reference points at; the id itself when there is none."""
        found = self.by_id(model).get(record_id)
        return found.model.name if found else record_id
