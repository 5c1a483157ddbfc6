"""The one runner of whole-tree jobs: it loads a tree in shares and runs a job on each.

A job (records.job) is written once, as the work on one share plus a merge. This runner
decides how the tree is shared out:

- a job that needs every record in one share (`whole`) gets one; a large tree's files are
  then read in two processes and modelled in this one (sharing.py);
- any other job on a tree with many independent records (records.dependencies) gets two
  shares, one per process, each loaded and worked on where it is (parts.py);
- else one share with everything.

A job that `KeepsProducts` has its products kept between runs (section_cache.py), and the
files whose products are kept are only read, for their key.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

from samverkan_cli.diagnostics import Diagnostic
from samverkan_cli.loading.limits import DEFAULT_LIMITS, Limits
from samverkan_cli.loading.loader import add_records, dataset_of, find_files, settle
from samverkan_cli.loading.reading import FileReading, SkipFile, SourceFile, read_source
from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.dependencies import values_of, within_kind
from samverkan_cli.records.job import KeepsProducts, Kept, Share, Tree, TreeJob
from samverkan_cli.speed import section_cache
from samverkan_cli.speed.fork import pays
from samverkan_cli.speed.lifetime import collector_paused, kept
from samverkan_cli.speed.parts import Noted, Split, Worked, independent_files, read_file, worked
from samverkan_cli.speed.sharing import read_all

P = TypeVar("P")
R = TypeVar("R")


def run(
    job: TreeJob[P, R],
    root: Path,
    *,
    root_display: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    transient: bool = False,
) -> R:
    """Run `job` on the tree under `root`. A `transient` tree is gone once this returns (an
    export of a git revision): it keeps no products, and every text stays in memory."""
    with collector_paused():
        files, warnings = find_files(root, root_display, limits)
        if job.whole:
            readings = read_all(files, limits, keep_texts=transient)
            dataset, problems = dataset_of(root, files, readings, limits, warnings)
            share = Share(kept(dataset), problems)
            return job.merge([job.work(share)], Tree(files, share.load_errors))
        cache = None if transient else _cache(job, root, files, limits)
        skip, noted = (cache.skip, cache.noted) if cache is not None else (None, None)
        results = _worked(job, root, files, warnings, limits, skip, noted)
        load_errors = sum(result[1] for result in results)
        products: dict[str, Kept] = {}
        if cache is not None:
            products = _keep(cache, cast(KeepsProducts[P, R], job), results)
        return job.merge([result[0] for result in results], Tree(files, load_errors, products))


def _worked(
    job: TreeJob[P, Any],
    root: Path,
    files: list[SourceFile],
    warnings: list[Diagnostic],
    limits: Limits,
    skip: SkipFile | None,
    noted: Noted | None,
) -> list[Worked[P]]:
    independent = independent_files(files)
    if pays(len(independent)):
        split = Split.start(root, files, independent, limits, skip, noted)
        if split is not None:
            return split.run(job.work, warnings)
    readings = _not_skipped(files, limits, skip, set(independent))
    dataset, problems = dataset_of(root, files, readings, limits, warnings)
    if skip is not None:
        _add_referred(dataset, files, independent, limits)
    return [worked(job.work, Share(kept(dataset), problems), noted)]


def _add_referred(
    dataset: Dataset, files: list[SourceFile], independent: list[int], limits: Limits
) -> None:
    """The records that loaded ones refer to within their kind (a promise extends another)
    whose files were skipped for a kept product: read after all, for those that need them."""
    by_id = {
        (source.kind.name, source.captured["id"]): index
        for index in independent
        if (source := files[index]).kind is not None and "id" in source.captured
    }
    loaded = {record.file.display for records in dataset.records.values() for record in records}
    pending = [record for records in dataset.records.values() for record in records]
    while pending:
        record = pending.pop()
        for reference in within_kind(record.kind):
            for value in values_of(record.model, reference.pattern):
                index = by_id.get((record.kind.name, value))
                if index is None or files[index].display in loaded:
                    continue
                source = files[index]
                loaded.add(source.display)
                settled = settle(source, read_source(source, limits), limits)
                add_records(dataset, [(source, settled)])
                pending += [
                    r for r in dataset.records.get(record.kind.name, ()) if r.file is source
                ]


def _not_skipped(
    files: list[SourceFile], limits: Limits, skip: SkipFile | None, independent: set[int]
) -> Iterator[tuple[int, FileReading | Diagnostic]]:
    """(index, reading) of each file, but the independent ones `skip` says to skip."""
    for index, source in enumerate(files):
        found = read_file(source, limits, True, skip if index in independent else None)
        if found is not None:
            yield index, found


def _cache(
    job: TreeJob[Any, Any], root: Path, files: list[SourceFile], limits: Limits
) -> section_cache.SectionCache | None:
    setting = getattr(job, "setting", None)
    if setting is None or not section_cache.enabled():
        return None
    independent = {files[index].display for index in independent_files(files)}
    cache = section_cache.SectionCache.open(root, setting, files, independent, limits)
    return cache if cache.path is not None else None


def _keep(
    cache: section_cache.SectionCache,
    job: KeepsProducts[P, Any],
    results: list[Worked[P]],
) -> dict[str, Kept]:
    """Keep the products of this run; the kept ones of the files no share worked on."""
    keys = {path: key for result in results for path, key in result[3].items()}
    erring = {path for result in results for path in result[2]}
    fresh = {
        path: product for result in results for path, product in job.products(result[0]).items()
    }
    kept_before = {
        path: cache.entries[key]
        for path, key in keys.items()
        if path not in fresh and key in cache.entries
    }
    cache.save(
        {
            keys[path]: product
            for path, product in {**fresh, **kept_before}.items()
            if path in keys and path not in erring
        }
    )
    return kept_before
