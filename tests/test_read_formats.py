"""Tests for the PDF, DOCX and HTML readers, on documents built here from invented text."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from fpdf import FPDF

from index.domain.errors import ParseError
from index.read import read_text
from index.read.docx_reader import docx_text
from index.read.html_reader import html_text
from index.read.pdf_reader import pdf_text
from tests.hostile_files import DOCX_RELS, DOCX_TYPES, WORD_NS, expanding_docx, page_tree_pdf

DATA = Path(__file__).parent / "data"
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
SYMBOL = "XYZ/C/FRD/CO/1"
JOB = "GE.24-01234(E)"

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NUMBERING = f"""<w:root {W}>
<w:abstractNum w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="36"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/>
  </w:lvl>
</w:abstractNum>
<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>
</w:root>"""
FOOTNOTES = f"""<w:footnotes {W}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>
</w:p></w:footnote>
<w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r>
<w:r><w:t xml:space="preserve"> An invented town used for this test.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def _numbered(document, text: str, level: int):
    """A paragraph numbered by Word (numPr), with no number in its text."""
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
    )
    return paragraph


def _add_footnote_reference(paragraph) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:r {W}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            '<w:footnoteReference w:id="7"/></w:r>'
        )
    )


def observations_docx() -> bytes:
    """Heading, numbered paragraphs and items by automatic numbering, a footnote, a table."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    for definition in parse_xml(NUMBERING):
        numbering.append(definition)
    footnotes = Part(
        PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, FOOTNOTES.encode(), document.part.package
    )
    document.part.relate_to(footnotes, RT.FOOTNOTES)
    document.add_heading("Detention of migrant children", level=2)
    first = _numbered(document, "The Committee notes the pilot shelters in Fredville", 0)
    _add_footnote_reference(first)
    first.add_run("\u00a0and recommends that the State party:")
    _numbered(document, "End the detention of children in border posts;", 1)
    _numbered(document, "Provide community care instead.", 1)
    _numbered(document, "The Committee welcomes the new hotline.", 0)
    late = document.add_paragraph("Late reports: ")
    late.add_run("2").font.superscript = True
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Paragraph", "Grade"), ("36", "B")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("(c) Typed by hand, not numbered by Word.")
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


# ---------------------------------------------------------------- PDF builders


class _UNPage(FPDF):
    """A PDF page like a UN document's: symbol on top, job number and page number below."""

    def header(self):
        self.set_font("Helvetica", size=9)
        self.cell(0, 5, SYMBOL, new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def footer(self):
        self.set_y(-18)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, JOB, new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 5, str(self.page_no()), align="C")


