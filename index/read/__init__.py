"""Read committee documents from disk into the plain text that every offset points into."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.domain.errors import ParseError, UnsupportedFormat
from index.read.markdown_reader import read_markdown, read_plain


def read_pdf(data: bytes, source: str) -> str:
    """PDF text layer, via index.read.pdf_reader (pypdf is imported only when a PDF is read)."""
    from index.read.pdf_reader import pdf_text

    return pdf_text(data, source)


def read_docx(data: bytes, source: str) -> str:
    """Word .docx, via index.read.docx_reader (python-docx is imported only when one is read)."""
    from index.read.docx_reader import docx_text

    return docx_text(data, source)


def read_html(data: bytes, source: str) -> str:
    """HTML page, via index.read.html_reader."""
    from index.read.html_reader import html_text

    return html_text(data, source)


READERS: dict[str, Callable[[bytes, str], str]] = {
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".txt": read_plain,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".html": read_html,
    ".htm": read_html,
}


def read_text(path: Path, *, max_bytes: int | None = None) -> str:
    """Plain text of a file, read by the reader registered for its suffix in READERS."""
    path = Path(path)
    return _check_reader(path)(read_bytes(path, max_bytes=max_bytes), str(path))


def read_bytes(path: Path, *, max_bytes: int | None = None) -> bytes:
    """A file's bytes once it has a reader and is within `max_bytes` (checked before reading);
    UnsupportedFormat or ParseError naming the file otherwise."""
    path = Path(path)
    _check_reader(path)
    _check_size(path, max_bytes)
    try:
        return path.read_bytes()
    except OSError as e:
        raise ParseError(str(path), f"cannot read the file ({e.strerror}); check the path") from e


def _check_reader(path: Path) -> Callable[[bytes, str], str]:
    """The reader for the file's suffix, or UnsupportedFormat naming the supported ones."""
    suffix = path.suffix.lower()
    if suffix not in READERS:
        supported = ", ".join(sorted(READERS))
        raise UnsupportedFormat(
            str(path),
            f"unsupported format {suffix or '(no suffix)'!r}; supported: {supported}",
        )
    return READERS[suffix]


def _check_size(path: Path, max_bytes: int | None) -> None:
    """Refuse a missing file, or one larger than max_bytes, before reading it."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ParseError(str(path), f"cannot read the file ({e.strerror}); check the path") from e
    if max_bytes is not None and size > max_bytes:
        raise ParseError(
            str(path),
            f"the file is {size} bytes, more than the limit of {max_bytes} bytes "
            "(max_bytes; QA_MAX_FILE_MB for qa); split the file or raise the limit",
        )
