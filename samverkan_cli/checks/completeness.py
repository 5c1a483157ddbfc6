"""Is what an output shows the whole of the records? The one count of their errors.

Every reading command (status, the reports, the documents, the diffs) runs the checks of
`validate` on the records it reads, so that the number of errors it gives is the very number
`validate` gives, and it says which records are left out or have errors.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from samverkan_cli.checks.identity import Identity
from samverkan_cli.checks.validation import (
    ValidateJob,
    ValidationResult,
    checked_share,
    kept_checked,
)
from samverkan_cli.diagnostics import Code
from samverkan_cli.records.access import published
from samverkan_cli.records.job import Loaded, Share, Tree
from samverkan_cli.support.swedish import plural


@dataclass(frozen=True)
class Findings:
    """What one share found: its part of `validate`, and the files whose records it read."""

    checked: Any
    """The `ValidateJob.work` of the share."""
    read: frozenset[str]
    withheld: frozenset[str]


def findings(share: Share) -> Findings:
    found = checked_share(share)
    read = frozenset(
        record.file.display
        for records in share.dataset.records.values()
        for record in records
        if share.owns(record)
    )
    withheld = frozenset(path for path in share.dataset.withheld if path in read)
    return Findings(found, read, withheld)


@dataclass(frozen=True)
class Completeness:
    """The errors in the records, and which records an output leaves out or shows with errors."""

    errors: int
    warnings: int
    unread: tuple[str, ...] = ()
    """Files where a record belongs that could not be read: left out."""
    withheld: tuple[str, ...] = ()
    """Files read but not published (a personnummer): left out."""
    erring: tuple[str, ...] = ()
    """Records read and shown, that have errors."""
    astray: tuple[str, ...] = ()
    """Of the `unread`, the files where no record kind belongs."""

    @property
    def complete(self) -> bool:
        return self.errors == 0

    @property
    def left_out(self) -> tuple[str, ...]:
        return self.unread + self.withheld

    def notice(self) -> str:
        """One paragraph for the top of a document, in Swedish; empty when complete."""
        if self.complete:
            return ""
        parts = [f"Posterna har {plural(self.errors, 'fel', 'fel')}."]
        if self.left_out:
            named = [f"{_shown(path)} ({_why(path in self.astray)})" for path in self.unread] + [
                f"{_shown(path)} (innehåller något som liknar ett personnummer)"
                for path in self.withheld
            ]
            parts.append(f"{plural(len(named), 'post', 'poster')} är inte med: {', '.join(named)}.")
        if self.erring:
            has = "har fel och kan visas fel" if len(self.erring) == 1 else "har fel"
            parts.append(
                f"{plural(len(self.erring), 'post', 'poster')} {has}:"
                f" {', '.join(map(_shown, self.erring))}."
            )
        parts.append("Kör samverkan validate för att se felen.")
        return " ".join(parts)

    def summary(self) -> str:
        """One line for standard error; empty when complete."""
        if self.complete:
            return ""
        found = [plural(self.errors, "fel", "fel") + " i posterna"]
        if self.left_out:
            found.append(
                f"{plural(len(self.left_out), 'post', 'poster')} är inte med"
                f" ({', '.join(map(_shown, self.left_out))})"
            )
        if self.erring:
            found.append(f"{plural(len(self.erring), 'post', 'poster')} med fel visas")
        return "; ".join(found) + " (kör samverkan validate)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "complete": self.complete,
            "errors": self.errors,
            "left_out": list(self.left_out),
            "with_errors": list(self.erring),
        }


def _shown(path: str) -> str:
    """A file's name in a document or a message: bytes that are not UTF-8 and control
    characters as escapes (`\\xff`, `\\r`), so that a crafted name can neither break the
    document's encoding nor start a line of its own."""
    from samverkan_cli.output.diagnostic_formats import one_line

    return one_line(os.fsencode(path).decode("utf-8", "backslashreplace"))


COMPLETE = Completeness(0, 0)


def _why(astray: bool) -> str:
    return "ligger där ingen posttyp hör hemma" if astray else "kunde inte läsas"


def completeness(
    parts: Iterable[Findings], tree: Tree, kept: Iterable[Identity] = ()
) -> Completeness:
    """The findings of every share put together, as `validate` would count them; `kept` are
    the identities of the records whose products were kept (`Tree.kept`), which no share
    read, and which had no problem of their own when kept."""
    parts = list(parts)
    checked = [part.checked for part in parts]
    if kept:
        checked.append(kept_checked(list(kept)))
    result = ValidateJob().merge(checked, tree)
    read = {path for part in parts for path in part.read} | set(tree.kept)
    withheld = {path for part in parts for path in part.withheld}
    return completeness_of(result, read, withheld)


def completeness_of(result: ValidationResult, read: set[str], withheld: set[str]) -> Completeness:
    erring: dict[str, None] = {}
    astray = set()
    for diagnostic in result.diagnostics:
        if diagnostic.is_error:
            erring.setdefault(diagnostic.path)
        if diagnostic.code is Code.UNKNOWN_PLACE:
            astray.add(diagnostic.path)
    return Completeness(
        result.errors,
        result.warnings,
        tuple(path for path in erring if path not in read),
        tuple(path for path in erring if path in withheld),
        tuple(path for path in erring if path in read and path not in withheld),
        tuple(path for path in erring if path in astray),
    )


@dataclass(frozen=True)
class CheckedLoadJob:
    """Every record that may be published, in one dataset, and how complete it is."""

    whole: ClassVar[bool] = True

    def work(self, share: Share) -> tuple[Loaded, Completeness]:
        found = completeness([findings(share)], Tree(share.dataset.files, share.load_errors))
        return Loaded(published(share.dataset), share.problems), found

    def merge(
        self, results: list[tuple[Loaded, Completeness]], tree: Tree
    ) -> tuple[Loaded, Completeness]:
        return results[0]
