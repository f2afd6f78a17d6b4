"""Read the text layer of PDF files with pypdf, without running headers, footers or page numbers."""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from index.domain.errors import ParseError
from index.read.text import Deadline, normalise_newlines

# UN job numbers ("GE.21-12345(E)", "GE.21-12345 (C)  *2112345*") and their barcodes.
_JOB_NUMBER = re.compile(r"^\s*GE\.\d{2}-\d{4,6}\s*\([A-Z]\)(?:\s+\S+)*\s*$")
_BARCODE = re.compile(r"^\s*\*\d{6,8}\*\s*$")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–])?\s*$", re.I
)
_DIGITS = re.compile(r"\d+")
# Lines that start a new block: "36. ", "(a) ", "(iv) ", "A. Heading", "第36段".
_NEW_BLOCK = re.compile(r"^(?:\d{1,3}\.\s|\([a-z]{1,4}\)\s|\([ivx]+\)\s|[A-Z]\.\s|第\s*\d+\s*段)")
_BARE_NUMBER = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,4}\))$")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st"})
# Most pages a PDF may have: UN reports run to a few hundred; a tiny file can declare 90,000
# pages sharing one page object, each read in turn (56 s under the write lock).
MAX_PAGES = 2000
_EDGE = 3  # lines at the top and at the bottom of a page where running lines live
_SHORT = 0.75  # a line narrower than this share of a full line ends its block
_NO_TEXT = (
    "the PDF has no text layer (it looks like a scanned image); "
    "run OCR on it first (e.g. `ocrmypdf in.pdf out.pdf`) and index the result"
)


def pdf_text(data: bytes, source: str) -> str:
    """Plain text of a PDF: paragraphs joined across line and page breaks, one block each.

    Dropped: UN job numbers ("GE.21-12345(E)") and barcodes, bare page numbers, and lines
    repeated at the top or bottom of most pages (the document symbol, running titles) --
    except on the first page, whose masthead is kept. Hyphenated line breaks are joined
    ("mi-/grants" -> "migrants"). Raises ParseError for a damaged, password-protected or
    image-only PDF.
    """
    deadline = Deadline(source)
    reader = _open(data, source)
    pages = []
    for page in reader.pages:
        pages.append(_page_lines(page, source))
        deadline.check()
    if not any(line.strip() for page in pages for line in page):
        raise ParseError(source, _NO_TEXT)
    lines = _drop_running_lines(pages)
    return "\n\n".join(_blocks(lines)) + "\n"


def _open(data: bytes, source: str) -> PdfReader:
    """A PdfReader over the bytes, decrypted with the empty password when it is encrypted."""
    _check_complete(data, source)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseError(
                source,
                "the PDF is password-protected; save an unprotected copy and try again",
            )
        _check_pages(reader, source)
        reader.pages[0]  # noqa: B018 - fails now rather than mid-way on a broken page tree
    except ParseError:
        raise
    except (DependencyError, NotImplementedError) as e:
        raise ParseError(
            source,
            f"the PDF is encrypted in a way this installation cannot open ({e}); "
            "save an unprotected copy and try again",
        ) from e
    except FileNotDecryptedError as e:
        raise ParseError(
            source, "the PDF is password-protected; save an unprotected copy and try again"
        ) from e
    except Exception as e:  # pypdf raises many types (PdfReadError, KeyError...) on bad input
        raise ParseError(source, _damaged(e)) from e
    return reader


def _check_pages(reader: PdfReader, source: str) -> None:
    """Refuse a PDF with more than MAX_PAGES pages, counted in its page tree before pypdf
    flattens it (a shared subtree multiplies pages: fan-outs of 300 over 3 levels give 27
    million from a few KB)."""
    pending = [reader.trailer["/Root"]["/Pages"]]
    pages = nodes = 0
    while pending:
        node = pending.pop().get_object()
        nodes += 1
        kids = node.get("/Kids")
        if kids is None:
            pages += 1
        else:
            pending.extend(kids)
        if pages > MAX_PAGES or nodes > 4 * MAX_PAGES:
            raise ParseError(
                source,
                f"the PDF has more than {MAX_PAGES} pages (the limit); split it into smaller files",
            )


def _check_complete(data: bytes, source: str) -> None:
    """Refuse bytes that are not a PDF, or a PDF cut short (no %%EOF at its end)."""
    if not data.lstrip()[:1024].count(b"%PDF-"):
        raise ParseError(source, "not a PDF file (no %PDF- header); check the file")
    if b"%%EOF" not in data[-2048:]:
        raise ParseError(source, _damaged("no %%EOF marker at the end, it is truncated"))


def _damaged(cause: object) -> str:
    return f"the PDF is damaged or truncated ({cause}); download or export it again"


def _page_lines(page, source: str) -> list[str]:
    """The page's text lines, with ligatures ("ﬁ") spelt out and no-break spaces as spaces."""
    try:
        text = page.extract_text() or ""
    except Exception as e:  # broken content streams raise anything from pypdf's parser
        raise ParseError(source, _damaged(e)) from e
    text = normalise_newlines(text).translate(_LIGATURES)
    return [line.strip() for line in text.split("\n")]


def _drop_running_lines(pages: list[list[str]]) -> list[str]:
    """All lines in order without job numbers, page numbers and repeated page edges."""
    running = _running_lines(pages)
    kept: list[str] = []
    for number, page in enumerate(pages):
        lines = [line for line in page if line]
        for index, line in enumerate(lines):
            at_edge = index < _EDGE or index >= len(lines) - _EDGE
            if _JOB_NUMBER.match(line) or _BARCODE.match(line):
                continue
            if at_edge and _PAGE_NUMBER.match(line):
                continue
            if at_edge and number > 0 and _shape(line) in running:
                continue
            kept.append(line)
    return kept


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes (digits masked) of edge lines found on at least half the pages, and 2 or more."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        lines = [line for line in page if line]
        seen.update({_shape(line) for line in lines[:_EDGE] + lines[-_EDGE:]})
    needed = max(2, (len(pages) + 1) // 2)
    return {shape for shape, count in seen.items() if count >= needed}


def _shape(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()))


def _blocks(lines: list[str]) -> list[str]:
    """Join wrapped lines into blocks: a numbered line starts one, a short line ends one
    (unless the next line goes on in lower case or the short line is a bare "36." / "(a)")."""
    full = _full_width(lines)
    blocks: list[str] = []
    current = ""
    for line, following in zip(lines, lines[1:] + [""], strict=True):
        if current and _NEW_BLOCK.match(line):
            blocks.append(current)
            current = ""
        current = _join(current, line) if current else line
        ends = _width(line) < _SHORT * full and not following[:1].islower()
        if ends and not _BARE_NUMBER.match(line):
            blocks.append(current)
            current = ""
    if current:
        blocks.append(current)
    return blocks


def _join(left: str, right: str) -> str:
    """Join two wrapped lines: drop a hyphen before a lower-case word, no space between CJK."""
    if _HYPHENATED.search(left) and right[:1].islower():
        return left[:-1] + right
    if _BARE_NUMBER.match(left):
        return f"{left} {right}"
    if _is_wide(left[-1]) or _is_wide(right[0]):
        return left + right
    return f"{left} {right}"


def _full_width(lines: list[str]) -> float:
    """The width of a full line: the 90th percentile of line widths."""
    widths = sorted(_width(line) for line in lines)
    return widths[int(0.9 * (len(widths) - 1))] if widths else 0


def _width(line: str) -> int:
    """Display width: East Asian wide characters count twice."""
    return sum(2 if _is_wide(char) else 1 for char in line)


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")
