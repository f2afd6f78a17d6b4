"""The browser-side behaviour of the app's own HTML, as script text (no remote code): copy
buttons, sortable tables, and the chat scrolled to the start of a new answer."""

from qa.guard import ADMIN_COOKIE

# The token field stores what is typed in a cookie, so that the browser's uploads to Gradio
# (which carry no other credentials) pass qa.guard's check; Strict: never sent cross-site.
TOKEN_COOKIE_JS = (
    "(token) => { document.cookie = `" + ADMIN_COOKIE + "=${encodeURIComponent(token || '')}; "
    "path=/; SameSite=Strict`; return []; }"
)

# One listener on the document: buttons inside Gradio's HTML and the chat come and go.
COPY_JS = """
(() => {
  if (window.__qaCopy) return; window.__qaCopy = true;
  const copy = async (text) => {
    try { await navigator.clipboard.writeText(text); return true; } catch (e) {
      const area = document.createElement('textarea'); area.value = text;
      document.body.appendChild(area); area.select();
      const done = document.execCommand('copy'); area.remove(); return done;
    }
  };
  document.addEventListener('click', async (event) => {
    const button = event.target.closest && event.target.closest('.qa-copy');
    if (button) {
      event.preventDefault();
      if (await copy(button.dataset.copy || button.title || '')) {
        const label = button.textContent; button.classList.add('qa-copied');
        button.textContent = 'Copied';
        setTimeout(() => {
          button.textContent = label; button.classList.remove('qa-copied');
        }, 1500);
      }
      return;
    }
    const sort = event.target.closest && event.target.closest('.qa-sort');
    if (sort) {
      const table = sort.closest('table'); const column = +sort.dataset.column;
      const body = table.tBodies[0]; const rows = [...body.rows];
      const down = sort.dataset.order !== 'asc'; sort.dataset.order = down ? 'asc' : 'desc';
      const key = (row) => { const cell = row.cells[column];
        return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim(); };
      const order = (a, b) => key(a).localeCompare(key(b), undefined, {numeric: true});
      rows.sort((a, b) => order(a, b) * (down ? 1 : -1));
      rows.forEach((row) => body.appendChild(row));
    }
  });
})();
"""

# After an answer arrives: bring the start of the last answer to the top of the chat's
# scrolling box, so its first line (the verdict) is what the reader sees.
SCROLL_TO_ANSWER_JS = """
() => { setTimeout(() => {
  const answers = document.querySelectorAll('#qa-chat .qa-answer');
  const answer = answers[answers.length - 1]; if (!answer) return;
  let box = answer.parentElement;
  while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
  const top = answer.getBoundingClientRect().top;
  // 44 px: below the chat's floating "Answers" label
  if (box) box.scrollTop += top - box.getBoundingClientRect().top - 44;
}, 150); }
"""

# Gradio labels each chat message with its content, which is our HTML: screen readers would
# read the markup. Replace such labels with the message's text.
ARIA_JS = """
(() => {
  const clean = () => document.querySelectorAll('#qa-chat [aria-label*="<"]').forEach((el) => {
    el.setAttribute('aria-label', (el.innerText || '').trim().slice(0, 300));
  });
  new MutationObserver(clean).observe(document.body, {subtree: true, childList: true});
})();
"""

# Run once when the app's page loads (gr.Blocks(js=...)).
PAGE_JS = COPY_JS + ARIA_JS
