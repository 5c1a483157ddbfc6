"""Checks across records, beyond what each record's schema can say.

Each module has one job and a `check(dataset)` that yields diagnostics; `CHECKS` in
checks/every.py runs them all. This package's own import is light: checks/narrowing.py is
used where no record is read.
"""
