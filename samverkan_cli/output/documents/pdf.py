"""Typst → PDF: tagged PDF/A-2a and PDF/UA-1 in one pass, reproducible byte for byte."""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
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


class FontMissing(PdfError):
    """The document asks for a font family that is neither Typst's own nor in a folder the
    user gave: Typst would fall back to another font without a word."""

    def __init__(self, family: str, font_paths: Sequence[Path]) -> None:
        where = (
            " i " + ", ".join(f"'{folder}'" for folder in font_paths)
            if font_paths
            else " (ingen --font-path är given)"
        )
        super().__init__(
            f"typsnittet '{family}' finns inte{where}; ange katalogen med typsnittets filer"
            " med --font-path KATALOG, eller välj ett annat typsnitt med --font NAMN"
            f" (inbyggda: {', '.join(BUNDLED_FAMILIES)})"
        )
        self.family = family


BUNDLED_FAMILIES = ("Libertinus Serif", "New Computer Modern", "DejaVu Sans Mono")
"""Typst's own fonts for text (and New Computer Modern Math for formulas)."""


def font_families(font_paths: Sequence[Path]) -> tuple[str, ...]:
    """The font families in these folders (and their subfolders), in order."""
    if not font_paths:
        return ()
    import typst

    fonts = typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=False,
        font_paths=[str(folder) for folder in font_paths],
    )
    return tuple(sorted(fonts.families()))


def compile_pdf(source: str, as_of: datetime.date, font_paths: Sequence[Path] = ()) -> bytes:
    """Compile Typst markup. The creation date is the as-of date, so the same records and
    date give the same bytes; only Typst's bundled fonts and those in `font_paths` (folders
    the user named on the command line) are used, never the machine's own, so no machine
    differs. A font family the document asks for that is not there is `FontMissing`.

    Typst reads files (`#read`, `#image`, `#include`) only under its root, and without
    `root=` that is the current directory (a checkout's .git/config, or / ). The root is a
    private temporary directory that holds the source alone: the built-in templates need no
    other file, and an absolute path is read inside the root too. Fonts are read from
    `font_paths` by Typst's font search, which no template can point elsewhere."""
    import typst

    moment = datetime.datetime.combine(as_of, datetime.time(), tzinfo=datetime.UTC)
    folders = tuple(font_paths)
    with tempfile.TemporaryDirectory(prefix="samverkan-typst-") as root:
        main = Path(root) / "main.typ"
        for _ in range(_MOST_MISSING):
            main.write_bytes(source.encode("utf-8"))
            try:
                return _compile(typst, main, Path(root), moment, folders)
            except PdfError as error:
                missing = _MISSING_GLYPH.search(str(error))
                if missing is None or error.crashed:
                    raise
                # A character the bundled fonts lack (Thai, Han, Hangul …): shown as □.
                for char in {c for c in missing.group(1) if not c.isascii()}:
                    source = source.replace(char, _NO_GLYPH)
        return _compile(typst, main, Path(root), moment, folders)


_MISSING_GLYPH = re.compile(r"the text `\"(.+?)\"` could not be displayed with font")
_NO_GLYPH = "\u25a1"  # □: in the bundled fonts
_MOST_MISSING = 64
"""Tries before giving up: each finds one run of characters the fonts lack."""


_DOWNLOAD = re.compile(r"failed to download package \(https?://[^/\s]+/([^\s:]+?)(?:\.tar\.gz)?:")
_NOWHERE = "http://127.0.0.1:9"
"""A proxy that refuses every connection (port 9 is discard, and nothing listens)."""
_PROXY_VARIABLES = (
    "https_proxy",
    "HTTPS_PROXY",
    "http_proxy",
    "HTTP_PROXY",
    "all_proxy",
    "ALL_PROXY",
)


@contextlib.contextmanager
def _offline() -> Iterator[None]:
    """No download while Typst compiles: a template's `#import "@preview/…"` would fetch a
    package from the network (and its name could carry data out). Typst takes its proxy from
    the environment, so every proxy is set to one that refuses, for the compile only."""
    names = (*_PROXY_VARIABLES, "no_proxy", "NO_PROXY", "RUST_BACKTRACE")
    saved = {name: os.environ.get(name) for name in names}
    try:
        os.environ["RUST_BACKTRACE"] = "0"  # a panic is one message, not a page of frames
        for name in _PROXY_VARIABLES:
            os.environ[name] = _NOWHERE
        os.environ.pop("no_proxy", None)
        os.environ.pop("NO_PROXY", None)
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


_UNKNOWN_FAMILY = re.compile(r"unknown font family: (.+)")


def _compile(
    typst: Any, main: Path, root: Path, moment: datetime.datetime, font_paths: tuple[Path, ...]
) -> bytes:
    try:
        pdf: bytes
        # No packages from the user's cache either: an empty folder for each, outside the root.
        with _offline(), tempfile.TemporaryDirectory(prefix="samverkan-typst-packages-") as none:
            pdf, warnings = typst.compile_with_warnings(
                str(main),
                root=str(root),
                format="pdf",
                pdf_standards=["a-2a", "ua-1"],
                timestamp=int(moment.timestamp()),
                ignore_system_fonts=True,
                font_paths=[str(folder) for folder in font_paths],
                package_path=none,
                package_cache_path=none,
            )
    except Exception as error:  # typst raises its own TypstError; keep the message
        package = _DOWNLOAD.search(str(error))
        if package is not None:
            raise PdfError(
                f"mallen importerar Typst-paketet '{package.group(1)}', men samverkan hämtar"
                " inga Typst-paket från nätet; lägg det mallen behöver i mallkatalogen"
            ) from None
        raise PdfError(str(error)) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # pyo3's PanicException derives from BaseException
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise PdfError(first, crashed=True) from None
    for warning in warnings:
        unknown = _UNKNOWN_FAMILY.search(str(getattr(warning, "message", warning)))
        if unknown is not None:
            raise FontMissing(_family_as_written(unknown.group(1), main), font_paths)
    return pdf


def _family_as_written(family: str, main: Path) -> str:
    """Typst names an unknown family in lower case: the spelling in the source, where found."""
    found = re.search(re.escape(f'"{family}"'), main.read_text(encoding="utf-8"), re.IGNORECASE)
    return found.group(0)[1:-1] if found else family
