"""The library API: what the command line calls, and what other programs may call.

Each function takes plain arguments (paths, dates, ids), reads the records from a working tree
or from a git revision, and returns data; none prints or exits. A request that cannot be
carried out (no such data directory, revision, record or report) raises `CannotRun` with a
message in Swedish. See docs/api.md.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

# The modules below are imported where they are used, so that importing this module (and
# `samverkan --help`) stays cheap; the types are also to be had as attributes (__getattr__).
if TYPE_CHECKING:
    import datetime

    from samverkan_cli.checks.activity_rows import Row as ActivityRow
    from samverkan_cli.checks.activity_rows import RowProblem
    from samverkan_cli.checks.completeness import Completeness
    from samverkan_cli.checks.validation import Parts, ValidationResult
    from samverkan_cli.diff.records import DatasetDiff
    from samverkan_cli.loading.limits import Limits
    from samverkan_cli.loading.reading import SourceFile
    from samverkan_cli.output.documents.build import Rendered
    from samverkan_cli.output.editor import Initialised
    from samverkan_cli.records.job import Loaded, TreeJob
    from samverkan_cli.records.migration import Migrated
    from samverkan_cli.records.models import Kind
    from samverkan_cli.records.new import Question
    from samverkan_cli.records.scope import Scope
    from samverkan_cli.records.writer import RecordEdit
    from samverkan_cli.results import (
        AddActivitiesResult,
        Exported,
        Formatted,
        Imported,
        LogChoices,
        NewRecord,
        RecordDiff,
        RemissStatus,
        RevisionChanges,
        StagedRows,
        TargetChoice,
    )
    from samverkan_cli.status.serialize import TreeStatus
    from samverkan_cli.support.git import Staged

__all__ = [
    "DEFAULT_DATA",
    "EXPORT_FORMATS",
    "AddActivitiesResult",
    "CannotRun",
    "Completeness",
    "DatasetDiff",
    "Exported",
    "Formatted",
    "Imported",
    "Initialised",
    "Limits",
    "Loaded",
    "LogChoices",
    "Migrated",
    "NewRecord",
    "RecordDiff",
    "RemissStatus",
    "Rendered",
    "RevisionChanges",
    "Scope",
    "TargetChoice",
    "TreeStatus",
    "ValidationResult",
    "activity_template",
    "add_activities",
    "diagnostics_output",
    "export",
    "format_records",
    "import_activities",
    "init",
    "load",
    "migrate",
    "organisation_ids",
    "record_diff",
    "record_ids",
    "remiss_status",
    "report",
    "report_kinds",
    "revision_diff",
    "revision_diff_markdown",
    "schema_kinds",
    "schema_text",
    "status",
    "validate",
    "validate_output",
    "write_schemas",
]

DEFAULT_DATA = Path("data")
R = TypeVar("R")

_TYPES = {
    "RevisionChanges": "samverkan_cli.results",
    "RemissStatus": "samverkan_cli.results",
    "RecordDiff": "samverkan_cli.results",
    "Exported": "samverkan_cli.results",
    "AddActivitiesResult": "samverkan_cli.results",
    "Formatted": "samverkan_cli.results",
    "TargetChoice": "samverkan_cli.results",
    "LogChoices": "samverkan_cli.results",
    "Imported": "samverkan_cli.results",
    "NewRecord": "samverkan_cli.results",
    "Completeness": "samverkan_cli.checks.completeness",
    "DatasetDiff": "samverkan_cli.diff.records",
    "Initialised": "samverkan_cli.output.editor",
    "Limits": "samverkan_cli.loading.limits",
    "Loaded": "samverkan_cli.records.job",
    "Migrated": "samverkan_cli.records.migration",
    "Rendered": "samverkan_cli.output.documents.build",
    "Scope": "samverkan_cli.records.scope",
    "TreeStatus": "samverkan_cli.status.serialize",
    "ValidationResult": "samverkan_cli.checks.validation",
}


def __getattr__(name: str) -> Any:
    if name in _TYPES:
        return getattr(importlib.import_module(_TYPES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _today() -> datetime.date:
    import datetime  # where a date is needed: the quick `validate` needs none

    return datetime.date.today()


class CannotRun(Exception):
    """The request cannot be carried out; the message says why, in Swedish."""

    def __init__(self, message: str, load_errors: int = 0) -> None:
        super().__init__(message)
        self.load_errors = load_errors
        """Errors found in the records before the request failed (0 where none were read)."""


def _internal_hint(label: str, wanted: str) -> str:
    return f"{label} '{wanted}' är märkt intern; ta med den med --include-internal"


def _data_root(path: Path) -> Path:
    _not_linked_out(path)
    if not path.exists():
        raise CannotRun(
            f"datakatalogen '{path}' finns inte; skapa den (mkdir {path}) eller ange en annan"
            " med --data KATALOG"
        )
    if not path.is_dir():
        raise CannotRun(f"'{path}' är ingen katalog; ange datakatalogen med --data KATALOG")
    return path


def _not_linked_out(path: Path) -> None:
    """A data directory inside the current one (`data`, as CI runs it in a checkout) may not
    lead out of it through a symbolic link: a pull request that commits `data -> /` would have
    the whole machine read. A path the user gives outside it is the user's own choice."""
    from samverkan_cli.support.files import leads_out_of_working_directory

    if leads_out_of_working_directory(os.fspath(path)):
        raise CannotRun(
            f"datakatalogen '{path}' är en symbolisk länk (eller ligger under en) som leder ut"
            " ur katalogen du kör i; ange katalogen den pekar på med --data KATALOG"
        )