def _line(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")


FILLER = (
    "The Committee is concerned that the invented registry of Freedonia still lists "
    "families by the harbour district where they first arrived, and that the lists are "
    "kept for many years without any review by an independent body. "
)


def english_pdf() -> bytes:
    """Three pages: masthead, numbered paragraphs, lettered items and a hyphenated break."""
    pdf = _UNPage()
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    _line(pdf, "Concluding observations on the invented report of Freedonia")
    pdf.ln(4)
    _line(pdf, "A. Detention of migrant children")
    pdf.ln(4)
    _line(
        pdf,
        "36. The Committee notes the pilot shelters opened for the families of all mi-\n"
        "grants in the harbour district and recommends that the State party:",
    )
    pdf.ln(2)
    _line(pdf, "(a) End the detention of children in border posts;")
    _line(pdf, "(b) Provide community care instead.")
    pdf.ln(4)
    for number in range(37, 45):
        _line(pdf, f"{number}. {FILLER * 3}".strip())
        pdf.ln(4)
    return bytes(pdf.output())


def chinese_pdf() -> bytes:
    pdf = _UNPage()
    pdf.add_font("wqy", fname=str(CJK_FONT))
    pdf.add_page()
    pdf.set_font("wqy", size=11)
    _line(pdf, "关于弗里多尼亚虚构报告的结论性意见")
    pdf.ln(4)
    _line(pdf, "36. " + "委员会注意到港区为移徙者家庭开设的试点收容所，并建议缔约国：" * 3)
    pdf.ln(2)
    _line(pdf, "(a) 停止在边境哨所拘留儿童；")
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    """A 'scan': one page holding only a picture."""
    from PIL import Image

    picture = io.BytesIO()
    Image.new("L", (200, 100), color=200).save(picture, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=100)
    return bytes(pdf.output())


def encrypted_pdf(user_password: str) -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    _line(pdf, "36. The Committee recommends an invented remedy.")
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def english() -> str:
    return pdf_text(english_pdf(), "en.pdf")


def test_pdf_keeps_numbered_paragraphs_and_items_at_line_starts(english):
    assert english.startswith(
        f"{SYMBOL}\n\nConcluding observations on the invented report of Freedonia\n\n"
        "A. Detention of migrant children\n\n"
    )
    assert (
        "\n\n36. The Committee notes the pilot shelters opened for the families of all migrants "
        "in the harbour district and recommends that the State party:\n\n"
        "(a) End the detention of children in border posts;\n\n"
        "(b) Provide community care instead.\n\n37. The Committee is concerned"
    ) in english


def test_pdf_joins_wrapped_lines_across_pages(english):
    blocks = english.rstrip("\n").split("\n\n")
    numbered = [block for block in blocks if block[:2].isdigit()]
    assert [block.split(".")[0] for block in numbered] == [str(n) for n in range(36, 45)]
    for number in range(37, 45):
        assert f"{number}. {FILLER * 3}".strip() in blocks


def test_pdf_drops_running_headers_job_numbers_and_page_numbers(english):
    assert JOB not in english
    assert english.count(SYMBOL) == 1  # the first page's masthead only
    lines = english.split("\n")
    assert not [line for line in lines if line.strip().isdigit()]


def test_pdf_in_chinese():
    if not CJK_FONT.exists():
        pytest.skip(f"no CJK font at {CJK_FONT} to build a Chinese PDF with")
    text = pdf_text(chinese_pdf(), "zh.pdf")
    assert "关于弗里多尼亚虚构报告的结论性意见\n\n" in text
    assert "\n\n36. " + "委员会注意到港区为移徙者家庭开设的试点收容所，并建议缔约国：" * 3 in text
    assert "\n\n(a) 停止在边境哨所拘留儿童；\n" in text


def test_pdf_encrypted_with_an_empty_user_password_is_read():
    assert "36. The Committee recommends an invented remedy." in pdf_text(
        encrypted_pdf(""), "open.pdf"
    )


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (image_only_pdf, "no text layer"),
        (lambda: encrypted_pdf("user-secret"), "password-protected"),
        (lambda: english_pdf()[: len(english_pdf()) // 2], "damaged or truncated"),
        (lambda: b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n", "damaged or truncated"),
        (lambda: b"just text pretending to be a PDF", "not a PDF file"),
    ],
)
def test_bad_pdfs_are_refused_naming_the_file(tmp_path, build, reason):
    path = tmp_path / "report.pdf"
    path.write_bytes(build())
    with pytest.raises(ParseError) as raised:
        read_text(path)
    assert raised.value.source == str(path) and str(path) in str(raised.value)
    assert reason in raised.value.reason


def test_scanned_pdf_message_says_ocr_first():
    with pytest.raises(ParseError, match="run OCR on it first"):
        pdf_text(image_only_pdf(), "scan.pdf")


# ---------------------------------------------------------------- DOCX


def test_docx_rebuilds_automatic_numbers_and_footnotes():
    assert docx_text(observations_docx(), "co.docx") == (
        "Detention of migrant children\n\n"
        "36. The Committee notes the pilot shelters in Fredville¹ and recommends that the "
        "State party:\n\n"
        "(a) End the detention of children in border posts;\n\n"
        "(b) Provide community care instead.\n\n"
        "37. The Committee welcomes the new hotline.\n\n"
        "Late reports: ²\n\n"
        "Paragraph\tGrade\n36\tB\n\n"
        "(c) Typed by hand, not numbered by Word.\n\n"
        "¹ An invented town used for this test.\n"
    )


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (lambda: observations_docx()[: len(observations_docx()) // 2], "not a valid .docx"),
        (lambda: b"PK\x03\x04 not really a zip", "not a valid .docx"),
        (lambda: b"", "not a valid .docx"),
    ],
)
def test_bad_docx_is_refused_naming_the_file(tmp_path, build, reason):
    path = tmp_path / "co.docx"
    path.write_bytes(build())
    with pytest.raises(ParseError) as raised:
        read_text(path)
    assert raised.value.source == str(path) and str(path) in str(raised.value)
    assert reason in raised.value.reason and "\n" not in str(raised.value)


# ---------------------------------------------------------------- HTML


def test_html_page_keeps_the_text_and_drops_the_page_furniture():
    assert read_text(DATA / "co_page.html") == (
        "Concluding observations on the invented report of Freedonia\n\n"
        "Symbol: XYZ/C/FRD/CO/1\n\n"
        "Detention of migrant children\n\n"
        "36. The Committee notes the pilot shelters in Fredville¹ and recommends that the "
        "State party:\n\n"
        "(a) End the detention of children in border posts & airports;\n\n"
        "(b) Provide community care instead.\n\n"
        "(c) Train border staff;\n\n"
        "(d) Report back in two years.\n\n"
        "Paragraph\tGrade\n36\tB\n\n"
        "37. The Committee welcomes the new hotline.\nIt is free of charge.\n\n"
        "¹ An invented town used for this test.\n"
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            '<meta charset="windows-1252"><p>Le Comité recommande</p>'.encode("cp1252"),
            "Le Comité recommande\n",
        ),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            + "<p>36. 委员会建议</p>".encode("gb2312"),
            "36. 委员会建议\n",
        ),
        ("\ufeff<p>委员会<sup> 2 </sup>建议</p>".encode(), "委员会²建议\n"),
        (b'<div role="navigation">Menu</div><p>Text&#160;kept</p>', "Text kept\n"),
        (b'<ul class="navbar"><li>Home</li></ul><p class="unavailable">Kept</p>', "Kept\n"),
        (b"<p>one<br/>two</p><p>three</p>", "one\ntwo\n\nthree\n"),
    ],
)
def test_html_charset_and_markup(data, expected):
    assert html_text(data, "page.html") == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<html><script>only()</script><nav>menu</nav></html>", "empty"),
        (b'<meta charset="no-such-charset"><p>x</p>', "unknown charset"),
    ],
)
def test_bad_html_is_refused(data, reason):
    with pytest.raises(ParseError) as raised:
        html_text(data, "page.html")
    assert raised.value.source == "page.html" and reason in raised.value.reason


