"""The project's exceptions: one base class, one subclass per way things go wrong."""

from __future__ import annotations


class QAError(Exception):
    """Base class: every error the project raises on purpose. Messages name the fix."""


class ParseError(QAError):
    """A file could not be read or parsed."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class UnsupportedFormat(ParseError):
    """A file whose format has no reader."""


class IndexMismatch(QAError):
    """The index was built differently (embedder, dimension, chunker) from what is asked now."""


class IndexBusy(QAError):
    """Another process is writing to the same index (data directory) right now."""


class EmbedderNotFound(QAError):
    """An embedding model that cannot be loaded (unknown name, missing path, no network)."""


class StoreUnavailable(QAError):
    """The vector store (e.g. a Chroma server) cannot be reached."""


class EmptyQuestion(QAError):
    """A question or reference with nothing to search for."""


class BadReference(QAError):
    """A citation reference that cannot be understood."""


class AmbiguousReference(BadReference):
    """A paragraph reference without a symbol that several indexed documents could mean."""


class BadRequest(QAError):
    """An argument out of range or unknown (k, filters...)."""


class NotIndexed(QAError):
    """A document named for removal or look-up is not in the index."""


class SameContent(QAError):
    """A document whose content is already indexed under another name (skipped, not failed)."""


class BadSymbol(QAError):
    """A document symbol that does not follow the treaty-body grammar (BODY/C/ISO3/TYPE/n)."""

    def __init__(self, symbol: str, reason: str, expected: str = ""):
        self.symbol = symbol
        self.reason = reason
        fix = f"; {expected}" if expected else ""
        super().__init__(f"bad document symbol {symbol!r}: {reason}{fix}")


class StoreInUse(IndexBusy):
    """Another process has the embedded store open: writing now would break its reads."""