@contextmanager
def _tree(
    data: Path, rev: str | Staged | None, limits: Limits
) -> Iterator[tuple[Path, str | None, bool]]:
    """Where the records are: (root, how paths are shown, whether it is gone afterwards)."""
    if rev is None:
        yield _data_root(data), None, False
        return
    from samverkan_cli.support.git import GitError, tree_at

    try:
        where = data if data.exists() else Path.cwd() / data
        with tree_at(
            rev,
            where,
            max_blob_bytes=limits.max_file_bytes,
            max_files=limits.max_files,
            max_total_bytes=limits.max_tree_bytes,
        ) as exported:
            if not exported.is_dir():
                named = rev if isinstance(rev, str) else rev.name
                raise CannotRun(f"datakatalogen '{data}' finns inte i {named}")
            yield exported, str(data), True
    except GitError as error:
        raise CannotRun(str(error)) from None


def _run(job: TreeJob[Any, R], data: Path, rev: str | Staged | None, limits: Limits | None) -> R:
    from samverkan_cli.loading.limits import DEFAULT_LIMITS, TreeTooLarge
    from samverkan_cli.speed import runner

    chosen = limits or DEFAULT_LIMITS
    with _tree(data, rev, chosen) as (root, display, transient):
        try:
            return runner.run(
                job,
                root,
                root_display=display,
                limits=chosen,
                transient=transient,
            )
        except TreeTooLarge as error:
            raise CannotRun(str(error)) from None


def load(data: Path = DEFAULT_DATA, *, rev: str | None = None) -> Loaded:
    """Every record of the tree, with the problems found loading it."""
    from samverkan_cli.records.job import LoadJob

    return _run(LoadJob(), data, rev, None)


def _checked_load(data: Path, rev: str | None = None) -> tuple[Loaded, Completeness]:
    """Every record that may be published, and how complete the tree is."""
    from samverkan_cli.checks.completeness import CheckedLoadJob

    return _run(CheckedLoadJob(), data, rev, None)


def validate(
    data: Path = DEFAULT_DATA,
    *,
    paths: Sequence[Path] = (),
    rev: str | None = None,
    changed_since: str | None = None,
    limits: Limits | None = None,
    staged: bool = False,
) -> ValidationResult:
    """Every problem in the records; with `paths`, those in the files under them; with
    `changed_since`, those in the files changed since that git revision and in the records
    that point at them; with `staged`, those in the files a commit would change (the index
    against HEAD, deletions too) and in the records that point at them."""
    from samverkan_cli.loading.limits import DEFAULT_LIMITS

    only, changed, source = _asked(data, paths, rev, changed_since, staged)
    if source is not None:  # a tree read from git: gone when the check is done, nothing kept
        return _checked(only, changed, data, source, limits)
    from samverkan_cli.speed import result_cache

    return result_cache.through(
        data,
        only,
        changed,
        limits or DEFAULT_LIMITS,
        lambda only, changed, indexed: _checked(only, changed, data, None, limits, indexed),
    )


def validate_output(
    data: Path = DEFAULT_DATA,
    output_format: str = "text",
    *,
    paths: Sequence[Path] = (),
    changed_since: str | None = None,
    limits: Limits | None = None,
    staged: bool = False,
) -> tuple[str, bool]:
    """What `samverkan validate` prints for these records in `output_format` (see
    `diagnostics_output`), and whether they have errors: `validate` and `diagnostics_output`
    in one, answered from what was kept for a tree checked before."""
    from samverkan_cli.loading.limits import DEFAULT_LIMITS
    from samverkan_cli.output import CI_FORMATS
    from samverkan_cli.speed import result_cache

    if output_format in CI_FORMATS:  # not kept: the repository's root is not in the key
        result = validate(
            data, paths=paths, changed_since=changed_since, limits=limits, staged=staged
        )
        return diagnostics_output(result, output_format, data), bool(result.errors)
    only, changed, source = _asked(data, paths, None, changed_since, staged)
    if source is not None:
        result = _checked(only, changed, data, source, limits)
        return diagnostics_output(result, output_format, data), bool(result.errors)
    return result_cache.output_through(
        data,
        only,
        changed,
        limits or DEFAULT_LIMITS,
        output_format,
        lambda only, changed, indexed: _checked(only, changed, data, None, limits, indexed),
        lambda result: diagnostics_output(result, output_format, data),
    )


def _asked(
    data: Path,
    paths: Sequence[Path],
    rev: str | None,
    changed_since: str | None,
    staged: bool,
) -> tuple[list[Parts] | None, list[Parts] | None, str | Staged | None]:
    """The files a `validate` reports on, relative to the data root (None: all); the files
    changed that it reports on with the records pointing at them (None: no such ask); and the
    tree to read: a revision, the index (`--staged` where the working tree differs from it:
    only the index holds what the commit will), or None for the working tree."""
    if staged and (rev is not None or changed_since is not None):
        raise CannotRun("--staged går inte att kombinera med --rev eller --changed-since")
    # The working tree's data directory is judged before anything is looked up or hashed: a
    # link that leads out of the working directory is refused whether or not a result is kept
    # for its tree. (A revision's is judged where it is read from git.)
    root = _data_root(data) if rev is None or paths else data
    only = [_relative_parts(path, root) for path in paths] or None
    changed = None if changed_since is None else _changed(data, changed_since, rev)
    if not staged:
        return only, changed, rev
    from samverkan_cli.support.git import STAGED, GitError, staged_changes

    try:
        found, differs = staged_changes(root)
    except GitError as error:
        raise CannotRun(str(error)) from None
    staged_parts = [path.relative_to(root.resolve()).parts for path in found]
    return only, staged_parts, STAGED if differs else None


def _checked(
    only: Sequence[Parts] | None,
    changed: Sequence[Parts] | None,
    data: Path,
    rev: str | Staged | None,
    limits: Limits | None,
    indexed: bool = False,
) -> ValidationResult:
    from samverkan_cli.checks.validation import ValidateJob

    return _run(ValidateJob(only, changed, indexed), data, rev, limits)


