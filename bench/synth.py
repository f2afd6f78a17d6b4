"""Synthetic follow-up assessments in the seed's shape, scaled to N chunks, for benchmarks.

    python bench/synth.py --chunks 10000 --out DIR [--seed 0] [--check]

Texts are real sentences of the Chinese seed (seeds/) and the English fixture
(tests/data/follow_up_en.md), shuffled and recombined; States are real ISO3 codes from
index/domain/states.py with made-up documents, dates and paragraph numbers. Each file has a header
table, "第N段: title" / "Paragraph N: title" recommendations with (a)(b)... items, a reply
reference and graded assessments, so it parses with index.parse.parse_document. The same
--chunks and --seed always give the same files; the chunk count is exact when each chunk fits
the embedder window (generated recommendations and assessments are kept well under it).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: index/ is imported from the checkout

from index.chunk import estimate_tokens  # noqa: E402
from index.domain.states import states  # noqa: E402
from index.parse import parse_document  # noqa: E402
from index.read import read_text  # noqa: E402

SOURCES = {
    "zh": ROOT / "seeds" / "CMW_C_AZE_CO_3_follow-up-assessment_zh.md",
    "en": ROOT / "tests" / "data" / "follow_up_en.md",
}
SOURCE_STATE = {"zh": "阿塞拜疆", "en": "Portugal"}
GRADES = ("A", "B", "B", "C", "C", "D", "F")
# The Committee's closing verdict for each grade, as the seed and fixture word it.
VERDICTS = {
    "zh": {"A": "委员会认为该建议已得到执行。", "B": "委员会认为该建议已得到部分执行。"},
    "en": {
        "A": "The Committee considers that the recommendation has been implemented.",
        "B": "The Committee considers that the recommendation has been partially implemented.",
        "C": "The Committee considers that the recommendation has not been implemented.",
        "D": "The Committee considers that the measures taken are contrary to the recommendation.",
    },
}
VERDICTS["zh"]["C"] = "委员会认为该建议尚未得到执行。"
VERDICTS["zh"]["D"] = "委员会认为所采取的措施违背了该建议。"
MONTHS = "January February March April May June July August September October November December"
STAKEHOLDERS = (
    "Harbour Lights Migrant Support Circle",
    "Atlantic Workers' Forum",
    "马特和平、发展和人权基金会",
    "Coastal Rights Watch",
    "移民工人法律援助中心",
)
ITEM_BUDGET = 380  # estimated tokens a recommendation may take: far under the 512 window
ASSESSMENT_BUDGET = 380
DOC_CHUNKS = (12, 30)  # chunks per generated document


@dataclass(frozen=True)
class Pool:
    """Real texts of one language to recombine: titles, intros, items, assessment sentences."""

    language: str
    titles: tuple[str, ...]
    intros: tuple[str, ...]
    items: tuple[str, ...]
    sentences: tuple[str, ...]


@cache
def load_pool(language: str) -> Pool:
    """The recombinable texts of the seed ("zh") or the English fixture ("en")."""
    path = SOURCES[language]
    document = parse_document(read_text(path), path.name)
    titles, intros, items, sentences = [], [], [], []
    for recommendation in document.recommendations:
        titles.append(recommendation.title)
        lines = recommendation.text.splitlines()[1:]
        intros.extend(line.strip().replace("¹", "") for line in lines[:3] if _is_intro(line))
        items.extend(_item_text(item.text) for item in recommendation.items if not item.items)
    for assessment in document.assessments:
        body = assessment.text.split("\n", 1)[-1]
        sentences.extend(s for s in _sentences(body, language) if not _is_verdict(s))
    return Pool(language, *map(_distinct, (titles, intros, items, sentences)))


def _is_intro(line: str) -> bool:
    line = line.strip()
    return bool(line) and line[-1] in ":：" and not line.startswith(("(", "（", "-"))


def _is_verdict(sentence: str) -> bool:
    return sentence.startswith(("委员会认为", "The Committee considers"))


def _item_text(text: str) -> str:
    """An item's first line without its "(a)" mark and closing punctuation."""
    first = re.sub(r"^[(（][a-z]+[)）]\s*", "", text.splitlines()[0].strip())
    return first.rstrip(";；。.")


def _sentences(body: str, language: str) -> list[str]:
    pattern = r"[^。]+。" if language == "zh" else r"[^.]+(?:\.|$)"
    found = (match.group().strip() for match in re.finditer(pattern, body.replace("\n", " ")))
    return [sentence for sentence in found if len(sentence) > 8 and "[" not in sentence]


def _distinct(texts: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text for text in texts if text))


@dataclass(frozen=True)
class Paragraph:
    """One follow-up paragraph to write: its number, item letters and assessment groups."""

    number: int
    letters: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]


def plan_paragraphs(rng: random.Random, chunks: int) -> list[Paragraph]:
    """Paragraphs whose chunks (recommendation + reply + one per group) sum to `chunks`."""
    costs = []
    rest = chunks
    while rest > 0:
        costs.append(rng.choice([c for c in (3, 4, 5) if rest - c == 0 or rest - c >= 3]))
        rest -= costs[-1]
    numbers = sorted(rng.sample(range(5, 99), len(costs)))
    return [_paragraph(rng, number, cost - 2) for number, cost in zip(numbers, costs, strict=True)]


