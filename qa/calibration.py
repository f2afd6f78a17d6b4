"""Found or not found: the similarity the best hit needs to answer a question, per embedder
and language, and the questions answered whatever the similarity (docs/EVALUATION.md)."""

from __future__ import annotations

from collections.abc import Callable

from qa.model import Hit
from qa.question import Question

# Cosine similarity below which the best hit does not answer a question, per embedder, for a
# question in the document's language and in another one: the found/not-found accuracy
# maximum on bench/eval_set.jsonl and bench/eval_cycle.jsonl (docs/EVALUATION.md). Same-language
# similarities depend on the language: e5 scores Chinese over Chinese higher than English over
# English (best cuts 0.868 on the seed's Chinese questions; 0.794 and 0.816 for English over the
# reporting cycle). MiniLM is English-only: its cross-language value is its same-language one,
# not the (degenerate) maximum. Other models: set QA_THRESHOLD.
THRESHOLDS = {"multilingual-e5-small": (0.81, 0.768), "all-MiniLM-L6-v2": (0.487, 0.487)}
SAME_LANGUAGE_THRESHOLDS = {"multilingual-e5-small": {"zh": 0.868}}
DEFAULT_THRESHOLD = (0.5, 0.5)


def threshold(
    embedder: str, override: float | None, cross_lingual: bool, language: str | None = None
) -> float:
    """The similarity an answer needs: `override` (QA_THRESHOLD), else the embedder's value for
    a same-language (by `language`) or a cross-language best hit."""
    if override is not None:
        return override
    same, cross = THRESHOLDS.get(embedder, DEFAULT_THRESHOLD)
    if cross_lingual:
        return cross
    return SAME_LANGUAGE_THRESHOLDS.get(embedder, {}).get(language, same)


def threshold_for(question: Question, hits: list[Hit], bar: Callable[..., float]) -> float:
    """Cross-language similarities run lower: the bar depends on the best hit's language.

    A question for one grade letter ("which were graded B?") is answered by the grade filter
    itself, not by similarity: any hit under that filter answers it; so is a question whose
    explicit reference ("what does para. 6 ask?") resolved to the paragraph it names.
    """
    if len(question.grades) == 1 or _referenced_first(question, hits):
        return 0.0
    cross = bool(hits) and hits[0].matched_language != question.language
    return bar(cross_lingual=cross, language=question.language)


def _referenced_first(question: Question, hits: list[Hit]) -> bool:
    """The top hit is the paragraph the question's reference names (search put it first)."""
    reference = question.reference
    return bool(hits) and reference is not None and hits[0].chunk.paragraph == reference.paragraph