def diagnostics_output(
    result: ValidationResult, output_format: str, data: Path = DEFAULT_DATA
) -> str:
    """`result` as text, json, github, gitlab or sarif. The CI formats name files relative to
    the root of the git repository that holds `data` (outside git, as `validate` names them)."""
    from samverkan_cli.output import CI_FORMATS
    from samverkan_cli.output.diagnostic_formats import FORMATS
    from samverkan_cli.support.git import GitError, repo_root

    if output_format not in FORMATS:
        raise CannotRun(f"okänt format '{output_format}'; välj bland {', '.join(FORMATS)}")
    root = None
    if output_format in CI_FORMATS:
        try:
            root = repo_root(data if data.is_dir() else Path.cwd())
        except GitError:
            root = None
    return FORMATS[output_format](result, root)


def _relative_parts(path: Path, root: Path) -> Parts:
    if not path.exists():
        raise CannotRun(f"'{path}' finns inte")
    try:
        return path.resolve().relative_to(root.resolve()).parts
    except ValueError:
        raise CannotRun(
            f"'{path}' ligger utanför datakatalogen '{root}'; ange rätt katalog med --data"
        ) from None


def _changed(data: Path, ref: str, rev: str | None) -> list[Parts]:
    """The files changed since `ref` (in `rev`, else in the working tree)."""
    from samverkan_cli.support.git import GitError, changed_paths

    root = _data_root(data)
    try:
        changed = changed_paths(ref, root, rev)
    except GitError as error:
        raise CannotRun(str(error)) from None
    return [path.relative_to(root.resolve()).parts for path in changed]


def status(
    data: Path = DEFAULT_DATA,
    as_of: datetime.date | None = None,
    *,
    ids: Collection[str] = (),
    kinds: Collection[str] = ("agreement", "promise", "area"),
    rev: str | None = None,
    as_json: bool = False,
    include_internal: bool = False,
    scope: Scope | None = None,
) -> TreeStatus:
    """How the goals, commitments and targets of the records chosen stand on a date (today
    when None): every record of `kinds`, or those with the `ids` given. With `as_json`, the
    result holds the JSON text (docs/status.md) instead of the results. What is marked intern
    is left out, and the verdicts computed without it, unless `include_internal`."""
    from samverkan_cli.diagnostics import did_you_mean
    from samverkan_cli.records.scope import EVERYTHING
    from samverkan_cli.status.serialize import StatusJob

    day = as_of or _today()
    job = StatusJob(day, tuple(ids), tuple(kinds), as_json, include_internal, scope or EVERYTHING)
    found = _run(job, data, rev, None)
    if found.scope_problems:
        raise CannotRun("; ".join(found.scope_problems), found.load_errors)
    for wanted in ids:
        if wanted in found.internal and wanted not in found.known:
            raise CannotRun(_internal_hint("posten", wanted), found.load_errors)
        if wanted not in found.known and wanted not in found.unread:
            raise CannotRun(
                f"ingen post med id '{wanted}'{did_you_mean(wanted, sorted(found.known))}",
                found.load_errors,
            )
    return found


def report(
    data: Path = DEFAULT_DATA,
    kind: str = "overview",
    record_id: str | None = None,
    *,
    as_of: datetime.date | None = None,
    pdf: bool = False,
    templates: Path | None = None,
    include_internal: bool = False,
    rev: str | None = None,
    scope: Scope | None = None,
    font: str | None = None,
    font_paths: Sequence[Path] = (),
) -> Rendered:
    """A report (`overview`, `agreement`, `promise`, `areas`) or the answer document of a
    remiss (`remiss`), in Markdown or as PDF bytes. `templates` replace the built-in ones by
    name, as does a templates/ folder beside the data directory. `scope` narrows the
    overview and the areas report to a kommun, lokalpolisområde, polisregion or years.
    A PDF's font is `font`, else the organisation's (`document.font`), else the one family in
    `font_paths` (folders of font files), else Typst's own serif; a family that is not there
    is refused."""
    from samverkan_cli.output.documents.build import ReportError, ReportRequest, report_job
    from samverkan_cli.output.documents.pdf import FontMissing, PdfError, typst_missing
    from samverkan_cli.output.documents.templating import TemplateProblem
    from samverkan_cli.records.scope import EVERYTHING

    if pdf and (missing := typst_missing()):
        raise CannotRun(missing)
    day = as_of or _today()
    request = ReportRequest(
        day,
        kind,
        record_id,
        _template_dirs(data, templates),
        include_internal,
        scope or EVERYTHING,
        font,
        *_font_folders(font_paths),
    )
    try:
        return _run(report_job(request, pdf=pdf), data, rev, None)
    except (ReportError, TemplateProblem, FontMissing) as error:
        raise CannotRun(str(error)) from None
    except PdfError as error:
        if error.crashed:
            what = " ".join(part for part in (kind, record_id) if part)
            raise CannotRun(
                f"PDF-motorn (Typst) kraschade på rapporten '{what}': {error}; något värde i"
                " posterna kan inte skrivas som PDF (skriv ut med --format md och felanmäl)"
            ) from None
        raise CannotRun(f"Typst kunde inte göra PDF av mallarna: {error}") from None


def _font_folders(font_paths: Sequence[Path]) -> tuple[tuple[Path, ...], tuple[str, ...]]:
    """The folders of font files the user gave, and the families in them."""
    from samverkan_cli.output.documents.pdf import font_families

    for folder in font_paths:
        if folder.is_file():
            raise CannotRun(
                f"--font-path '{folder}' är en fil; ange katalogen där typsnittsfilerna ligger"
            )
        if not folder.is_dir():
            raise CannotRun(f"typsnittskatalogen '{folder}' finns inte (--font-path)")
    folders = tuple(font_paths)
    return folders, font_families(folders)


def _template_dirs(data: Path, explicit: Path | None) -> list[Path]:
    """`explicit` first, then a templates/ folder beside the data directory."""
    found = []
    if explicit is not None:
        if not explicit.is_dir():
            raise CannotRun(f"mallkatalogen '{explicit}' finns inte")
        found.append(explicit)
    beside = data.resolve().parent / "templates"
    if beside.is_dir():
        # A templates/ folder that is a link (even to `.`, the checkout with its .git/) could
        # hand any file of the checkout to an include: only the folder itself is read.
        if beside.is_symlink() or beside.resolve() != beside:
            raise CannotRun(
                f"mallkatalogen '{beside}' är en symbolisk länk; mallar läses bara från en"
                " vanlig katalog"
            )
        found.append(beside)
    return found