def _paragraph(rng: random.Random, number: int, groups: int) -> Paragraph:
    letters = "abcd"[: max(groups, rng.randint(2, 4))]
    cuts = sorted(rng.sample(range(1, len(letters)), groups - 1))
    bounds = [0, *cuts, len(letters)]
    grouped = tuple(tuple(letters[a:b]) for a, b in zip(bounds, bounds[1:], strict=False))
    return Paragraph(number, tuple(letters), grouped)


def plan_documents(rng: random.Random, chunks: int) -> list[int]:
    """Chunk counts of the documents (header included) summing to exactly `chunks`."""
    _check_chunks(chunks)
    sizes, rest = [], chunks
    while rest > 0:
        size = rng.randint(*DOC_CHUNKS)
        size = rest if rest - size < DOC_CHUNKS[0] else size
        sizes.append(size)
        rest -= size
    return sizes


def _check_chunks(chunks: int) -> None:
    if chunks < DOC_CHUNKS[0]:
        raise ValueError(f"--chunks must be at least {DOC_CHUNKS[0]} (one document), got {chunks}")


@dataclass(frozen=True)
class State:
    """The made-up document's State party and its symbols."""

    code: str
    name: str
    round: int

    def symbol(self, kind: str) -> str:
        return f"CMW/C/{self.code}/{kind}/{self.round}"


def _codes() -> list[str]:
    """The States to draw from: as before the Cook Islands and Niue joined, so that a seed
    generates the same files."""
    return [code for code in states() if code not in ("COK", "NIU")]


def make_state(rng: random.Random, language: str) -> State:
    code = rng.choice(_codes())
    english, chinese = states()[code].name("en"), states()[code].name("zh")
    return State(code, chinese if language == "zh" else english, rng.randint(1, 4))


def _date(rng: random.Random, language: str) -> str:
    year, month, day = rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28)
    if language == "zh":
        return f"{year}年{month}月{day}日"
    return f"{day} {MONTHS.split()[month - 1]} {year}"


def chinese_number(number: int) -> str:
    """A session number in Chinese numerals, 1-99: 33 -> "三十三"."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones or not tens else "")


def _grades_summary(paragraphs: list[Paragraph], grades: dict, language: str) -> str:
    parts = [
        f"{p.number} " + " ".join(f"[{grades[p.number, g]}]" for g in p.groups) for p in paragraphs
    ]
    return ("、" if language == "zh" else ", ").join(parts)


def header(rng, state: State, paragraphs: list[Paragraph], grades: dict, language: str) -> str:
    """The document header: title lines, then the table the parser reads."""
    numbers = [str(p.number) for p in paragraphs]
    session, stakeholder = rng.randint(20, 40), rng.choice(STAKEHOLDERS)
    date, co_date, reply_date = (_date(rng, language) for _ in range(3))
    summary = _grades_summary(paragraphs, grades, language)
    if language == "zh":
        return (
            "# 保护所有移徙工人及其家庭成员权利国际公约\n\nDistr.: General  \n"
            f"{_date(rng, 'en')}  \nChinese  \nOriginal: English\n\n"
            f"#### 对{state.name}结论性意见后续行动资料的评价\n\n"
            f"结论性意见(第{chinese_number(session)}届会议):\t{state.symbol('CO')}, {co_date}\n"
            f"关于后续行动的段落:\t第{'、第'.join(numbers)}段\n"
            f"从缔约国收到的资料:\t{state.symbol('FCO')}, {reply_date}\n"
            f"从利益攸关方收到的资料:\t{stakeholder}, {date}\n"
            f"委员会的评价:\t{summary}\n"
        )
    return (
        f"United Nations\tCMW/C/{session}/2/Add.1\n\n# International Convention on the "
        "Protection of the Rights of All Migrant Workers and Members of Their Families\n\n"
        f"Distr.: General  \n{date}  \nOriginal: English\n\n#### Assessment of the information "
        f"on follow-up to the concluding observations on {state.name}\n\n"
        f"Concluding observations ({session}th session):\t{state.symbol('CO')}, {co_date}\n"
        f"Follow-up paragraphs:\t{', '.join(numbers)}\n"
        f"Information received from State party:\t{state.symbol('FCO')}, {reply_date}\n"
        f"Information received from stakeholders:\t{stakeholder}, {date}\n"
        f"Committee's evaluation:\t{summary}\n"
    )


def _pick(rng: random.Random, texts: tuple[str, ...], count: int, budget: int) -> list[str]:
    """`count` texts in random order (repeats allowed) within about `budget` estimated tokens."""
    fitting = [text for text in texts if estimate_tokens(text) <= budget // count]
    return [rng.choice(fitting or sorted(texts, key=len)[:1]) for _ in range(count)]


def recommendation(rng: random.Random, pool: Pool, paragraph: Paragraph) -> str:
    """A "第N段: title" / "Paragraph N: title" section with its lettered items."""
    items = _pick(rng, pool.items, len(paragraph.letters), ITEM_BUDGET)
    ends = [";"] * (len(items) - 1) + ["。" if pool.language == "zh" else "."]
    lines = [
        f"({letter}) {text}{end}"
        for letter, text, end in zip(paragraph.letters, items, ends, strict=True)
    ]
    title = rng.choice(pool.titles)
    if pool.language == "zh":
        heading = f"第{paragraph.number}段: {title}"
    else:
        heading = f"Paragraph {paragraph.number}: {title}"
    return "\n\n".join([f"## {heading}", rng.choice(pool.intros), *lines])


def reply(rng: random.Random, state: State, language: str) -> str:
    """The reply heading and the sentence naming the State party's reply paragraphs."""
    first = rng.randint(1, 60)
    last = first + rng.randint(1, 20)
    if language == "zh":
        symbol = state.symbol("FCO")
        return f"### 缔约国的答复\n\n缔约国的答复载于 {symbol}, 第 {first} 至第 {last} 段。"
    return (
        "### State party's reply\n\nThe State party's reply is contained in "
        f"{state.symbol('FCO')}, paragraphs {first}-{last}."
    )


