"""Rendering: records, statuses and diagnostics as text, tables, files and documents."""

CI_FORMATS = frozenset({"github", "gitlab", "sarif"})
"""The diagnostic formats whose paths are relative to the repository root (output/
diagnostic_formats.py): what they print depends on where the git repository begins, not only
on the records."""