def big_part_docx(size: int) -> bytes:
    """A .docx with a part of `size` zero bytes beside a one-word document (a few hundred KB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("_rels/.rels", DOCX_RELS)
        archive.writestr(
            "word/document.xml", f'<w:document xmlns:w="{WORD_NS}"><w:body/></w:document>'
        )
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as padding:
            for _ in range(size // 2**20):
                padding.write(bytes(2**20))
    return out.getvalue()


@pytest.mark.parametrize(
    "name, build, reason",
    [
        ("pages.pdf", lambda: page_tree_pdf(300, 2), "more than 2000 pages (the limit)"),
        ("pages_3_levels.pdf", lambda: page_tree_pdf(300, 3), "more than 2000 pages (the limit)"),
        ("runs.docx", lambda: expanding_docx(600_000), "more than 2000000 XML tags"),
        ("padded.docx", lambda: big_part_docx(257 * 2**20), "more than the limit of 268435456"),
    ],
)
def test_small_files_that_expand_are_refused_at_once(name, build, reason):
    """A few KB that would hold the write lock for minutes or take gigabytes are refused in
    well under a second, naming the file, the reason and the limit."""
    data = build()
    assert len(data) < 400_000
    reader = pdf_text if name.endswith(".pdf") else docx_text
    started = time.perf_counter()
    with pytest.raises(ParseError) as refused:
        reader(data, name)
    assert time.perf_counter() - started < 2
    assert refused.value.source == name and reason in refused.value.reason
    assert "split it into smaller files" in refused.value.reason


def test_reading_past_the_time_limit_is_refused(monkeypatch):
    assert pdf_text(page_tree_pdf(3, 1), "three.pdf") == "A page of text.\n"  # read in time
    monkeypatch.setattr("index.read.text.MAX_READ_SECONDS", 0.0)
    for name, reader, data in [
        ("three.pdf", pdf_text, page_tree_pdf(3, 1)),
        ("runs.docx", docx_text, expanding_docx(10_000)),
    ]:
        with pytest.raises(ParseError, match=r"took more than 0 s \(the limit per file\)"):
            reader(data, name)
