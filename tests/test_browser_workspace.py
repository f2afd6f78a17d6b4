"""The advocate's workspace in a real browser (Debian's chromium driven by playwright): the
verdict in view, copy buttons, exports, permalinks, the grades dashboard and the filters, over
the seed and follow-up assessments of two more States. Screenshots go to artifacts/."""

from __future__ import annotations

import csv
import io

import docx
import pytest

from qa.config import Settings
from qa.engine import Engine
from tests.conftest import DATA, seeded_data_dir
from tests.test_browser import ANSWER_TIMEOUT_MS, ARTIFACTS, ask, browser  # noqa: F401
from tests.test_web import QUESTION, running_server

pytestmark = pytest.mark.browser
FIXTURES = [DATA / "follow_up_en.md", DATA / "follow_up_ecu_en.md"]


@pytest.fixture(scope="module")
def server_url(tmp_path_factory, browser):  # noqa: F811
    data_dir = seeded_data_dir(tmp_path_factory, "browser-workspace")
    report = Engine(Settings.from_env({"QA_DATA_DIR": str(data_dir)})).index(
        FIXTURES, progress=False
    )
    assert not report.failed, report.failed
    with running_server(data_dir) as url:
        yield url


@pytest.fixture
def page(browser, server_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server_url)
    page = context.new_page()
    page.goto(server_url)
    page.locator("#qa-question textarea").wait_for()
    yield page
    context.close()


def _shot(page, name: str, **options) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), **options)


def _in_view(page, locator) -> bool:
    """True when the element's top is inside the chat's visible box."""
    return locator.evaluate(
        """element => {
          let box = element.parentElement;
          while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY))
            box = box.parentElement;
          const outer = box.getBoundingClientRect(), top = element.getBoundingClientRect().top;
          return top >= outer.top && top < outer.bottom - 20;
        }"""
    )


def test_the_verdict_is_in_view_when_the_answer_arrives(page):
    ask(page, QUESTION)
    second = ask(page, "and paragraph 60?")
    page.wait_for_timeout(800)  # the scroll to the new answer runs after it is shown
    verdicts = second.locator(".qa-verdicts")
    assert _in_view(page, verdicts)
    # each verdict with its own sub-items and grade (the seed's own words for each)
    parts = verdicts.locator(".qa-verdict").all_inner_texts()
    assert [part.split(":")[0] for part in parts] == ["60 (a)", "60 (b)(c)", "60 (d)"]
    assert "grade B" in parts[0] and "grade C" in parts[1] and "grade F" in parts[2]
    badge = verdicts.locator(".qa-grade-b").first
    assert badge.get_attribute("title").startswith("[B] partially implemented")
    # the chat's accessible labels are the messages' text, not their HTML
    labels = page.locator("#qa-chat [aria-label]").evaluate_all(
        "elements => elements.map(e => e.getAttribute('aria-label'))"
    )
    assert labels and not [label for label in labels if "<" in label]
    _shot(page, "workspace-verdict-in-view.png")


def test_copy_citation_puts_the_exact_citation_on_the_clipboard(page):
    answer = ask(page, QUESTION)
    answer.locator(".qa-copy").first.click()
    page.wait_for_timeout(300)
    assert page.evaluate("navigator.clipboard.readText()") == "CMW/C/AZE/CO/3, para. 36 (b)–(e)"
    answer.locator(".qa-copy-quote").first.click()
    page.wait_for_timeout(300)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "“委员会认为该建议尚未得到执行。” (CMW/C/AZE/CO/3, para. 36 (b)–(e))"
    page.locator("#qa-sources .qa-copy").first.click()
    page.wait_for_timeout(300)
    assert page.evaluate("navigator.clipboard.readText()").startswith("CMW/C/AZE/CO/3, para. ")
    _shot(page, "workspace-copied-citation.png")


def _export(page, fmt_label: str, button: str, suffix: str) -> bytes:
    page.locator("#qa-export-all").scroll_into_view_if_needed()
    page.get_by_label("Export format").click()
    page.get_by_role("option", name=fmt_label).click()
    page.locator(button).click()
    link = page.locator(f'#qa-export-file a.qa-download[download$=".{suffix}"]')
    link.wait_for(timeout=ANSWER_TIMEOUT_MS)
    with page.expect_download() as download:
        link.click()
    return open(download.value.path(), "rb").read()