def _items_label(letters: tuple[str, ...], language: str) -> str:
    if len(letters) == 1:
        return f"({letters[0]})项" if language == "zh" else f"({letters[0]})"
    if len(letters) == 2:
        return (
            f"({letters[0]})项和({letters[1]})项"
            if language == "zh"
            else (f"({letters[0]}) and ({letters[1]})")
        )
    span = f"({letters[0]})-({letters[-1]})"
    return f"{span}项" if language == "zh" else span


def assessment(rng, pool: Pool, state: State, number: int, letters, grade: str) -> str:
    """A graded assessment: "[C]: 第 N 段(a)项" / "[C]: paragraph N (a)", sentences, verdict."""
    language = pool.language
    if language == "zh":
        heading = f"#### [{grade}]: 第 {number} 段{_items_label(letters, language)}"
    else:
        heading = f"#### [{grade}]: paragraph {number} {_items_label(letters, language)}"
    sentences = _pick(rng, pool.sentences, rng.randint(2, 4), ASSESSMENT_BUDGET)
    body = ("" if language == "zh" else " ").join(dict.fromkeys(sentences))
    body = body.replace(SOURCE_STATE[language], state.name)
    verdict = VERDICTS[language].get(grade, "")
    return f"{heading}\n\n{body}{'' if language == 'zh' else ' '}{verdict}".rstrip()


def document(rng: random.Random, chunks: int, language: str) -> tuple[State, str]:
    """One follow-up assessment of `chunks` chunks (header included), as Markdown."""
    pool = load_pool(language)
    state = make_state(rng, language)
    paragraphs = plan_paragraphs(rng, chunks - 1)
    grades = {(p.number, g): rng.choice(GRADES) for p in paragraphs for g in p.groups}
    evaluation = "### 委员会的评价" if language == "zh" else "### Committee's evaluation"
    sections = [header(rng, state, paragraphs, grades, language)]
    for paragraph in paragraphs:
        sections += [recommendation(rng, pool, paragraph), reply(rng, state, language)]
        sections.append(evaluation)
        sections += [
            assessment(rng, pool, state, paragraph.number, group, grades[paragraph.number, group])
            for group in paragraph.groups
        ]
    return state, "\n\n".join(sections) + "\n"


def write_corpus(chunks: int, out: Path, *, seed: int = 0) -> list[Path]:
    """Write follow-up assessments totalling `chunks` chunks into `out`; their paths."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, size in enumerate(plan_documents(rng, chunks), start=1):
        language = rng.choice(("zh", "en"))
        state, text = document(rng, size, language)
        name = f"{state.symbol('CO').replace('/', '_')}_follow-up-{number:06d}_{language}.md"
        paths.append(out / name)
        paths[-1].write_text(text, encoding="utf-8")
    return paths


def state_names(paths: list[Path]) -> list[str]:
    """The States of generated files (from their names), English and Chinese, sorted."""
    codes = sorted({path.name.split("_")[2] for path in paths})
    return [states()[code].name(language) for code in codes for language in ("en", "zh")]


def count_chunks(paths: list[Path]) -> int:
    """Chunks the generated files give with the default (token-estimating) chunker."""
    from index.chunk import chunk_document

    return sum(len(chunk_document(parse_document(read_text(path), path.name))) for path in paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, required=True, help="total chunks to generate")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the files to")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same files)")
    parser.add_argument("--check", action="store_true", help="parse and chunk every file after")
    args = parser.parse_args(argv)
    try:
        paths = write_corpus(args.chunks, args.out, seed=args.seed)
    except ValueError as e:
        parser.error(str(e))
    print(f"wrote {len(paths)} files for {args.chunks} chunks to {args.out}")
    if args.check:
        found = count_chunks(paths)
        print(f"parsed and chunked: {found} chunks")
        return 0 if found == args.chunks else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
