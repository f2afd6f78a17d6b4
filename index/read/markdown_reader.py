"""Plain text and Markdown: decode, then strip the markup (offsets point into the result)."""

from __future__ import annotations

import html
import re

from index.read.text import SUPERSCRIPTS, collapse_blank_lines, decode, normalise_newlines

# Backslash escapes are parked in the Private Use Area so later rules cannot see them.
_ESCAPE_BASE = 0xF0000


_ESCAPABLE = "\\`*_{}[]()#+-.!|<>~\"'$%&,/:;=?@^"


_ESCAPE = re.compile(r"\\([" + re.escape(_ESCAPABLE) + r"])")


_PARKED = re.compile(f"[{chr(_ESCAPE_BASE)}-{chr(_ESCAPE_BASE + 127)}]")


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


_SUP = re.compile(r"<sup>\s*(\d+)\s*</sup>", re.IGNORECASE)


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")


_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


_CODE = re.compile(r"`([^`]+)`")


_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


_EMPHASIS = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")


_UNDERSCORE = re.compile(r"(?<![_\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![_\w])")


_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")


_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+")


_QUOTE = re.compile(r"^[ \t]*>[ \t]?")


_RULE = re.compile(r"^[ \t]*(?:[-*_=][ \t]*){3,}$")


_TABLE_RULE = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*(?::?-+:?)?[ \t]*$")


_FENCE = re.compile(r"^[ \t]*(?:```|~~~)")


def read_plain(data: bytes, source: str) -> str:
    """Plain text: decode and normalise newlines."""
    return normalise_newlines(decode(data, source))


def read_markdown(data: bytes, source: str) -> str:
    """Markdown: decode, then strip the markup, keeping paragraphs apart with blank lines."""
    text = normalise_newlines(decode(data, source))
    text = _ESCAPE.sub(lambda match: chr(_ESCAPE_BASE + ord(match.group(1))), text)
    text = _strip_html(text)
    lines = [_strip_line(line) for line in text.split("\n") if not _is_dropped(line)]
    text = "\n".join(lines)
    text = _PARKED.sub(lambda match: chr(ord(match.group()) - _ESCAPE_BASE), text)
    return collapse_blank_lines(text)


def _strip_html(text: str) -> str:
    """Drop comments and tags (keeping inner text); <sup>1</sup> becomes ¹."""
    text = _COMMENT.sub("", text)
    text = _SUP.sub(lambda match: match.group(1).translate(SUPERSCRIPTS), text)
    text = _BR.sub("\n", text)
    return _TAG.sub("", text)


def _is_dropped(line: str) -> bool:
    """Lines with no text of their own: thematic breaks, table rules, code fences."""
    return bool(_RULE.match(line) or _TABLE_RULE.match(line) or _FENCE.match(line))


def _strip_line(line: str) -> str:
    """Strip one line of headings, bullets, quotes, table pipes and inline emphasis."""
    line = line.rstrip()
    heading = _HEADING.match(line)
    if heading:
        line = heading.group(1)
    line = _QUOTE.sub("", line)
    line = _BULLET.sub("", line)
    if line.startswith("|") and line.endswith("|") and len(line) > 1:
        line = "\t".join(cell.strip() for cell in line[1:-1].split("|"))
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _CODE.sub(r"\1", line)
    line = _STRONG.sub(r"\2", line)
    line = _EMPHASIS.sub(r"\1", line)
    line = _UNDERSCORE.sub(r"\1", line)
    return html.unescape(line).rstrip()