def test_exports_open_and_contain_every_citation(page):
    answer = ask(page, QUESTION)
    cited = answer.locator(".qa-quote .qa-copy:not(.qa-copy-quote)").evaluate_all(
        "buttons => buttons.map(b => b.title)"
    )
    assert cited
    markdown = _export(page, "Markdown (.md)", "#qa-export-all", "md").decode("utf-8")
    assert all(citation in markdown for citation in cited)
    _shot(page, "workspace-export.png")
    rows = list(
        csv.DictReader(
            io.StringIO(
                _export(page, "CSV, a row per citation", "#qa-export-last", "csv").decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert {row["citation"] for row in rows} >= set(cited)
    document = docx.Document(io.BytesIO(_export(page, "Word (.docx)", "#qa-export-last", "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert all(citation in text for citation in cited)


def test_a_permalink_opens_the_highlighted_sub_item(page, server_url):
    answer = ask(page, QUESTION)
    link = answer.locator("a.qa-permalink").first
    assert link.get_attribute("href") == "/p/CMW/C/AZE/CO/3/36?items=bcde"
    page.goto(f"{server_url}/p/CMW/C/AZE/CO/3/36?items=b")
    mark = page.locator("mark#item-b")
    assert mark.inner_text().startswith("(b) 立即停止对儿童的移民拘留")
    assert page.locator(".qa-highlight").count() >= 2  # the recommendation and its assessment
    lineage = page.locator(".qa-lineage").inner_text()
    assert "Recommendation → State party's reply → Committee's assessment" in lineage
    mark.scroll_into_view_if_needed()
    _shot(page, "workspace-permalink.png")


def test_looking_up_a_sub_item_marks_it_in_the_paragraph(page):
    page.get_by_role("tab", name="Look up a paragraph").click()
    page.get_by_label("Reference").fill("CMW/C/AZE/CO/3 para. 36(b)")
    page.get_by_role("button", name="Look up").click()
    marked = page.locator("mark.qa-item")
    marked.first.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert marked.count() == 1 and marked.inner_text().startswith("(b) 立即停止对儿童的移民拘留")
    marked.scroll_into_view_if_needed()
    _shot(page, "workspace-lookup.png")


def test_the_api_page_renders_every_route_offline(page, server_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server_url}/docs")
    page.locator(".opblock").first.wait_for(timeout=ANSWER_TIMEOUT_MS)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/search", "/api/ask", "/api/export", "/healthz"} <= {p.strip() for p in paths}
    assert "Unable to render" not in page.content()
    assert all(url.startswith(server_url) for url in requested), requested
    _shot(page, "workspace-api-docs.png")


def test_the_dashboard_shows_each_state_and_opens_the_paragraph(page, server_url):
    page.get_by_role("tab", name="Where each State stands").click()
    chart = page.locator("#qa-grades-chart svg.qa-chart")
    chart.wait_for(timeout=ANSWER_TIMEOUT_MS)
    labels = chart.locator("text").evaluate_all("texts => texts.map(t => t.textContent)")
    assert {"Azerbaijan", "Ecuador", "Portugal"} <= set(labels)
    cells = chart.locator("a.qa-chart-cell")
    assert cells.count() == 10  # AZE: B C F, ECU: A B E, PRT: A B C D
    table = page.locator("#qa-grades-table table")
    assert table.locator("tbody tr").count() == 16
    table.get_by_role("button", name="Grade").click()
    first = table.locator("tbody tr").first.inner_text()
    assert "grade A" in first
    _shot(page, "workspace-dashboard.png", full_page=True)
    href = chart.locator('a.qa-chart-cell[data-group="Ecuador"][data-grade="E"]').get_attribute(
        "href"
    )
    page.goto(server_url + href)
    assert page.locator("h1").inner_text() == "CMW/C/ECU/CO/4, para. 44 (a)(b)"
    assert page.locator(".qa-highlight .qa-grade-e").count() == 1


def test_coverage_and_filters_offer_real_choices_that_change_results(page):
    line = page.locator("#qa-coverage .qa-coverage")
    line.wait_for(timeout=ANSWER_TIMEOUT_MS)  # filled when the page has loaded
    coverage = line.inner_text()
    assert "States: Azerbaijan, Ecuador, Portugal" in coverage and "Languages: en, zh" in coverage
    page.get_by_text("Filters").click()
    state = page.get_by_label("State party")
    state.click()
    options = [o.strip("✓\n ") for o in page.get_by_role("option").all_inner_texts()]
    assert options == ["Any State", "Azerbaijan", "Ecuador", "Portugal"]
    page.get_by_role("option", name="Portugal").click()
    answer = ask(page, "Were detained migrants told of their rights?")
    sources = page.locator("#qa-sources").inner_text()
    assert "CMW/C/PRT/CO/1" in sources and "CMW/C/AZE/CO/3" not in sources
    assert "CMW/C/PRT/CO/1" in answer.inner_text()
    grade = page.get_by_label("Grade")
    grade.click()
    assert [o.strip("✓\n ") for o in page.get_by_role("option").all_inner_texts()][:3] == [
        "Any grade",
        "[A] largely implemented",
        "[B] partially implemented",
    ]
    page.wait_for_timeout(400)  # the list fades in
    _shot(page, "workspace-filters.png")  # the grade choices open, the State filter set
    page.keyboard.press("Escape")


def _choose(page, label: str, option: str) -> None:
    page.get_by_label(label).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_a_date_range_changes_the_results(page):
    question = "Were detained migrants told of their rights?"
    page.get_by_text("Filters").click()
    page.get_by_label("From year").click()
    years = [o.strip("✓\n ") for o in page.get_by_role("option").all_inner_texts()]
    assert years == ["Any year (from)", "from 2023", "from 2024", "from 2026"]
    page.get_by_role("option", name="from 2023", exact=True).click()
    _choose(page, "To year", "to 2023")
    ask(page, question)
    sources = page.locator("#qa-sources").inner_text()
    assert "CMW/C/PRT/CO/1" in sources
    assert "CMW/C/AZE/CO/3" not in sources and "CMW/C/ECU/CO/4" not in sources
    _shot(page, "workspace-date-range.png", full_page=True)  # 2023 only: Portugal's sources
    _choose(page, "From year", "from 2026")
    _choose(page, "To year", "to 2026")
    answer = ask(page, question)
    sources = page.locator("#qa-sources").inner_text()
    assert "CMW/C/AZE/CO/3" in sources and "CMW/C/PRT/CO/1" not in sources
    assert "CMW/C/PRT/CO/1" not in answer.inner_text()
