"""Tests for the web UI in a real browser: Debian's chromium driven by playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa.config import Settings
from qa.engine import Engine
from tests.conftest import DATA, ROOT, seeded_data_dir
from tests.test_web import QUESTION, running_server

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "artifacts"
INJECTION = DATA / "injection_follow_up.md"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>window.__pwned=1</script>"
ANSWER_TIMEOUT_MS = 30_000
# Scroll the chat (not the page) so that the answer's first line shows in the screenshot.
SCROLL_TO_START = """element => {
  let box = element.parentElement;
  while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
  const top = element.getBoundingClientRect().top;
  if (box) box.scrollTop += top - box.getBoundingClientRect().top - 40;
}"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("QA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server_url(tmp_path_factory, browser):
    """The app over the seed plus a follow-up document full of HTML payloads."""
    data_dir = seeded_data_dir(tmp_path_factory, "browser")
    settings = Settings.from_env({"QA_DATA_DIR": str(data_dir)})
    report = Engine(settings).index([INJECTION], progress=False)
    assert not report.failed, report.failed
    with running_server(data_dir) as url:
        yield url


@pytest.fixture
def page(browser, server_url):
    """A fresh page on the app that records every dialog (alert, confirm...) it opens and every
    URL it requests."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.dialogs, page.requested = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: page.requested.append(request.url))
    page.goto(server_url)
    page.locator("#qa-question textarea").wait_for()
    yield page
    context.close()


def ask(page, question: str):
    """Type a question into the chat, submit it and wait for its answer; returns the answer."""
    answers = page.locator("#qa-chat .qa-answer")
    before = answers.count()
    page.locator("#qa-question textarea").fill(question)
    page.locator("#qa-ask").click()
    answers.nth(before).wait_for(timeout=ANSWER_TIMEOUT_MS)
    return answers.nth(before)


def test_chat_answers_with_citation(page):
    answer = ask(page, QUESTION)
    text = answer.inner_text()
    assert "para. 36" in text
    assert answer.locator("blockquote").count() >= 1
    assert answer.locator('a[href^="https://undocs.org/"]').count() >= 1
    assert "para. 36" in page.locator("#qa-sources").inner_text()
    page.wait_for_timeout(500)  # the chat's own autoscroll to the bottom comes first
    answer.evaluate(SCROLL_TO_START)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-answer.png"), full_page=True)


def test_the_page_requests_nothing_from_another_host(page, server_url):
    """Nothing leaves the machine from the browser either (fonts, scripts, analytics)."""
    ask(page, QUESTION)
    page.wait_for_timeout(500)
    assert page.requested
    foreign = [url for url in page.requested if not url.startswith((server_url, "data:", "blob:"))]
    assert foreign == []


def test_follow_up_uses_the_chat_history(page):
    ask(page, QUESTION)
    follow_up = ask(page, "and paragraph 60?")
    assert "para. 60" in follow_up.inner_text()


def test_empty_question_shows_an_error_not_a_trace(page):
    page.locator("#qa-ask").click()
    error = page.get_by_text("the question is empty")
    error.first.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert "Traceback" not in page.content()


def test_injected_html_is_shown_as_text(page):
    answer = ask(page, f"Were shelter inspections published? {IMG} {SCRIPT}")
    answer.wait_for()
    page.wait_for_timeout(500)  # give a payload that would run the time to run
    panels = "#qa-chat, #qa-sources"
    assert page.dialogs == []
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#qa-chat img[src='x'], #qa-sources img[src='x']").count() == 0
    assert page.locator("#qa-chat script, #qa-sources script").count() == 0
    chat = page.locator("#qa-chat").inner_text()
    sources = page.locator("#qa-sources").inner_text()
    assert IMG in chat and SCRIPT in chat  # the question, as typed
    assert IMG in sources and SCRIPT in sources  # the document's text, verbatim
    assert page.locator(panels).count() == 2


# The Documents tab and its administration panel

ADMIN_TOKEN = "browser-admin-token"
# A document whose source name (shown in the Documents tab) is itself an HTML payload.
HTML_SOURCE = f"{IMG}<script>window.__pwned=1;.md"


def open_documents(page):
    page.get_by_role("tab", name="Documents").click()
    table = page.locator("#qa-documents table")
    table.wait_for(timeout=ANSWER_TIMEOUT_MS)
    return table


def test_documents_tab_lists_documents_without_admin_components(page):
    table = open_documents(page)
    text = table.inner_text()
    assert "injection_follow_up.md" in text and "CMW/C/37/2/Add.9" in text
    assert "CMW_C_AZE_CO_3_follow-up-assessment_zh.md" in text
    for elem_id in ("qa-admin", "qa-admin-token", "qa-upload", "qa-remove", "qa-reindex"):
        assert page.locator(f"#{elem_id}").count() == 0
    assert page.locator("input[type=file], input[type=password]").count() == 0


@pytest.fixture(scope="module")
def admin_url(tmp_path_factory, browser):
    """The app with an admin token, over the seed and a document named with HTML."""
    data_dir = seeded_data_dir(tmp_path_factory, "browser-admin")
    named = tmp_path_factory.mktemp("html-name") / HTML_SOURCE
    named.write_bytes(INJECTION.read_bytes())
    settings = Settings.from_env({"QA_DATA_DIR": str(data_dir)})
    report = Engine(settings).index([named], progress=False)
    assert not report.failed, report.failed
    with running_server(data_dir, QA_ADMIN_TOKEN=ADMIN_TOKEN) as url:
        yield url


@pytest.fixture
def admin_page(browser, admin_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(admin_url)
    page.locator("#qa-question textarea").wait_for()
    yield page
    context.close()


def test_admin_uploads_and_removes_with_the_token(admin_page, tmp_path):
    page = admin_page
    table = open_documents(page)
    assert HTML_SOURCE in table.inner_text()  # the HTML source name, shown as text
    assert page.locator("#qa-documents img, #qa-documents script").count() == 0

    page.locator("#qa-admin-token input").fill("wrong token")
    page.locator("#qa-reindex").click()
    page.get_by_text("a valid admin token is required").first.wait_for(timeout=ANSWER_TIMEOUT_MS)

    upload = tmp_path / f"{IMG}.md"
    upload.write_bytes((DATA / "follow_up_en.md").read_bytes())
    page.locator("#qa-admin-token input").fill(ADMIN_TOKEN)
    page.locator("#qa-upload input[type=file]").set_input_files(str(upload))
    page.locator("#qa-upload").get_by_text(upload.name).first.wait_for()
    page.locator("#qa-index-uploads").click()
    status = page.locator("#qa-admin-status")
    status.get_by_text("Indexed").wait_for(timeout=120_000)
    source = status.inner_text().split(" as ", 1)[1].split(" ", 1)[0]
    assert source.endswith(".md") and len(source) == 35
    # Gradio drops "<" and ">" from an uploaded file's name; what is left is shown as text
    assert "img src=x onerror=alert(1).md" in status.inner_text()
    page.wait_for_function(
        "name => document.querySelector('#qa-documents').innerText.includes(name)", arg=source
    )

    page.locator("#qa-remove-source input").fill(source)
    page.get_by_role("option", name=source).click()
    page.locator("#qa-remove").click()
    status.get_by_text(f"Removed {source}").wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert source not in page.locator("#qa-documents").inner_text()
    page.wait_for_timeout(500)
    assert page.dialogs == []
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#qa-admin-status img, #qa-documents img").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-documents.png"), full_page=True)
