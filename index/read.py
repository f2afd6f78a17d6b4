"""Read committee documents from disk into the plain text that every offset points into."""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from charset_normalizer import from_bytes

from index.errors import ParseError, UnsupportedFormat

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

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
_BLANK_RUN = re.compile(r"\n{3,}")

_INVISIBLE = {"\ufeff": "", "\u200b": "", "\u00a0": " ", "\u202f": " "}
_PLAUSIBLE_RANGES = (
    (0x2000, 0x206F),  # general punctuation: “ ” — …
    (0x2E80, 0x9FFF),  # CJK radicals, punctuation, kana, ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # fullwidth forms: ， ： （ ）
)
_FIX = "save it as UTF-8 text and try again"


def decode(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (BOM or not), UTF-16/32 with BOM, GB18030/GBK, or a detected codec."""
    text = _decode_known(data)
    if text is None:
        best = from_bytes(data).best()
        if best is None:
            raise ParseError(source, f"cannot detect the text encoding; {_FIX}")
        text = str(best)
    _check_decoded(text, source)
    return text


def _decode_known(data: bytes) -> str | None:
    """Decode by BOM, strict UTF-8 or plausible GB18030; None when none of these fits."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if _looks_chinese(text) else None


def _looks_chinese(text: str) -> bool:
    """True when the non-ASCII characters are nearly all CJK or CJK punctuation."""
    wide = [char for char in text if ord(char) > 0x7F]
    if not wide:
        return not any(_is_garbage(char) for char in text)
    plausible = sum(
        any(low <= ord(char) <= high for low, high in _PLAUSIBLE_RANGES) for char in wide
    )
    return plausible >= 0.9 * len(wide)


def _is_garbage(char: str) -> bool:
    """A control, unassigned, private-use or replacement character (tabs and newlines are fine)."""
    if char in "\t\n\r\f\v" or char in _INVISIBLE:
        return False
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs")


def _check_decoded(text: str, source: str) -> None:
    """Refuse empty text and text that is mostly garbage (binary data, wrong encoding)."""
    visible = [char for char in text if not char.isspace() and char not in _INVISIBLE]
    if not visible:
        raise ParseError(source, "the file is empty or only whitespace; give a file with text")
    garbage = sum(_is_garbage(char) for char in visible)
    if garbage > 0.1 * len(visible):
        raise ParseError(
            source,
            f"{garbage} of {len(visible)} characters are control or replacement characters: "
            f"the file looks binary or is in an unknown encoding; {_FIX}",
        )


def normalise_newlines(text: str) -> str:
    """Use \\n line endings, no-break spaces as spaces, no BOMs or zero-width spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for char, replacement in _INVISIBLE.items():
        text = text.replace(char, replacement)
    return text


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
    return _BLANK_RUN.sub("\n\n", text).strip("\n") + "\n"


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


READERS: dict[str, Callable[[bytes, str], str]] = {
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".txt": read_plain,
}


def read_text(path: Path, *, max_bytes: int | None = None) -> str:
    """Plain text of a file, read by the reader registered for its suffix in READERS."""
    path = Path(path)
    source = str(path)
    reader = _check_reader(path)
    _check_size(path, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ParseError(source, f"cannot read the file ({e.strerror}); check the path") from e
    return reader(data, source)


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
            f"the file is {size} bytes, more than max_bytes={max_bytes}; "
            "raise max_bytes or split the file",
        )