def revision_diff(
    agreement: str,
    before: str | None = None,
    after: str | None = None,
    *,
    data: Path = DEFAULT_DATA,
    include_internal: bool = False,
) -> RevisionChanges:
    """What a revision of an agreement changed, from `before` (default: the last adopted
    revision) to `after` (default: the newest); revisions marked intern count only with
    `include_internal`."""
    from samverkan_cli.diagnostics import did_you_mean
    from samverkan_cli.diff.revisions import diff_revisions, pick_pair
    from samverkan_cli.records.access import internal_ids, internal_items, internal_notice, visible
    from samverkan_cli.records.models import Agreement
    from samverkan_cli.records.revisions import revision_records, revisions_of
    from samverkan_cli.results import RevisionChanges

    loaded, checked = _checked_load(data)
    dataset = visible(loaded.dataset, include_internal)
    hidden = internal_ids(loaded.dataset, ("agreement", "revision"))
    agreements = dataset.by_id(Agreement)
    if agreement not in agreements:
        if agreement in hidden:
            raise CannotRun(_internal_hint("överenskommelsen", agreement), checked.errors)
        raise CannotRun(
            f"överenskommelsen '{agreement}' finns inte{did_you_mean(agreement, agreements)}",
            checked.errors,
        )
    revisions = {revision.id: revision for revision in revisions_of(dataset, agreement)}
    for wanted in (before, after):
        if wanted is not None and wanted not in revisions and wanted in hidden:
            raise CannotRun(_internal_hint("revisionen", wanted), checked.errors)
        if wanted is not None and wanted not in revisions:
            raise CannotRun(
                f"revisionen '{wanted}' finns inte{did_you_mean(wanted, revisions)}",
                checked.errors,
            )
    pair = pick_pair(revisions, before, after)
    if pair is None:
        raise CannotRun(f"'{agreement}' har färre än två revisioner att jämföra", checked.errors)
    first, second = pair
    model = agreements[agreement].model
    result = diff_revisions(agreement, first, second, list(model.goals))
    title = f"Ändringar i {model.title}: revision {first.id} → {second.id}"
    shown: list[Any] = [agreements[agreement], *revision_records(dataset, agreement)]
    access = internal_notice(include_internal, internal_items(shown))
    return RevisionChanges(result, title, checked, list(revisions.values()), access)


def revision_diff_markdown(changes: RevisionChanges, as_of: datetime.date | None = None) -> str:
    """`revision_diff` as a Markdown document."""
    from samverkan_cli.output.documents.build import render_revision_diff
    from samverkan_cli.output.documents.templating import TemplateProblem

    try:
        return render_revision_diff(
            changes.diff,
            changes.title,
            as_of or _today(),
            changes.revisions,
            changes.completeness,
            changes.access,
        )
    except TemplateProblem as error:
        raise CannotRun(str(error)) from None


def remiss_status(
    remiss_id: str | None = None,
    as_of: datetime.date | None = None,
    *,
    data: Path = DEFAULT_DATA,
    include_internal: bool = False,
) -> RemissStatus:
    """Each remiss (or the one asked for) and its referrals: answered, open or overdue; those
    marked intern only with `include_internal`."""
    from samverkan_cli.diagnostics import did_you_mean
    from samverkan_cli.records.access import (
        internal_ids,
        internal_items,
        internal_notice,
        visible,
    )
    from samverkan_cli.records.models import Organisation, Remiss
    from samverkan_cli.records.revisions import remiss_sent
    from samverkan_cli.results import RemissStatus
    from samverkan_cli.status.remiss import remiss_status as referrals

    loaded, checked = _checked_load(data)
    dataset = visible(loaded.dataset, include_internal)
    remisses = dataset.by_id(Remiss)
    if remiss_id is not None and remiss_id not in remisses:
        if remiss_id in internal_ids(loaded.dataset, ("remiss",)):
            raise CannotRun(_internal_hint("remissen", remiss_id), checked.errors)
        raise CannotRun(
            f"remissen '{remiss_id}' finns inte{did_you_mean(remiss_id, remisses)}",
            checked.errors,
        )
    chosen = [remisses[remiss_id]] if remiss_id else list(remisses.values())
    day = as_of or _today()

    def name(organisation: str) -> str:
        return dataset.name_of(Organisation, organisation)

    results = [
        (
            record.model,
            referrals(record.model, day, name, remiss_sent(record.model, loaded.dataset)),
        )
        for record in chosen
    ]
    access = internal_notice(include_internal, internal_items(chosen))
    return RemissStatus(day, results, checked, access)


def record_diff(
    base: str | None = None,
    head: str | None = None,
    *,
    as_of: datetime.date | None = None,
    data: Path = DEFAULT_DATA,
    include_internal: bool = False,
) -> RecordDiff:
    """What a change to the records means, from git revision `base` (default: where the
    branch left the default branch) to `head` (default: the working tree); what is marked
    intern, on either side, only with `include_internal`."""
    import dataclasses

    from samverkan_cli.diff.records import diff_datasets
    from samverkan_cli.records.access import (
        internal_items,
        internal_notice,
        internal_paths,
        published,
        visible,
    )
    from samverkan_cli.results import RecordDiff
    from samverkan_cli.support.git import GitError, default_branch_base

    if base is None:
        try:
            base = default_branch_base(data if data.exists() else data.parent)
        except GitError as error:
            raise CannotRun(str(error)) from None
    before, checked_before = _checked_load(data, base)
    after, checked_after = _checked_load(data, head)
    day = as_of or _today()
    internal = sum(
        internal_items(record for records in published(side).records.values() for record in records)
        for side in (before.dataset, after.dataset)
    )
    changes = diff_datasets(
        visible(before.dataset, include_internal),
        visible(after.dataset, include_internal),
        day,
        hidden=() if include_internal else internal_paths(after.dataset),
    )
    access = internal_notice(include_internal, internal)
    return RecordDiff(dataclasses.replace(changes, access=access), (checked_before, checked_after))


