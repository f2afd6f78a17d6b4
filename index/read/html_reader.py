"""Read HTML pages (UN / OHCHR web pages) into plain text with the standard library's parser."""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from index.domain.errors import ParseError
from index.read.text import (
    SUPERSCRIPTS,
    check_decoded,
    collapse_blank_lines,
    decode,
    normalise_newlines,
)

# Elements whose content is never document text.
_DROPPED = frozenset(
    "script style noscript nav header footer aside form template svg iframe button select "
    "textarea head object canvas map".split()
)
_DROPPED_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar"})
# class / id words that mark navigation: "main-nav", "navbar", "menu-item", "breadcrumb"...
_NAVIGATION = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu\w*|\w*menu|breadcrumbs?|footer|skip-link)(?:$|[\s_-])",
    re.IGNORECASE,
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_BLOCK = frozenset(
    "address article blockquote caption dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr li "
    "main ol p pre section table tbody tfoot thead tr ul body html title".split()
)
_CELL = frozenset({"td", "th"})
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_SPACES = re.compile(r"[ \t\f\v\r\n]+")
_ORDERED_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def html_text(data: bytes, source: str) -> str:
    """Plain text of an HTML page: one block per line group, navigation and scripts dropped.

    The charset comes from a BOM, else a `<meta charset>` / `http-equiv` declaration, else
    detection (index.read.decode). `<sup>1</sup>` becomes ¹; `<ol>` items get their numbers
    ("1.", or "(a)" for type="a"), since the browser shows them; table rows become lines with
    tab-separated cells.
    """
    parser = _TextParser()
    parser.feed(_decode_html(data, source))
    parser.close()
    text = _tidy(parser.text())
    check_decoded(text, source)
    return text


def _decode_html(data: bytes, source: str) -> str:
    """Decode by BOM, then the declared charset, then detection."""
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    declared = _META_CHARSET.search(data[:4096])
    if declared and not has_bom:
        charset = declared.group(1).decode("ascii").lower()
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            raise ParseError(
                source,
                f"the page declares an unknown charset {charset!r}; save it as UTF-8 and try again",
            ) from None
        text = data.decode(codec, errors="replace")
        check_decoded(text, source)
        return normalise_newlines(text)
    return normalise_newlines(decode(data, source))


def _tidy(text: str) -> str:
    """Strip each line, keep at most one blank line between blocks."""
    lines = [line.strip(" ") for line in normalise_newlines(text).split("\n")]
    lines = ["\t".join(cell.strip() for cell in line.split("\t")).strip("\t") for line in lines]
    return collapse_blank_lines("\n".join(lines))


class _TextParser(HTMLParser):
    """Collects visible text; block elements start new lines, dropped elements are skipped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # open dropped elements, innermost last
        self.lists: list[list] = []  # per open <ol>/<ul>: [ordered, next number, letters]
        self.sup = 0
        self.pre = 0

    def text(self) -> str:
        return "".join(self.parts)

    def handle_starttag(self, tag, attrs):
        if self.skipping:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if _is_dropped(tag, dict(attrs)):
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        self._open(tag, dict(attrs))

    def handle_startendtag(self, tag, attrs):
        if not self.skipping and not _is_dropped(tag, dict(attrs)):
            self._open(tag, dict(attrs))
            if tag not in _VOID:
                self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.skipping:
            if tag in self.skipping:
                del self.skipping[len(self.skipping) - 1 - self.skipping[::-1].index(tag) :]
            return
        if tag == "sup":
            self.sup = max(0, self.sup - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        elif tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        if tag in _CELL:
            self.parts.append("\t")
        elif tag in _BLOCK and tag != "tr":  # a row's line ends where the next one starts
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self.skipping:
            return
        if not self.pre:
            data = _SPACES.sub(" ", data)
            if data == " " and (not self.parts or self.parts[-1].endswith(("\n", "\t"))):
                return  # indentation between block tags
        if self.sup and data.strip().isdigit():
            data = data.strip().translate(SUPERSCRIPTS)
        self.parts.append(data)

    def _open(self, tag: str, attrs: dict) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "sup":
            self.sup += 1
        elif tag == "pre":
            self.pre += 1
        elif tag in ("ol", "ul"):
            start = attrs.get("start") or "1"
            letters = (attrs.get("type") or "").lower() == "a"
            self.lists.append([tag == "ol", int(start) if start.isdigit() else 1, letters])
        if tag in _BLOCK:
            self.parts.append("\n" if tag == "tr" else "\n\n")
        if tag == "li" and self.lists and self.lists[-1][0]:
            self.parts.append(_list_number(self.lists[-1]) + " ")

    def error(self, message):  # pragma: no cover - HTMLParser never calls it since 3.10
        raise ValueError(message)


def _list_number(state: list) -> str:
    """The number an `<ol>` shows before its next item ("3." or "(c)"), advancing it."""
    _, number, letters = state
    state[1] += 1
    if letters and 1 <= number <= len(_ORDERED_LETTERS):
        return f"({_ORDERED_LETTERS[number - 1]})"
    return f"{number}."


def _is_dropped(tag: str, attrs: dict) -> bool:
    """Scripts, page furniture and anything marked as navigation."""
    if tag in _DROPPED:
        return True
    if (attrs.get("role") or "").lower() in _DROPPED_ROLES:
        return True
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    marks = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return bool(_NAVIGATION.search(marks))
