"""Text helpers every reader shares: decoding bytes, newline and blank-line normalisation, the
read deadline and superscript digits."""

from __future__ import annotations

import codecs
import re
import time
import unicodedata

from charset_normalizer import from_bytes

from index.domain.errors import ParseError

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


_BLANK_RUN = re.compile(r"\n{3,}")


_INVISIBLE = {"\ufeff": "", "\u200b": "", "\u00a0": " ", "\u202f": " "}


_PLAUSIBLE_RANGES = (
    (0x2000, 0x206F),  # general punctuation: “ ” — …
    (0x2E80, 0x9FFF),  # CJK radicals, punctuation, kana, ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # fullwidth forms: ， ： （ ）
)


# Frequent characters of (UN) Chinese prose. Japanese or Korean bytes read as GB18030 give
# valid but rare ideographs, so a real Chinese text is one where many ideographs are these.
_COMMON_HAN = frozenset(
    "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能"
    "对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前"
    "面又定见只主没公从知已现及并各全部等关工机制政府建议委员缔约权利移徙民庭报告审切措施保护儿童"
    "妇女拘留策执确资料提供信息联合意结论续评估第届次程段项条款规根据况情区域社服务教育医疗住房劳"
    "动业问题重加强采取通立性别歧视平受害暴力贩运难庇身份证件登记境边界遣返驱逐外籍雇同资最低标准"
    "监督检查调诉讼司援助律师翻译口语言文化宗族少数残疾老青特殊需求条状态期间至今月内包括高认识培"
    "训员官专构独组织非团体参协商磋落实施计划方案战略目指统析收集按照龄列系应该必须够进步继鼓励促"
    "请敦注意欢迎赞赏遗憾表示深感但因同所任何相效适当充必及迅速综具体明"
)


_SHARE_COMMON_HAN = 0.3  # real Chinese: well over half; mojibake from other codecs: under 0.15


_SHARE_KANA = 0.1  # Japanese prose is a third or more kana (hiragana particles)


_SHARE_HANGUL = 0.5


_SHARE_GARBAGE = 0.1  # of visible characters; see decode()


_MULTIBYTE_CJK = ("gb", "hz", "big5", "cp932", "cp949", "cp950", "euc", "jis", "johab", "iso2022")


_FIX = "save it as UTF-8 text and try again"


# Longest a reader may take over one file: the write lock is held meanwhile (a 4 KB PDF of
# 90,000 shared pages held it 56 s). A 500-page report's text layer reads in ~15 s.
MAX_READ_SECONDS = 30.0


class Deadline:
    """The time a reader has left for one file; `check` raises ParseError once it is spent."""

    def __init__(self, source: str, seconds: float | None = None):
        self.source = source
        self.seconds = MAX_READ_SECONDS if seconds is None else seconds
        self.ends = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise ParseError(
                self.source,
                f"reading the file took more than {self.seconds:g} s (the limit per file); "
                "split it into smaller files",
            )


def decode(data: bytes, source: str) -> str:
    """Decode bytes to text, refusing rather than guessing when the encoding is unclear.

    Read as they are: UTF-8 (BOM or not); UTF-16/32 with a BOM; UTF-16 without a BOM when
    every other byte is NUL (Latin-script text); GB18030/GBK when most ideographs are common
    Chinese ones; Shift-JIS/EUC-JP with kana; EUC-KR/UHC when it is mostly standard Hangul;
    single-byte codecs (Latin-1, cp1251, cp1256...) as detected by charset-normalizer.
    Refused with a ParseError: East Asian bytes that fit none of those checks (Big5, short
    ambiguous snippets) -- detectors guess them wrong often enough to index mojibake;
    empty text; text where more than 10% of the visible characters are control, unassigned,
    private-use or U+FFFD replacement characters (binary data, a wrong encoding).
    """
    text = _decode_known(data)
    if text is None:
        text = _decode_detected(data, source)
    check_decoded(text, source)
    return text


