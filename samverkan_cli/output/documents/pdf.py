"""Typst → PDF: tagged PDF/A-2a and PDF/UA-1 in one pass, reproducible byte for byte."""

from __future__ import annotations

import datetime
import re
import tempfile
from pathlib import Path
from typing import Any


class PdfError(Exception):
    """Typst refused the document (a template wrote invalid markup), or its Rust code
    panicked (`crashed`)."""

    def __init__(self, message: str, *, crashed: bool = False) -> None:
        super().__init__(message)
        self.crashed = crashed


def typst_missing() -> str | None:
    """Why no PDF can be made here (Typst is the optional extra `pdf`), in Swedish, or None
    when one can."""
    try:
        import typst  # noqa: F401
    except ImportError:
        return (
            "PDF kräver Typst, som inte är installerat; installera det med"
            " pip install 'samverkan[pdf]' (eller skriv Markdown med --format md)"
        )
    return None


def compile_pdf(source: str, as_of: datetime.date) -> bytes:
    """Compile Typst markup. The creation date is the as-of date, so the same records and
    date give the same bytes; only Typst's bundled fonts are used, so no machine differs.

    Typst reads files (`#read`, `#image`, `#include`) only under its root, and without
    `root=` that is the current directory (a checkout's .git/config, or / ). The root is a
    private temporary directory that holds the source alone: the built-in templates need no
    other file, and an absolute path is read inside the root too."""
    import typst

    moment = datetime.datetime.combine(as_of, datetime.time(), tzinfo=datetime.UTC)
    with tempfile.TemporaryDirectory(prefix="samverkan-typst-") as root:
        main = Path(root) / "main.typ"
        for _ in range(_MOST_MISSING):
            main.write_bytes(source.encode("utf-8"))
            try:
                return _compile(typst, main, Path(root), moment)
            except PdfError as error:
                missing = _MISSING_GLYPH.search(str(error))
                if missing is None or error.crashed:
                    raise
                # A character the bundled fonts lack (Thai, Han, Hangul …): shown as □.
                for char in {c for c in missing.group(1) if not c.isascii()}:
                    source = source.replace(char, _NO_GLYPH)
        return _compile(typst, main, Path(root), moment)


_MISSING_GLYPH = re.compile(r"the text `\"(.+?)\"` could not be displayed with font")
_NO_GLYPH = "\u25a1"  # □: in the bundled fonts
_MOST_MISSING = 64
"""Tries before giving up: each finds one run of characters the fonts lack."""


def _compile(typst: Any, main: Path, root: Path, moment: datetime.datetime) -> bytes:
    try:
        pdf: bytes = typst.compile(
            str(main),
            root=str(root),
            format="pdf",
            pdf_standards=["a-2a", "ua-1"],
            timestamp=int(moment.timestamp()),
            ignore_system_fonts=True,
        )
    except Exception as error:  # typst raises its own TypstError; keep the message
        raise PdfError(str(error)) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # pyo3's PanicException derives from BaseException
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise PdfError(first, crashed=True) from None
    return pdf
