"""Administration for the front ends: token check, uploads (checked by content), remove, re-index.

An upload is stored under `<data_dir>/uploads/` as `<uuid4 hex><suffix>`: the name a client
sent decides only which reader may read the file, so no name can reach a path outside that
directory. The file is checked by its content before it is indexed, and deleted again when it
is refused or fails to index, so a bad upload leaves both the directory and the index as they
were.
"""

from __future__ import annotations

import logging
import re
import stat
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from index.domain.errors import BadRequest, NotIndexed, ParseError, QAError
from index.ingest import IngestReport, read_document
from index.inspect import Inspection, inspect_record
from index.parse import parse_document
from index.read import READERS
from qa.engine import Engine
from qa.guard import public_message, token_matches

TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
UPLOAD_NAME = re.compile(r"[0-9a-f]{32}\.[a-z]{2,8}")
SCOPES = ("seeds", "all")
HEAD_BYTES = 8
# A .docx is a zip: refuse one whose members expand past this multiple of the upload limit.
MAX_EXPANSION = 20
COPY_CHUNK = 1024 * 1024


class BadUpload(BadRequest):
    """An uploaded file refused before indexing (format, content, or a failed ingest)."""


class UploadTooLarge(BadUpload):
    """An upload over Settings.max_file_mb."""


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Uploaded:
    """One indexed upload: the name it was sent as, the name it is stored and indexed under,
    its chunk count and the ingest report."""

    filename: str
    source: str
    chunks: int
    report: IngestReport

    def to_dict(self) -> dict:
        return {
            "filename": self.filename,
            "source": self.source,
            "chunks": self.chunks,
            "report": self.report.to_dict(),
        }


def allowed_suffixes() -> list[str]:
    """The suffixes an upload may have: those a reader exists for."""
    return sorted(READERS)


def upload_suffix(filename: str) -> str:
    """The lower-cased suffix of a client's file name, refused unless a reader takes it."""
    name = re.split(r"[/\\]", filename or "")[-1]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in READERS:
        raise BadUpload(
            f"{_shown(filename)}: unsupported format {suffix or '(no suffix)'!r}; "
            f"upload one of {', '.join(allowed_suffixes())}"
        )
    return suffix


def store_upload(upload: BinaryIO, filename: str, uploads_dir: Path, max_bytes: int) -> Path:
    """Copy an upload under a generated name and check its content; returns its path.

    Raises UploadTooLarge past `max_bytes` and BadUpload when the content is not what the
    suffix says; nothing is left behind then.
    """
    suffix = upload_suffix(filename)
    uploads_dir.mkdir(parents=True, exist_ok=True)
    path = uploads_dir / f"{uuid.uuid4().hex}{suffix}"
    try:
        with open(path, "xb") as out:
            _copy_limited(upload, out, max_bytes, filename)
        check_content(path, suffix, filename, max_bytes)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _copy_limited(upload: BinaryIO, out: BinaryIO, max_bytes: int, filename: str) -> None:
    copied = 0
    while chunk := upload.read(COPY_CHUNK):
        copied += len(chunk)
        if copied > max_bytes:
            raise UploadTooLarge(too_large(filename, max_bytes))
        out.write(chunk)
    if copied == 0:
        raise BadUpload(f"{_shown(filename)}: the file is empty")


def too_large(filename: str, max_bytes: int) -> str:
    """The one-line refusal of an upload over the limit."""
    return (
        f"{_shown(filename)}: the file is larger than {max_bytes / 2**20:.3g} MB "
        "(QA_MAX_FILE_MB); split it or raise the limit"
    )


def check_content(path: Path, suffix: str, filename: str, max_bytes: int) -> None:
    """Refuse a file whose bytes do not match its suffix (a renamed binary, a fake PDF...)."""
    if suffix == ".pdf":
        with open(path, "rb") as handle:
            if not handle.read(HEAD_BYTES).startswith(b"%PDF-"):
                raise BadUpload(f"{_shown(filename)}: not a PDF (it does not start with %PDF-)")
    elif suffix == ".docx":
        _check_docx(path, filename, max_bytes)
    elif suffix in TEXT_SUFFIXES:
        _check_text(path, suffix, filename)


def _check_docx(path: Path, filename: str, max_bytes: int) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as e:
        raise BadUpload(f"{_shown(filename)}: not a .docx (not a zip archive)") from e
    if "word/document.xml" not in {member.filename for member in members}:
        raise BadUpload(f"{_shown(filename)}: not a .docx (no word/document.xml inside)")
    if sum(member.file_size for member in members) > MAX_EXPANSION * max_bytes:
        raise BadUpload(f"{_shown(filename)}: the .docx expands to too much data to read")


def _check_text(path: Path, suffix: str, filename: str) -> None:
    try:
        text = READERS[suffix](path.read_bytes(), _shown(filename))
    except ParseError as e:
        raise BadUpload(f"{_shown(filename)}: not text ({e.reason})") from e
    if "\x00" in text:
        raise BadUpload(f"{_shown(filename)}: not text (it holds NUL bytes)")


def index_upload(engine: Engine, upload: BinaryIO, filename: str) -> Uploaded:
    """Store, check and index one upload; refused (BadUpload) with the index unchanged."""
    settings = engine.settings
    path = store_upload(upload, filename, settings.uploads_dir, settings.max_file_bytes)
    try:
        _check_parses(path, filename, settings.max_file_bytes)
        report = engine.index([path], progress=False)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if report.failed:
        path.unlink(missing_ok=True)
        reason = report.failed[0][1]
        raise BadUpload(f"{_shown(filename)}: cannot be indexed ({reason})")
    record = engine.store.document(path.name)
    return Uploaded(_shown(filename), path.name, record.chunk_count if record else 0, report)