def record_ids(
    data: Path = DEFAULT_DATA, kinds: Collection[str] = (), scope: str | None = None
) -> list[str]:
    """The ids of the records of `kinds` (every kind when empty) under `data`, in Swedish
    order, judged by their file paths alone: no file is read, so it is quick enough for shell
    completion. With `scope`, only those within it (the revisions of one agreement)."""
    import os

    from samverkan_cli.records.keys import key_of_path
    from samverkan_cli.support.swedish import sort_key

    found: set[str] = set()
    for directory, folders, files in os.walk(data):
        folders[:] = [folder for folder in folders if not folder.startswith(".")]
        relative = Path(directory).relative_to(data).parts
        for name in files:
            key = key_of_path((*relative, name))
            if key is None or (kinds and key.kind not in kinds):
                continue
            if scope is None or key.scope == scope:
                found.add(key.id)
    return sorted(found, key=sort_key)


_TYPE_LINE = re.compile(r"""^type:[ \t]*(["']?)([^"'#\r\n]*?)\1[ \t]*(?:#.*)?$""", re.MULTILINE)


def organisation_ids(data: Path = DEFAULT_DATA, organisation_type: str | None = None) -> list[str]:
    """The ids of the organisations (of `organisation_type`, such as `kommun`, when given),
    in Swedish order, from their file paths and each file's top-level `type:` line (the
    first 4 KiB are read; the record is not modelled): quick enough for shell completion."""
    from samverkan_cli.loading.reading import read_limited
    from samverkan_cli.support.swedish import sort_key

    found = []
    for record_id in record_ids(data, ("organisation",)):
        if organisation_type is not None:
            path = data / "organisations" / f"{record_id}.yaml"
            if path.is_symlink():  # may lead out of the tree, or to /dev/stdin
                continue
            try:  # not blocking, regular files only: a FIFO does not hang completion
                raw = read_limited(os.fspath(path), 64 * 1024)
            except OSError:
                continue
            if raw is None:
                continue
            head = raw[:4096].decode("utf-8", "replace")
            typed = _TYPE_LINE.search(head)
            if typed is None or typed[2].strip() != organisation_type:
                continue
        found.append(record_id)
    return sorted(found, key=sort_key)


def report_kinds() -> tuple[str, ...]:
    """The reports `report` makes: overview, agreement, promise, areas, remiss."""
    from samverkan_cli.output.documents.kinds import REPORT_KINDS

    return REPORT_KINDS


def schema_kinds() -> tuple[Kind, ...]:
    """The record kinds, each with its Swedish name and its place in the tree."""
    from samverkan_cli.records.models import KINDS

    return KINDS


def schema_text(kind: str) -> str:
    """The JSON Schema (draft 2020-12) of one record kind."""
    from samverkan_cli.diagnostics import did_you_mean
    from samverkan_cli.records.models import KINDS_BY_NAME
    from samverkan_cli.records.schema import schema_text as text

    if kind not in KINDS_BY_NAME:
        names = ", ".join(KINDS_BY_NAME)
        raise CannotRun(
            f"okänd posttyp '{kind}'{did_you_mean(kind, KINDS_BY_NAME)}; kända: {names}"
        )
    return text(KINDS_BY_NAME[kind])


def write_schemas(directory: Path) -> list[Path]:
    """The JSON Schema of every record kind, written into `directory`."""
    from samverkan_cli.records.schema import write_schemas as write

    try:
        return write(directory)
    except OSError as error:
        raise CannotRun(f"kan inte skriva scheman till '{directory}': {error.strerror}") from None


def init(directory: Path, *, force: bool = False) -> Initialised:
    """Set up a data repository for editors: schemas/ (where the records' modelines point)
    and VS Code's .vscode/settings.json and extensions.json. Running it again changes
    nothing; a file changed by hand is left as it is unless `force`."""
    from samverkan_cli.output.editor import initialise

    try:
        return initialise(directory, force=force)
    except OSError as error:
        raise CannotRun(
            f"kan inte skriva i '{error.filename or directory}': {error.strerror}"
        ) from None


def prepare_command_line() -> None:
    """For a short run from the command line: no collector passes, nothing freed at the end
    (see `exit_now`)."""
    from samverkan_cli.speed.lifetime import for_the_command_line

    for_the_command_line()


def exit_now(status: int) -> None:
    """End the process at once, without freeing what it built."""
    from samverkan_cli.speed.lifetime import exit_now as end

    end(status)


def migrate(data: Path = DEFAULT_DATA) -> Migrated:
    """Rewrite a tree in the format before organisations and dated revision events into
    today's, comments and order kept (see samverkan_cli/records/migration.py)."""
    from samverkan_cli.records.migration import migrate as rewrite

    return rewrite(_data_root(data))


EXPORT_FORMATS = ("csv", "xlsx", "json")


def export(
    data: Path = DEFAULT_DATA,
    as_of: datetime.date | None = None,
    *,
    output_format: str = "csv",
    rev: str | None = None,
    include_internal: bool = False,
    scope: Scope | None = None,
) -> Exported:
    """Data for analysts (docs/export.md): a row for each target of each agreement and promise,
    with its status, progress and why on `as_of`, and a row for each activity; as CSV, XLSX or
    JSON. What is marked intern is left out unless `include_internal`, as in the reports."""
    from samverkan_cli.output.export import ExportJob, to_csv, to_json, to_xlsx
    from samverkan_cli.records.scope import EVERYTHING
    from samverkan_cli.results import Exported

    if output_format not in EXPORT_FORMATS:
        raise CannotRun(f"okänt format '{output_format}'; välj csv, xlsx eller json")
    day = as_of or _today()
    made = _run(ExportJob(day, include_internal, scope or EVERYTHING), data, rev, None)
    checked = made.completeness
    if made.scope_problems:
        raise CannotRun("; ".join(made.scope_problems), checked.errors)
    found = made.export
    if output_format == "csv":
        content = to_csv(found)
    elif output_format == "xlsx":
        content = to_xlsx(found)
    else:
        content = to_json(found, checked.to_dict())
    return Exported(content, len(found.rows), found.access, checked)


