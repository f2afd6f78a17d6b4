"""Tests for index.read: decoding, Markdown stripping and the refusals of read_text."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from index.domain.errors import ParseError, UnsupportedFormat
from index.read import READERS, read_docx, read_html, read_pdf, read_text
from index.read.markdown_reader import read_markdown, read_plain
from index.read.text import decode

JAPANESE = "委員会は締約国に対し、移住労働者の権利を保護するよう勧告する。第36段落。"
KOREAN = "위원회는 당사국에 이주노동자의 권리를 보호할 것을 권고한다."
ENGLISH = "36. The Committee recommends that the State party protect migrant workers."
FRENCH = "36. Le Comité recommande à l'État partie de protéger les travailleurs migrants."
RUSSIAN = "36. Комитет рекомендует государству-участнику защищать права трудящихся-мигрантов."
SEED = Path(__file__).parent.parent / "seeds" / "CMW_C_AZE_CO_3_follow-up-assessment_zh.md"


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("# 第16段: 全面的政策和战略", "第16段: 全面的政策和战略"),
        ("##### **[B]:** 第 62 段(a)项和(b)项", "[B]: 第 62 段(a)项和(b)项"),
        ("### Title ###", "Title"),
        ("__State party's reply__", "State party's reply"),
        ("Detention and *due process*", "Detention and due process"),
        ("***both***", "both"),
        ("后续行动的报告\\*", "后续行动的报告*"),
        ("\\* 委员会第三十九届会议通过。", "* 委员会第三十九届会议通过。"),
        ("a \\_b\\_ c \\# d \\\\ e", "a _b_ c # d \\ e"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("- (a) 采取适当措施；", "(a) 采取适当措施；"),
        ("* (b) bullet with a star", "(b) bullet with a star"),
        ("  + (c) indented plus", "(c) indented plus"),
        ('见 <a href="#">CMW/C/AZE/CO/3</a> , 2021年', "见 CMW/C/AZE/CO/3 , 2021年"),
        ("建议，<sup>1</sup> 依据", "建议，¹ 依据"),
        ("<sup>12</sup> CMW/C/AZE/CO/2", "¹² CMW/C/AZE/CO/2"),
        ("<p>para</p><!-- note -->", "para"),
        ("A &amp; B &lt;tag&gt; &#39;q&#39;", "A & B <tag> 'q'"),
        ("[the report](https://example.org) and `code`", "the report and code"),
        ("Distr.: General  \n2 March 2026  \nChinese", "Distr.: General\n2 March 2026\nChinese"),
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("\n\n\n\nfirst\n\n\n\n\nsecond\n\n", "first\n\nsecond"),
        ("> quoted line", "quoted line"),
        ("above\n\n---\n\nbelow", "above\n\nbelow"),
        ("| a | b |\n|---|:--:|\n| 1 | 2 |", "a\tb\n1\t2"),
        ("keep\ttabs\u00a0and nbsp", "keep\ttabs and nbsp"),
    ],
)
def test_markdown_is_stripped_to_plain_text(markdown, plain):
    assert read_markdown(markdown.encode("utf-8"), "case.md") == plain + "\n"


def test_readers_cover_the_documented_suffixes():
    assert READERS == {
        ".md": read_markdown,
        ".markdown": read_markdown,
        ".txt": read_plain,
        ".pdf": read_pdf,
        ".docx": read_docx,
        ".html": read_html,
        ".htm": read_html,
    }


def test_plain_text_only_normalises_newlines():
    data = "**kept**\r\n# kept\u00a0too\r\n".encode()
    assert read_plain(data, "note.txt") == "**kept**\n# kept too\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + "委员会的评价".encode(), "委员会的评价"),
        ("委员会的评价".encode("utf-16"), "委员会的评价"),
        (codecs.BOM_UTF16_BE + "委员会的评价".encode("utf-16-be"), "委员会的评价"),
        (
            codecs.BOM_UTF16_LE + "Committee’s evaluation".encode("utf-16-le"),
            "Committee’s evaluation",
        ),
        ("报告：第三十九届会议".encode("gbk"), "报告：第三十九届会议"),
        (
            "缔约国的答复载于，第 1 至第 12 段。".encode("gb18030"),
            "缔约国的答复载于，第 1 至第 12 段。",
        ),
        ("plain ASCII".encode("ascii"), "plain ASCII"),
        (JAPANESE.encode("shift_jis"), JAPANESE),
        (JAPANESE.encode("euc_jp"), JAPANESE),
        (KOREAN.encode("euc_kr"), KOREAN),
        (ENGLISH.encode("utf-16-le"), ENGLISH),
        (ENGLISH.encode("utf-16-be"), ENGLISH),
        (
            "委员会建议缔约国保护移徙工人的权利。".encode("utf-16-le"),
            "委员会建议缔约国保护移徙工人的权利。",
        ),
        (FRENCH.encode("cp1252"), FRENCH),
        (RUSSIAN.encode("cp1251"), RUSSIAN),
    ],
)
def test_decode_detects_the_encoding(data, expected):
    assert decode(data, "x.txt") == expected


def test_gb18030_seed_reads_like_the_utf8_seed(tmp_path):
    utf8 = SEED.read_bytes()
    gb = tmp_path / "seed_gb18030.md"
    gb.write_bytes(utf8.decode("utf-8").encode("gb18030"))
    with pytest.raises(UnicodeDecodeError):
        gb.read_bytes().decode("utf-8")
    assert read_text(gb) == read_text(SEED)


def test_seed_reads_to_plain_text():
    text = read_text(SEED)
    assert text.startswith(
        "保护所有移徙工人及其 家庭成员权利国际公约\n\nDistr.: General\n2 March 2026\n"
    )
    assert "\n* 委员会第三十九届会议(2024年12月2日至13日)通过。\n" in text
    assert "\n¹ CMW/C/AZE/CO/2, 第 45 段。\n" in text
    assert "\n[B]: 第 62 段(a)项和(b)项\n" in text
    for markup in ("#", "**", "<a", "</sup>", "\\", "  \n", "\r"):
        assert markup not in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (random.Random(0).randbytes(4096), "cannot detect the text encoding"),
        (bytes(range(256)) * 8, "cannot detect the text encoding"),
        (b"\x00" * 100, "control or replacement characters"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8" * 50, "control or replacement characters"),
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        ("委員會建議締約國保護移徙工人的權利。".encode("big5"), "legacy East Asian encoding"),
        ("abc\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd".encode(), "control or replacement characters"),
    ],
)
def test_garbage_is_refused_naming_the_file(tmp_path, data, reason):
    path = tmp_path / "garbage.md"
    path.write_bytes(data)
    with pytest.raises(ParseError) as raised:
        read_text(path)
    assert raised.value.source == str(path)
    assert str(path) in str(raised.value)
    assert reason in raised.value.reason


@pytest.mark.parametrize("name", ["report.doc", "report.rtf", "README"])
def test_unknown_suffix_is_refused(tmp_path, name):
    path = tmp_path / name
    path.write_text("text")
    with pytest.raises(UnsupportedFormat) as raised:
        read_text(path)
    assert str(path) in str(raised.value)
    assert "supported: .docx, .htm, .html, .markdown, .md, .pdf, .txt" in raised.value.reason
    assert (Path(name).suffix or "(no suffix)") in raised.value.reason


def test_max_bytes_refuses_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * 101)

    def no_reading(self):
        raise AssertionError("read_text read a file it should have refused")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(ParseError) as raised:
        read_text(path, max_bytes=100)
    assert "101 bytes, more than the limit of 100 bytes" in raised.value.reason
    assert "QA_MAX_FILE_MB" in raised.value.reason and "raise the limit" in raised.value.reason


def test_max_bytes_allows_a_file_at_the_limit(tmp_path):
    path = tmp_path / "small.txt"
    path.write_bytes(b"x" * 100)
    assert read_text(path, max_bytes=100) == "x" * 100


def test_missing_file_is_a_parse_error(tmp_path):
    path = tmp_path / "missing.md"
    with pytest.raises(ParseError, match="cannot read the file"):
        read_text(path)
