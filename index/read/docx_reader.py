"""Read Word .docx files with python-docx, rebuilding automatic paragraph numbers and footnotes."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from index.domain.errors import ParseError
from index.read.text import SUPERSCRIPTS, Deadline, collapse_blank_lines, normalise_newlines

# python-docx loads every part into memory and parses its XML into an lxml tree of ~100 bytes per
# tag: a 1 MB .docx of 20 million one-letter runs took 7.8 GB and 115 s. Checked before parsing:
# the expanded size of the parts, and the tags ("<") of the XML parts (a 300-page report has
# ~10^5 to 10^6).
MAX_EXPANDED_BYTES = 256 * 2**20
MAX_XML_TAGS = 2_000_000
MAX_PARTS = 10_000
_XML_SUFFIXES = (".xml", ".rels")
_READ_CHUNK = 2**20
_TEXT_TAGS = tuple(
    qn(f"w:{tag}") for tag in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen", "footnoteReference")
)
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def docx_text(data: bytes, source: str) -> str:
    """Plain text of a .docx: body paragraphs and table rows in order, then the footnotes.

    Word's automatic numbering is not in the text, so numbered paragraphs get their number
    back ("36.", "(a)") from numbering.xml, counted per list and level. Footnote references
    become superscript digits (¹) and each footnote a line "¹ text" at the end. Table rows are
    lines of tab-separated cells. Raises ParseError for a file that is not a valid .docx.
    """
    deadline = Deadline(source)
    _check_expansion(data, source)
    document = _open(data, source)
    numbering = _Numbering.of(document)
    notes: dict[str, int] = {}  # footnote id -> the number shown, in order of reference
    blocks = []
    for item in document.element.body:
        blocks.extend(_block(item, numbering, notes))
        deadline.check()
    blocks += _footnotes(document, notes)
    text = "\n\n".join(block for block in blocks if block.strip())
    return collapse_blank_lines(normalise_newlines(text))


def _check_expansion(data: bytes, source: str) -> None:
    """Refuse a .docx whose parts expand past MAX_EXPANDED_BYTES, or whose XML holds more than
    MAX_XML_TAGS tags, before python-docx loads it (zipfile never yields more than a member's
    declared size, so the declared sizes bound what is read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            expanded = sum(member.file_size for member in members)
            if len(members) > MAX_PARTS or expanded > MAX_EXPANDED_BYTES:
                raise ParseError(
                    source,
                    _too_big(
                        f"expands to {expanded} bytes in {len(members)} parts",
                        f"{MAX_EXPANDED_BYTES} bytes",
                    ),
                )
            tags = 0
            for member in members:
                if member.filename.lower().endswith(_XML_SUFFIXES):
                    tags += _count_tags(archive, member, MAX_XML_TAGS - tags)
                if tags > MAX_XML_TAGS:
                    raise ParseError(
                        source,
                        f"the .docx holds more than {MAX_XML_TAGS} XML tags (the limit); "
                        "split it into smaller files",
                    )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
        raise ParseError(source, _not_docx(e)) from e


def _count_tags(archive: zipfile.ZipFile, member: zipfile.ZipInfo, left: int) -> int:
    """The "<" in one member, counted while it is decompressed; stops once past `left`."""
    tags = 0
    with archive.open(member) as part:
        while tags <= left and (chunk := part.read(_READ_CHUNK)):
            tags += chunk.count(b"<")
    return tags


def _too_big(what: str, limit: str) -> str:
    return f"the .docx {what}, more than the limit of {limit}; split it into smaller files"


def _not_docx(e: Exception) -> str:
    return (
        f"not a valid .docx, it is damaged or truncated ({e}); "
        "open and save it again in Word, or download it again"
    )


def _open(data: bytes, source: str):
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as e:
        raise ParseError(source, _not_docx(e)) from e


def _block(element, numbering: _Numbering, notes: dict[str, int]) -> list[str]:
    """Text blocks of one body element: a paragraph, or a table's rows."""
    if element.tag == qn("w:p"):
        return [numbering.label(element) + _runs_text(element, notes)]
    if element.tag == qn("w:tbl"):
        return ["\n".join(_rows(element, numbering, notes))]
    return []


def _rows(table, numbering: _Numbering, notes: dict[str, int]) -> list[str]:
    """One line per table row, cells separated by tabs (merged cells once)."""
    lines = []
    for row in table.iterchildren(qn("w:tr")):
        cells = []
        for cell in row.iterchildren(qn("w:tc")):
            parts = [part for item in cell for part in _block(item, numbering, notes)]
            cells.append(" ".join(part.strip() for part in parts if part.strip()))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def _runs_text(paragraph, notes: dict[str, int]) -> str:
    """A paragraph's visible text: runs, tabs, breaks; footnote marks as superscripts."""
    parts = []
    for node in paragraph.iter(*_TEXT_TAGS):
        tag = node.tag
        if tag == qn("w:t"):
            parts.append(_superscript(node) if _is_superscript(node) else node.text or "")
        elif tag in (qn("w:tab"), qn("w:ptab")):
            parts.append("\t")
        elif tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            parts.append("-")
        else:
            note = node.get(qn("w:id"))
            number = notes.setdefault(note, len(notes) + 1)
            parts.append(str(number).translate(SUPERSCRIPTS))
    return "".join(parts)


def _is_superscript(text_node) -> bool:
    run = text_node.getparent()
    align = run.find(f"{qn('w:rPr')}/{qn('w:vertAlign')}")
    return align is not None and align.get(qn("w:val")) == "superscript"


def _superscript(text_node) -> str:
    text = text_node.text or ""
    return text.translate(SUPERSCRIPTS) if text.strip().isdigit() else text


def _footnotes(document, notes: dict[str, int]) -> list[str]:
    """The referenced footnotes as blocks "¹ text", in the order of their numbers."""
    part = _related_part(document, RT.FOOTNOTES)
    if part is None or not notes:
        return []
    root = parse_xml(part.blob)
    texts = {}
    for note in root.iterchildren(qn("w:footnote")):
        paragraphs = note.iterchildren(qn("w:p"))
        texts[note.get(qn("w:id"))] = " ".join(_runs_text(p, {}).strip() for p in paragraphs)
    ordered = sorted(notes.items(), key=lambda item: item[1])
    return [
        f"{str(number).translate(SUPERSCRIPTS)} {texts[note].strip()}"
        for note, number in ordered
        if note in texts
    ]


def _related_part(document, reltype: str):
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None


@dataclass
class _Numbering:
    """Word's list definitions and the running counters of each list (numId) and level."""

    levels: dict[tuple[str, int], tuple[str, str, int]]  # (numId, ilvl) -> fmt, text, start
    style_numbers: dict[str, tuple[str, int]]  # styleId -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> _Numbering:
        part = _related_part(document, RT.NUMBERING)
        levels = _levels(parse_xml(part.blob)) if part is not None else {}
        return cls(levels, _style_numbers(document))

    def label(self, paragraph) -> str:
        """The number Word shows before this paragraph ("36. ", "(a) "), or ""."""
        where = self._num_pr(paragraph)
        if where is None or where not in self.levels:
            return ""
        num_id, level = where
        counts = self.counters.setdefault(num_id, {})
        fmt, _, start = self.levels[where]
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [lvl for lvl in counts if lvl > level]:
            del counts[deeper]
        if fmt in ("bullet", "none"):
            return ""
        text = self.levels[where][1]
        for lvl in range(level + 1):
            lvl_fmt, _, lvl_start = self.levels.get((num_id, lvl), ("decimal", "", 1))
            value = counts.get(lvl, lvl_start)
            text = text.replace(f"%{lvl + 1}", _format_number(value, lvl_fmt))
        return f"{text} " if text else ""

    def _num_pr(self, paragraph) -> tuple[str, int] | None:
        p_pr = paragraph.find(qn("w:pPr"))
        if p_pr is None:
            return None
        num_pr = p_pr.find(qn("w:numPr"))
        if num_pr is None:
            style = p_pr.find(qn("w:pStyle"))
            return self.style_numbers.get(style.get(qn("w:val"))) if style is not None else None
        num_id, ilvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
        if num_id is None or num_id.get(qn("w:val")) == "0":
            return None
        level = int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        return num_id.get(qn("w:val")), level


def _levels(root) -> dict[tuple[str, int], tuple[str, str, int]]:
    """(numId, level) -> (number format, level text like "%1.", start) from numbering.xml."""
    abstract = {}
    for definition in root.iterchildren(qn("w:abstractNum")):
        abstract[definition.get(qn("w:abstractNumId"))] = {
            int(lvl.get(qn("w:ilvl"))): _level(lvl) for lvl in definition.iterchildren(qn("w:lvl"))
        }
    levels = {}
    for num in root.iterchildren(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        for level, value in abstract.get(
            ref.get(qn("w:val")) if ref is not None else None, {}
        ).items():
            levels[(num.get(qn("w:numId")), level)] = value
        for override in num.iterchildren(qn("w:lvlOverride")):
            level = int(override.get(qn("w:ilvl")))
            start = override.find(qn("w:startOverride"))
            if start is not None and (num.get(qn("w:numId")), level) in levels:
                fmt, text, _ = levels[(num.get(qn("w:numId")), level)]
                levels[(num.get(qn("w:numId")), level)] = (fmt, text, int(start.get(qn("w:val"))))
    return levels


def _level(lvl) -> tuple[str, str, int]:
    def value(tag: str, default: str) -> str:
        node = lvl.find(qn(tag))
        return node.get(qn("w:val"), default) if node is not None else default

    return value("w:numFmt", "decimal"), value("w:lvlText", ""), int(value("w:start", "1"))


def _style_numbers(document) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry numbering themselves (e.g. "List Number")."""
    numbers = {}
    for style in document.styles.element.iterchildren(qn("w:style")):
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
        if num_id is not None:
            ilvl = num_pr.find(qn("w:ilvl"))
            level = int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
            numbers[style.get(qn("w:styleId"))] = (num_id.get(qn("w:val")), level)
    return numbers


def _format_number(value: int, fmt: str) -> str:
    """A counter in Word's number format: decimal, lowerLetter, upperRoman..."""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if fmt == "lowerRoman" else roman.upper()
    return str(value)


def _roman(value: int) -> str:
    digits = []
    for size, letters in _ROMAN:
        count, value = divmod(value, size)
        digits.append(letters * count)
    return "".join(digits)
