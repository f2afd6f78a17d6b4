"""Parse the plain text of a committee document into a Document: `parse_document` dispatches.

Follow-up assessments (a grade heading, an evaluation heading or a header table row such as
"Follow-up paragraphs:") go to `index.parse.follow_up`; other texts with numbered paragraphs to
`index.parse.numbered`; texts with only "Paragraph 16: ..." headings to the follow-up parser.
"""

from __future__ import annotations

from index.domain.model import Document
from index.parse.follow_up import (
    check_text,
    has_paragraph_headings,
    is_follow_up_assessment,
    parse_follow_up_assessment,
)
from index.parse.numbered import parse_numbered
from index.parse.numbered_lines import has_numbered_paragraphs

__all__ = ["parse_document"]


def parse_document(text: str, source: str) -> Document:
    """Parse a committee document's plain text; raises ParseError naming `source`."""
    check_text(text, source)
    if is_follow_up_assessment(text):
        return parse_follow_up_assessment(text, source)
    # without "Paragraph N:" headings it is numbered text, or nothing parse_numbered takes
    # (it raises then): only with them is the (second) scan for numbered paragraphs needed
    if has_paragraph_headings(text) and not has_numbered_paragraphs(text):
        return parse_follow_up_assessment(text, source)
    return parse_numbered(text, source)
