"""Small files that are expensive to read, built in code: a PDF declaring tens of thousands of
pages through a shared page tree, and a .docx whose XML expands a thousandfold."""

from __future__ import annotations

import io
import zipfile

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def page_tree_pdf(fan_out: int = 300, levels: int = 2) -> bytes:
    """A PDF of fan_out**levels pages that all share one page object (a few KB)."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    total = fan_out**levels
    kids = " ".join(["3 0 R"] * fan_out).encode()
    objects[2] = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % total
    number = 3
    for level in range(1, levels):
        child = number + 1
        kids = " ".join([f"{child} 0 R"] * fan_out).encode()
        count = fan_out ** (levels - level)
        objects[number] = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count
        number = child
    objects[number] = (
        b"<< /Type /Page /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 "
        b"/BaseFont /Helvetica >> >> >> >>" % (number + 1)
    )
    stream = b"BT /F1 12 Tf 72 720 Td (A page of text.) Tj ET"
    objects[number + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    return _pdf(objects)


def _pdf(objects: dict[int, bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n")
    xref = out.tell()
    size = max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for number in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


def expanding_docx(runs: int) -> bytes:
    """A .docx of one paragraph of `runs` one-letter runs (~26 bytes of XML each, which
    deflate squeezes ~1000-fold)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("_rels/.rels", DOCX_RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(f'<w:document xmlns:w="{WORD_NS}"><w:body><w:p>'.encode())
            block = b"<w:r><w:t>a</w:t></w:r>" * 10_000
            for _ in range(runs // 10_000):
                document.write(block)
            document.write(b"</w:p></w:body></w:document>")
    return out.getvalue()