def _decode_known(data: bytes) -> str | None:
    """Decode by BOM, strict UTF-8, UTF-16 by its NULs or a checked East Asian codec."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    codec = _utf16_by_nuls(data)  # before UTF-8: NUL bytes are valid UTF-8
    if codec:
        return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for codec, reads_well in (
        ("gb18030", _looks_chinese),
        ("cp932", _looks_japanese),
        ("euc_jp", _looks_japanese),
        ("cp949", _looks_korean),
    ):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if reads_well(text):
            return text
    return None


def _utf16_by_nuls(data: bytes) -> str | None:
    """utf-16-le/-be for BOM-less UTF-16 of mostly Latin text: NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    half = len(data) // 2
    even, odd = data[0::2].count(0) / half, data[1::2].count(0) / half
    if odd > 0.5 and even < 0.05:
        return "utf-16-le"
    if even > 0.5 and odd < 0.05:
        return "utf-16-be"
    return None


def _decode_detected(data: bytes, source: str) -> str:
    """charset-normalizer's best guess, trusted only for codecs it tells apart reliably."""
    best = from_bytes(data).best()
    if best is None:
        raise ParseError(source, f"cannot detect the text encoding; {_FIX}")
    if best.encoding.lower().startswith(_MULTIBYTE_CJK):
        raise ParseError(
            source,
            f"the text looks like a legacy East Asian encoding (perhaps {best.encoding}) that "
            f"cannot be identified reliably; {_FIX}",
        )
    return str(best)


def _looks_chinese(text: str) -> bool:
    """True when the non-ASCII characters are nearly all CJK and the ideographs common ones."""
    wide = [char for char in text if ord(char) > 0x7F]
    if not wide:
        return not any(_is_garbage(char) for char in text)
    plausible = sum(
        any(low <= ord(char) <= high for low, high in _PLAUSIBLE_RANGES) for char in wide
    )
    han = [char for char in wide if 0x4E00 <= ord(char) <= 0x9FFF]
    common = sum(char in _COMMON_HAN for char in han)
    return plausible >= 0.9 * len(wide) and common >= _SHARE_COMMON_HAN * len(han)


def _looks_japanese(text: str) -> bool:
    """True when a tenth of the non-ASCII characters are full-width kana, none half-width."""
    wide = [char for char in text if ord(char) > 0x7F]
    kana = sum(0x3040 <= ord(char) <= 0x30FF for char in wide)
    half_width = sum(0xFF61 <= ord(char) <= 0xFF9F for char in wide)
    return bool(wide) and kana >= _SHARE_KANA * len(wide) and half_width <= 0.01 * len(wide)


def _looks_korean(text: str) -> bool:
    """True when most non-ASCII characters are Hangul of the standard (EUC-KR) set."""
    wide = [char for char in text if ord(char) > 0x7F]
    hangul = [char for char in wide if 0xAC00 <= ord(char) <= 0xD7A3]
    standard = sum(_in_codec(char, "euc_kr") for char in hangul)
    return (
        bool(wide) and len(hangul) >= _SHARE_HANGUL * len(wide) and standard >= 0.95 * len(hangul)
    )


def _in_codec(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _is_garbage(char: str) -> bool:
    """A control, unassigned, private-use or replacement character (tabs and newlines are fine)."""
    if char in "\t\n\r\f\v" or char in _INVISIBLE:
        return False
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs")


def check_decoded(text: str, source: str) -> None:
    """Refuse empty text and text that is mostly garbage (binary data, wrong encoding)."""
    visible = [char for char in text if not char.isspace() and char not in _INVISIBLE]
    if not visible:
        raise ParseError(source, "the file is empty or only whitespace; give a file with text")
    garbage = sum(_is_garbage(char) for char in visible)
    if garbage > _SHARE_GARBAGE * len(visible):
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


def collapse_blank_lines(text: str) -> str:
    """At most one blank line between paragraphs, none at either end, one final newline."""
    return _BLANK_RUN.sub("\n\n", text).strip("\n") + "\n"