def add_activities(
    data: Path,
    promise: str,
    activities: Sequence[Mapping[str, object]],
    *,
    dry_run: bool = False,
) -> AddActivitiesResult:
    """Add activities to a promise's log (`target`, `date`, `description`, and optionally
    `count`, `place`, `by`, `access`: the fields of an activity). An activity the log already
    holds (same target, date, description, place, count and performer) is not added again.
    The tree is checked with the file as it would be, and the file is written whole only
    when it has no error; everything else in it stays as it was, byte for byte."""
    from samverkan_cli.checks.validation import validate_with_texts
    from samverkan_cli.diagnostics import did_you_mean
    from samverkan_cli.records.editing import append_activities, record_files
    from samverkan_cli.records.models import KINDS_BY_NAME
    from samverkan_cli.results import AddActivitiesResult

    root = _data_root(data)
    files = record_files(root, KINDS_BY_NAME["promise"])
    source = files.get(promise)
    if source is None:
        raise CannotRun(
            f"medborgarlöftet '{promise}' finns inte{did_you_mean(promise, sorted(files))}"
        )
    path = Path(source.path)
    edit = _open_edit(path)
    added, duplicates = append_activities(edit, activities)
    content = edit.encoded()
    checked = validate_with_texts(root, {path: content}, root_display=str(data))
    own = [d for d in checked.diagnostics if d.path == source.display]
    written = False
    if added and not dry_run and not any(d.is_error for d in own):
        written = _save_edit(edit)
    return AddActivitiesResult(
        path, added, duplicates, own, written, edit.text, content.decode("utf-8")
    )


def _open_edit(path: Path) -> RecordEdit:
    from samverkan_cli.records.writer import EditRefused, RecordEdit

    try:
        return RecordEdit.open(path)
    except EditRefused as error:
        raise CannotRun(str(error)) from None
    except OSError as error:
        raise CannotRun(f"kan inte läsa '{path}': {error.strerror}") from None


def _save_edit(edit: RecordEdit) -> bool:
    from samverkan_cli.records.writer import EditConflict

    try:
        return edit.save()
    except EditConflict as error:
        raise CannotRun(str(error)) from None
    except OSError as error:
        raise CannotRun(f"kan inte skriva '{edit.path}': {error.strerror}") from None


def format_records(
    paths: Sequence[Path] = (), *, data: Path = DEFAULT_DATA, check: bool = False
) -> Formatted:
    """Give the record files under `paths` (default: the data directory) the canonical
    layout: the model's key order, two spaces of indentation, quotes only where needed;
    comments and blank lines kept. With `check`, nothing is written."""
    from samverkan_cli.records.canonical import canonical_text
    from samverkan_cli.records.editing import kind_of_path, yaml_files
    from samverkan_cli.records.writer import EditConflict, EditRefused, RecordEdit
    from samverkan_cli.results import Formatted

    chosen = list(paths) or [_data_root(data)]
    for path in chosen:
        if not path.exists():
            raise CannotRun(f"'{path}' finns inte")
    changed: list[Path] = []
    unchanged = 0
    problems: list[str] = []
    for path in yaml_files(chosen):
        try:
            edit = RecordEdit.open(path)
            edit.replace_text(canonical_text(edit.lines, kind_of_path(path, data), str(path)))
            if not edit.changed:
                unchanged += 1
                continue
            if not check:
                edit.save()
            changed.append(path)
        except (EditRefused, EditConflict) as error:
            problems.append(str(error))
        except OSError as error:
            problems.append(f"{path}:1:1: filen kan inte läsas eller skrivas: {error.strerror}")
    return Formatted(changed, unchanged, problems)


def log_choices(data: Path, promise: str, as_of: datetime.date | None = None) -> LogChoices:
    """The targets of a promise (its own or those of the promise it extends) with their
    status on `as_of`, and the organisations that may have done an activity."""
    from samverkan_cli.diagnostics import did_you_mean
    from samverkan_cli.records.models import Organisation, Promise
    from samverkan_cli.results import LogChoices, TargetChoice
    from samverkan_cli.status.engine import evaluate_record
    from samverkan_cli.support.swedish import sort_key

    loaded = load(_data_root(data))
    dataset = loaded.dataset
    promises = dataset.by_id(Promise)
    record = promises.get(promise)
    if record is None:
        from samverkan_cli.records.editing import record_files
        from samverkan_cli.records.models import KINDS_BY_NAME

        files = record_files(_data_root(data), KINDS_BY_NAME["promise"])
        if promise in files:
            raise CannotRun(
                f"medborgarlöftet '{promise}' kan inte läsas; rätta felen först (kör samverkan"
                f" validate {files[promise].path})",
                loaded.load_errors,
            )
        raise CannotRun(
            f"medborgarlöftet '{promise}' finns inte{did_you_mean(promise, sorted(promises))}",
            loaded.load_errors,
        )
    day = as_of or _today()
    result = evaluate_record(("promise", record), dataset, day)
    targets = [
        TargetChoice(
            target.id,
            target.title,
            group.title,
            target.result.sentence,
            target.result.status.value,
        )
        for group in result.groups
        for target in group.targets
        if target.kind in ("count", "milestone")  # what activities count towards
    ]
    names = {str(found.model.id): found.model.name for found in dataset.of(Organisation)}
    issuers = [issuer for issuer in record.model.issuers if issuer in names]
    others = sorted((i for i in names if i not in issuers), key=lambda i: sort_key(names[i]))
    covered = record.model.covers()
    return LogChoices(
        promise,
        record.model.title,
        Path(record.file.path),
        targets,
        {organisation: names[organisation] for organisation in [*issuers, *others]},
        covered.start.start(),
        covered.end.end(),
    )


