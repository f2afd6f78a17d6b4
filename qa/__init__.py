"""Query time: search, cite and answer over the indexed treaty-committee documents.

    >>> from qa import ask, search, cite
    >>> ask("Is Azerbaijan still detaining migrant children?").answer
    >>> search("Are migrant children still detained?")[0].citation
    >>> cite("CMW/C/AZE/CO/3 para. 36(b)")

Both use settings from the environment (QA_DATA_DIR, QA_EMBEDDER, QA_CHROMA_URL...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qa.engine import Engine
    from qa.model import Answer, Hit

_engine: Engine | None = None


def default_engine() -> Engine:
    """The process-wide engine built from environment settings."""
    global _engine
    if _engine is None:
        from qa.config import Settings
        from qa.engine import Engine

        _engine = Engine(Settings.from_env())
    return _engine


def search(question: str, k: int | None = None, **filters) -> list[Hit]:
    """Hybrid search; keyword arguments are filters (symbol, paragraph, grade, kind, ...)."""
    from index.domain.model import Filters

    return default_engine().search(question, k=k, filters=Filters(**filters))


def ask(question: str, history: list | None = None) -> Answer:
    """Answer a question; `history` (earlier user turns or chat messages) resolves follow-ups."""
    return default_engine().ask(question, history=history or ())


def cite(reference: str) -> list[Hit]:
    """Exact look-up of a paragraph reference like 'CMW/C/AZE/CO/3 para. 36(b)'."""
    return default_engine().cite(reference)


__all__ = ["ask", "search", "cite", "default_engine"]