def remove_document(engine: Engine, source: str) -> int:
    """Remove a document from the index (and its stored upload); returns its chunk count."""
    source = _check_source(source)
    removed = engine.remove(source)
    if UPLOAD_NAME.fullmatch(source):
        (engine.settings.uploads_dir / source).unlink(missing_ok=True)
    return removed


def reindex(engine: Engine, scope: str = "seeds", *, rebuild: bool = False) -> IngestReport:
    """Re-index the bundled seeds ("seeds") or the seeds and every upload ("all").

    `rebuild` empties the index first: documents indexed from elsewhere (`qa index PATH`)
    are then gone until indexed again.
    """
    if scope not in SCOPES:
        raise BadRequest(f"scope must be one of {', '.join(SCOPES)}, got {scope!r}")
    paths = [engine.settings.seeds_dir]
    if scope == "all" and engine.settings.uploads_dir.is_dir():
        paths.append(engine.settings.uploads_dir)
    return engine.index(paths, rebuild=rebuild, progress=False)


def _check_source(source: str) -> str:
    if not source or "\x00" in source or "/" in source or "\\" in source:
        raise BadRequest(f"{_shown(source)!r} is not a document name; see GET /api/documents")
    return source


def _shown(filename: str | None) -> str:
    """A client's file name fit for a one-line message: its last part, printable, bounded."""
    name = re.split(r"[/\\]", filename or "")[-1] or "(no name)"
    name = "".join(char if char.isprintable() else "?" for char in name)
    return name if len(name) <= 120 else name[:117] + "..."


def index_uploaded(engine: Engine, path: Path) -> str:
    """Index one file Gradio received; one line saying what happened (refusals included)."""
    try:
        if path.stat().st_size > engine.settings.max_file_bytes:
            return f"{path.name}: larger than {engine.settings.max_file_mb:g} MB; refused"
        with open(path, "rb") as upload:
            uploaded = index_upload(engine, upload, path.name)
    except QAError as e:
        log.info("upload refused: %s", e)
        return public_message(e)
    finally:
        _discard(path)  # Gradio's copy: the upload now lives in uploads/
    return f"Indexed {uploaded.filename} as {uploaded.source} ({uploaded.chunks} chunks)."


def _discard(path: Path) -> None:
    """Delete Gradio's copy of an upload and its folder (one per upload), when emptied."""
    path.unlink(missing_ok=True)
    try:
        path.parent.rmdir()
    except OSError:
        pass  # not empty: another upload of the same content is still pending


def report_line(report) -> str:
    """An ingest report in one line."""
    failed = "; ".join(f"{source}: {reason}" for source, reason in report.failed)
    return (
        f"Re-indexed: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.failed)} failed"
        + (f" ({failed})" if failed else "")
        + "."
    )


def inspect_indexed(engine: Engine, source: str) -> Inspection:
    """The inspection of an indexed document by its source name; NotIndexed if there is none
    (the name is only compared with the indexed names, never used as a path)."""
    record = next((r for r in engine.documents() if r.source == source), None)
    if record is None:
        raise NotIndexed(f"no indexed document is named {source[:200]!r}; see /api/documents")
    return inspect_record(record.details, record.source)


def uploaded_path(file, folder: Path) -> Path:
    """The path of a file the web UI received from the browser, refused (BadRequest) unless it
    is a regular file inside the UI's upload `folder`: a client may send any path as a value."""
    folder = folder.resolve()
    if file is not None and not isinstance(file, str):
        raise BadRequest(f"an upload must be a file path, got {type(file).__name__}")
    path = Path(file).resolve() if file else folder
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        regular = False
    if not regular or folder not in path.parents:
        raise BadRequest("only files uploaded through this page can be indexed")
    return path


def admin_upload(engine: Engine, token, files, folder: Path) -> str:
    """The web UI's upload: with the admin token, index each file the browser sent into
    `folder` (Gradio's upload folder; any other path is refused); one line per file."""
    _check_admin(engine, token)
    if not files:
        raise BadRequest("choose one or more files to upload first")
    paths = [uploaded_path(file, folder) for file in files]
    return "\n".join(index_uploaded(engine, path) for path in paths)


def admin_remove(engine: Engine, token, source) -> str:
    """The web UI's removal of one document, with the admin token."""
    _check_admin(engine, token)
    if not source:
        raise BadRequest("choose the document to remove")
    removed = remove_document(engine, source)
    return f"Removed {source} ({removed} chunks)."


def admin_reindex(engine: Engine, token, scope) -> str:
    """The web UI's re-index ("seeds" or "all"), with the admin token; the report in a line."""
    _check_admin(engine, token)
    return report_line(reindex(engine, scope))


def _check_admin(engine: Engine, token) -> None:
    if not token_matches(token, engine.settings.admin_token):
        raise BadRequest("a valid admin token is required: enter QA_ADMIN_TOKEN")


def _check_parses(path: Path, filename: str, max_bytes: int) -> None:
    """Read and parse an upload before indexing takes the write lock: a file that cannot be
    read (a PDF declaring 90,000 pages, a .docx expanding past its limits, no numbered
    paragraphs) is refused without ever holding the lock other writers wait for."""
    try:
        text, _ = read_document(path, max_bytes=max_bytes)
        parse_document(text, path.name)
    except QAError as e:
        raise BadUpload(f"{_shown(filename)}: cannot be indexed ({public_message(e)})") from e