def import_activities(
    data: Path,
    sheet: Path,
    *,
    promise: str | None = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> Imported:
    """Add the activities of a CSV or XLSX sheet (columns `promise`, `date`, `target`,
    `description`, `place`, `count`, `by`; `promise` may be left out with `promise=`) to the
    logs of the promises they name. Every row is checked, in the sheet and as `validate`
    checks the promise files with the rows in them. Nothing is written unless every row is
    valid, or `skip_invalid` leaves out those that are not; a row the log already holds is not
    added again. All the files are written or none: one that fails undoes those before it."""
    from samverkan_cli.checks.activity_rows import read_rows
    from samverkan_cli.diagnostics import did_you_mean
    from samverkan_cli.loading.sheets import SheetError, read_sheet
    from samverkan_cli.records.editing import record_files
    from samverkan_cli.records.models import KINDS_BY_NAME, Promise
    from samverkan_cli.results import Imported

    root = _data_root(data)
    try:
        read = read_sheet(sheet)
    except SheetError as error:
        raise CannotRun(str(error)) from None
    files = record_files(root, KINDS_BY_NAME["promise"])
    loaded = load(data).dataset.by_id(Promise)
    if promise is not None and promise not in files:
        raise CannotRun(
            f"medborgarlöftet '{promise}' finns inte{did_you_mean(promise, sorted(files))}"
        )
    found = read_rows(read, str(sheet), {name: name in loaded for name in files}, promise)
    rows = found.rows
    problems = list(found.problems)
    skipped = set(found.skipped)
    staged = _stage_rows(root, data, files, rows, str(sheet))
    if skip_invalid:
        for _ in range(3):
            bad = {problem.row for problem in staged.problems if problem.path == str(sheet)}
            bad |= {row.number for row in rows if row.promise in staged.refused}
            if not bad and not staged.problems:
                break
            problems += staged.problems
            skipped |= bad
            rows = [row for row in rows if row.number not in bad]
            staged = _stage_rows(root, data, files, rows, str(sheet))
        else:
            raise CannotRun("importen kunde inte rättas till genom att hoppa över rader")
    else:
        problems += staged.problems
    written: list[Path] = []
    if not dry_run and (skip_invalid or not problems):
        written = _save_all(staged.edits)
    return Imported(
        len(found.rows) + len(found.skipped),
        staged.added,
        sorted(staged.duplicates),
        sorted(problems, key=lambda problem: (problem.path != str(sheet), problem.row)),
        sorted(skipped) if skip_invalid else [],
        written,
    )


def _stage_rows(
    root: Path, data: Path, files: dict[str, SourceFile], rows: list[ActivityRow], sheet: str
) -> StagedRows:
    """Each promise's file with its rows appended (in memory), and what `validate` says of the
    tree with all of them."""
    from samverkan_cli.checks.activity_rows import RowProblem, row_problems
    from samverkan_cli.checks.validation import validate_with_texts
    from samverkan_cli.loading.yaml_reader import YamlFailure, read_yaml
    from samverkan_cli.records.editing import append_activities
    from samverkan_cli.results import StagedRows

    by_promise: dict[str, list[ActivityRow]] = {}
    for row in rows:
        by_promise.setdefault(row.promise, []).append(row)
    staged = StagedRows([], {}, [], [], set())
    plans = []
    for promise_id, chosen in by_promise.items():
        source = files[promise_id]
        edit = _open_edit(Path(source.path))
        log = edit.data.get("activities")
        first = len(log) if isinstance(log, list) else 0
        added, _ = append_activities(edit, [row.activity for row in chosen])
        kept = {id(activity) for activity in added}
        added_rows = [row for row in chosen if id(row.activity) in kept]
        staged.duplicates += [row.number for row in chosen if id(row.activity) not in kept]
        staged.added[promise_id] = len(added_rows)
        if added_rows:
            staged.edits.append(edit)
            plans.append((promise_id, source, edit, first, added_rows))
    if not plans:
        return staged
    texts = {Path(source.path): edit.encoded() for _, source, edit, _, _ in plans}
    checked = validate_with_texts(root, texts, root_display=str(data))
    for promise_id, source, edit, first, added_rows in plans:
        own = [d for d in checked.diagnostics if d.path == source.display]
        text = edit.render().replace("\r\n", "\n")
        try:
            positions = read_yaml(text).positions
        except YamlFailure:
            positions = None
        mapped: list[RowProblem] = []
        if positions is None:
            before = [d for d in own if d.is_error]
        else:
            mapped, before = row_problems(own, text, positions, first, added_rows, sheet)
        staged.problems += mapped
        if before:
            staged.refused.add(promise_id)
            staged.problems += [
                RowProblem(
                    d.path,
                    d.line,
                    str(d.column),
                    d.code,
                    f"{d.message} (felet finns i löftets fil; rätta det innan du importerar)",
                )
                for d in before
            ]
    return staged


def _save_all(edits: list[RecordEdit]) -> list[Path]:
    """Write every file, or none: when one cannot be written, those written before it get
    their old bytes back."""
    from samverkan_cli.records.writer import EditConflict
    from samverkan_cli.support.files import write_bytes_atomic

    saved: list[RecordEdit] = []
    for edit in edits:
        try:
            if edit.save():
                saved.append(edit)
        except (OSError, EditConflict) as error:
            why = error.strerror if isinstance(error, OSError) else str(error)
            kept = []
            for done in reversed(saved):
                try:
                    assert done.original is not None
                    write_bytes_atomic(done.path, done.original)
                except OSError:
                    kept.append(str(done.path))
            if kept:
                raise CannotRun(
                    f"kunde inte skriva '{edit.path}' ({why}), och dessa filer kunde inte"
                    f" återställas: {', '.join(kept)}; se över dem med git diff"
                ) from None
            raise CannotRun(
                f"kunde inte skriva '{edit.path}' ({why}); ingen fil har ändrats"
            ) from None
    return [edit.path for edit in saved]


def activity_template(data: Path, promise: str, *, output_format: str = "xlsx") -> bytes:
    """The sheet to fill in for `import_activities`: the columns, and the promise's targets
    that activities count towards (ids and titles; a drop-down list in XLSX)."""
    from samverkan_cli.checks.promises import ACTIVITY_TARGETS
    from samverkan_cli.diagnostics import did_you_mean
    from samverkan_cli.output.template import (
        Template,
        TemplateTarget,
        template_csv,
        template_xlsx,
    )
    from samverkan_cli.records.models import Promise
    from samverkan_cli.records.promises import commitments_of
    from samverkan_cli.status.engine import target_title

    dataset = load(data).dataset
    promises = dataset.by_id(Promise)
    if promise not in promises:
        raise CannotRun(
            f"medborgarlöftet '{promise}' finns inte eller kunde inte läsas"
            f"{did_you_mean(promise, sorted(promises))}"
        )
    model = promises[promise].model
    targets = [
        TemplateTarget(target.id, target_title(target), target.kind, commitment.title)
        for commitment in commitments_of(dataset, model)
        for target in commitment.targets
        if isinstance(target, ACTIVITY_TARGETS)
    ]
    if not targets:
        raise CannotRun(f"medborgarlöftet '{promise}' har inga mål som aktiviteter räknas mot")
    covered = model.covers()
    template = Template(
        promise,
        model.title,
        covered.start.start().isoformat(),
        covered.end.end().isoformat(),
        targets,
    )
    return template_xlsx(template) if output_format == "xlsx" else template_csv(template)


def _kind(name: str) -> Kind:
    from samverkan_cli.diagnostics import did_you_mean
    from samverkan_cli.records.models import KINDS_BY_NAME

    if name not in KINDS_BY_NAME:
        names = ", ".join(KINDS_BY_NAME)
        raise CannotRun(
            f"okänd posttyp '{name}'{did_you_mean(name, KINDS_BY_NAME)}; kända: {names}"
        )
    return KINDS_BY_NAME[name]


def new_record_questions(data: Path, kind: str) -> list[Question]:
    """What a new record of `kind` needs, in the order to ask it: each question with its key
    (as for `new_record`'s answers), its Swedish label, its check, default and choices from
    the tree's records."""
    from samverkan_cli.records.new import questions

    return questions(_kind(kind), load(_data_root(data)).dataset)


def new_record(
    data: Path, kind: str, answers: Mapping[str, object], *, dry_run: bool = False
) -> NewRecord:
    """A new record of `kind` from the answers to its questions (parsed values), at the
    right path with the schema line; the tree is checked with it first, and it is written
    only when it has no error."""
    from samverkan_cli.records.new import place_of, record_of

    root = _data_root(data)
    chosen = _kind(kind)
    missing = [
        q.key for q in new_record_questions(data, kind) if q.required and q.key not in answers
    ]
    if missing:
        raise CannotRun("svar saknas på: " + ", ".join(missing))
    parts = place_of(chosen, answers)
    return _create(
        root, data, chosen, parts, lambda edit: _fill(edit, record_of(chosen, answers)), dry_run
    )


def _fill(edit: RecordEdit, record: Mapping[str, object]) -> None:
    from samverkan_cli.records.editing import yaml_value

    for key, value in record.items():
        edit.data[key] = yaml_value(value)


def next_promise(data: Path, promise: str, *, dry_run: bool = False) -> NewRecord:
    """The promise for the period after `promise`'s: its issuers, commitments and targets
    copied (their dates moved on), its log, dialogues, signatures and sources left behind,
    the year or period, id and title moved on; beside it in its folder, comments kept."""
    from samverkan_cli.diagnostics import did_you_mean
    from samverkan_cli.records.models import Promise
    from samverkan_cli.records.new import next_promise as move_on

    root = _data_root(data)
    promises = load(root).dataset.by_id(Promise)
    record = promises.get(promise)
    if record is None:
        raise CannotRun(
            f"medborgarlöftet '{promise}' finns inte eller kan inte läsas"
            f"{did_you_mean(promise, sorted(promises))} (kör samverkan validate)"
        )
    source = _open_edit(Path(record.file.path))
    new_id = move_on(source.data, record.model)
    parts = (*record.file.parts[:-1], f"{new_id}.yaml")
    text = source.render()
    return _create(root, data, record.kind, parts, lambda edit: edit.replace_text(text), dry_run)


def _create(
    root: Path,
    data: Path,
    kind: Kind,
    parts: tuple[str, ...],
    fill: Callable[[RecordEdit], None],
    dry_run: bool,
) -> NewRecord:
    from samverkan_cli.checks.validation import validate_with_texts
    from samverkan_cli.loading.loader import find_files
    from samverkan_cli.records.modeline import modeline, schemas_base
    from samverkan_cli.records.writer import RecordEdit
    from samverkan_cli.results import NewRecord

    path = root.joinpath(*parts)
    if os.path.lexists(path):
        raise CannotRun(f"'{path}' finns redan; välj ett annat id")
    if not Path(os.path.realpath(path.parent)).is_relative_to(root.resolve()):
        # A folder of the tree that is a link out of it: nothing is written outside.
        raise CannotRun(f"'{path.parent}' leder ut ur datakatalogen '{data}'; inget skrevs")
    files, _ = find_files(root, None)
    base = schemas_base(root, [source.parts for source in files if source.kind is kind][:1])
    edit = RecordEdit.new(path, modeline(parts, kind, base))
    fill(edit)
    content = edit.encoded()
    checked = validate_with_texts(root, {path: content}, root_display=str(data))
    display = str(Path(str(data), *parts))
    own = [d for d in checked.diagnostics if d.path == display]
    written = False
    if not dry_run and not any(d.is_error for d in own):
        written = _save_edit(edit)
    return NewRecord(path, content.decode("utf-8"), own, written)
