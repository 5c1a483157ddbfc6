"""Typst → PDF: tagged PDF/A-2a and PDF/UA-1 in one pass, reproducible byte for byte."""

from __future__ import annotations

import datetime


class PdfError(Exception):
    """Typst refused the document (a template wrote invalid markup)."""


def compile_pdf(source: str, as_of: datetime.date) -> bytes:
    """Compile Typst markup. The creation date is the as-of date, so the same records and
    date give the same bytes; only Typst's bundled fonts are used, so no machine differs."""
    import typst

    moment = datetime.datetime.combine(as_of, datetime.time(), tzinfo=datetime.UTC)
    try:
        pdf: bytes = typst.compile(
            source.encode("utf-8"),
            format="pdf",
            pdf_standards=["a-2a", "ua-1"],
            timestamp=int(moment.timestamp()),
            ignore_system_fonts=True,
        )
    except Exception as error:  # typst raises its own TypstError; keep the message
        raise PdfError(str(error)) from None
    return pdf
