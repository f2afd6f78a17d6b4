"""What the server lets in and out: body size and time bounds, the shapes of chat history and
text inputs, strict JSON, and messages fit for a stranger (no server paths, no process ids).

The front ends (qa.api, qa.web) use it; it imports no web framework but Starlette's ASGI
types, so the one module importing gradio stays qa.web.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import math
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from http.cookies import CookieError, SimpleCookie
from urllib.parse import unquote

from index.domain.errors import BadRequest, IndexBusy, QAError
from qa.config import MAX_BODY_BYTES, MAX_HISTORY_CHARS, MAX_HISTORY_TURNS, Settings

log = logging.getLogger(__name__)
ROLES = ("user", "assistant")
GRADIO_UPLOAD = "/gradio_api/upload"
# Gradio routes the app never uses that fetch URLs for a client (an outbound call) or take
# files without credentials (screen recordings, processed with ffmpeg).
REFUSED_ROUTES = ("/gradio_api/proxy=", "/gradio_api/process_recording")
# Set by the Documents tab's token field (qa.web) so the browser's uploads carry the token.
ADMIN_COOKIE = "qa_admin_token"
BUSY = (
    "the index is being indexed by another run right now; try again when it has finished "
    "(one upload, removal or re-index at a time)"
)
# An absolute path: a slash not part of a URL or a relative path, then at least one more part.
ABSOLUTE_PATH = re.compile(r"(?<![\w:/.])/(?:[^\s/'\"]+/)+([^\s/'\",;)]+)")
PROCESS_ID = re.compile(r"\bprocess \d+\b")


class RequestTimeout(QAError):
    """A request that ran past Settings.request_seconds (answered 503)."""


def public_message(error: BaseException) -> str:
    """An error's message as a client may see it: no absolute server path, no process id."""
    if isinstance(error, IndexBusy):
        return BUSY
    text = ABSOLUTE_PATH.sub(lambda match: match.group(1), str(error))
    return PROCESS_ID.sub("another process", text)


def too_large_body(limit: int) -> str:
    """The one-line refusal of a request body over MAX_BODY_BYTES."""
    return f"the request body is larger than {limit / 2**20:g} MB, the limit; send less"


def check_text(value, what: str) -> str:
    """A text input as a client sent it: a string whose characters UTF-8 can encode."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadRequest(f"{what} must be text, got {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise BadRequest(f"{what} holds a lone surrogate (\\u{ord(value[e.start]):04x})") from e
    return value


def check_whole(value, what: str) -> int | None:
    """A number input as a whole number (a widget sends floats); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRequest(f"{what} must be a whole number, got {type(value).__name__}")
    if not math.isfinite(value) or value != int(value):
        raise BadRequest(f"{what} must be a whole number, got {value!r}")
    return int(value)


def check_history(history, what: str = "history") -> list[dict]:
    """A chat history as [{"role", "content": text}]: plain strings are user turns, message
    content is text or text parts; files, components and other shapes are refused.

    Raises BadRequest past MAX_HISTORY_TURNS messages or MAX_HISTORY_CHARS characters.
    """
    if history is None:
        return []
    if not isinstance(history, list | tuple):
        raise BadRequest(f"{what} must be a list of messages, got {type(history).__name__}")
    if len(history) > MAX_HISTORY_TURNS:
        raise BadRequest(
            f"{what} has {len(history):,} messages; the limit is {MAX_HISTORY_TURNS:,}: "
            "start a new conversation"
        )
    turns = [_turn(turn, f"{what}[{i}]") for i, turn in enumerate(history)]
    total = sum(len(turn["content"]) for turn in turns)
    if total > MAX_HISTORY_CHARS:
        raise BadRequest(
            f"{what} holds {total:,} characters; the limit is {MAX_HISTORY_CHARS:,}: "
            "start a new conversation"
        )
    return turns


def _turn(turn, where: str) -> dict:
    if isinstance(turn, str):
        return {"role": "user", "content": check_text(turn, where)}
    if not isinstance(turn, dict):
        raise BadRequest(f"{where} must be a message or a string, got {type(turn).__name__}")
    role = turn.get("role")
    if role not in ROLES:
        raise BadRequest(f"{where}.role must be one of {', '.join(ROLES)}, got {role!r}")
    return {"role": role, "content": _content(turn.get("content"), f"{where}.content")}


def _content(content, where: str) -> str:
    """Message content as text: a string, a text part, or a list of text parts."""
    if content is None or isinstance(content, str):
        return check_text(content, where)
    if isinstance(content, list | tuple):
        return "\n".join(_content(part, f"{where}[{i}]") for i, part in enumerate(content))
    if isinstance(content, dict):
        kind = content.get("type", "text")
        if kind != "text":
            raise BadRequest(f"{where}: a chat message may hold text only, not {kind!r} parts")
        return check_text(content.get("text"), f"{where}.text")
    raise BadRequest(f"{where} must be text, got {type(content).__name__}")


def parse_json_object(body: bytes) -> dict:
    """A request body as a JSON object: strict UTF-8, no NaN or Infinity, no lone surrogate."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadRequest(f"the body is not UTF-8 (byte {e.start}); send UTF-8 JSON") from e
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as e:
        raise BadRequest(f"the body is not JSON ({e.msg} at character {e.pos})") from e
    if not isinstance(value, dict):
        raise BadRequest(f"the body must be a JSON object, got {type(value).__name__}")
    _check_strings(value)
    return value


def _refuse_constant(name: str):
    raise BadRequest(f"{name} is not a JSON number; send a finite number")


def _check_strings(value, where: str = "body") -> None:
    """Refuse a lone surrogate anywhere in a parsed JSON value (keys included)."""
    if isinstance(value, str):
        check_text(value, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key, where)
            _check_strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_strings(item, f"{where}[{i}]")


class Runner:
    """Engine calls on a bounded pool, each answered within a time budget.

    A call past its budget raises RequestTimeout: a queued call is dropped, a running one
    finishes on its thread (its inputs are bounded), so at most `workers` calls outlive
    their requests.
    """

    def __init__(self, seconds: float, workers: int):
        self.seconds = seconds
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="qa-engine")

    def run(self, call: Callable, *args, **kwargs):
        """Run `call` from a worker thread (a Gradio handler) within the budget."""
        future = self.pool.submit(call, *args, **kwargs)
        try:
            return future.result(timeout=self.seconds)
        except FutureTimeout:
            raise self._timeout(future) from None

    async def arun(self, call: Callable, *args, **kwargs):
        """Run `call` from the event loop (a JSON route) within the budget."""
        future = self.pool.submit(call, *args, **kwargs)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.seconds)
        except TimeoutError:
            raise self._timeout(future) from None

    def _timeout(self, future: Future) -> RequestTimeout:
        dropped = future.cancel()
        log.warning("request past %.3g s: %s", self.seconds, "dropped" if dropped else "abandoned")
        return RequestTimeout(
            f"the request took longer than {self.seconds:g} s (QA_REQUEST_SECONDS) and was "
            "stopped; the server is busy or the question too broad: try again"
        )


class Guard:
    """ASGI middleware in front of the whole app (JSON routes and Gradio).

    It bounds every body, lets only the admin upload to Gradio, refuses Gradio's fetching of
    URLs, and turns an unexpected error into a 500 JSON without dropping the connection.
    """

    def __init__(self, app, settings: Settings, body_limit: int = MAX_BODY_BYTES):
        self.app = app
        self.settings = settings
        self.body_limit = body_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracked(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            refusal = self._refusal(scope)
            if refusal:
                return await _answer(send, *refusal)
            if not self._is_upload(scope):
                receive = await self._buffered(scope, receive)
                if receive is None:
                    return await _answer(send, 413, too_large_body(self.body_limit))
            await self.app(scope, receive, tracked)
        except Exception:
            log.exception("internal error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await _answer(send, 500, "internal error")

    def _refusal(self, scope) -> tuple[int, str] | None:
        """(status, message) for a request refused by its path or credentials alone."""
        path = scope.get("path", "")
        fetches = "/gradio_api/file=" in path and "://" in path
        if fetches or any(route in path for route in REFUSED_ROUTES):
            return 403, "not served here: this server fetches no URL and takes no recording"
        if path.endswith(GRADIO_UPLOAD):
            if not self.settings.admin_token:
                return 404, "Not Found"
            if not token_matches(_token(scope), self.settings.admin_token):
                return 401, "a valid admin token is required to upload: enter QA_ADMIN_TOKEN"
        return None

    def _is_upload(self, scope) -> bool:
        """Uploads stream under QA_MAX_FILE_MB, bounded where they are read."""
        path = scope.get("path", "")
        return path.endswith(GRADIO_UPLOAD) or path == "/api/documents"

    async def _buffered(self, scope, receive):
        """A receive replaying the whole body, read up to the limit; None past it."""
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.body_limit:
            return None
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return _replay([message], receive)
            size += len(message.get("body", b""))
            if size > self.body_limit:
                return None
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        whole = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        return _replay([whole], receive)


def _replay(messages: list[dict], receive):
    async def replay():
        return messages.pop(0) if messages else await receive()

    return replay


def _token(scope) -> str | None:
    """The admin token a request carries: `Authorization: Bearer` or the UI's cookie."""
    headers = {}
    for name, value in scope.get("headers") or ():
        headers.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
    scheme, _, given = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and given.strip():
        return given.strip()
    try:
        cookie = SimpleCookie(headers.get("cookie", ""))
    except CookieError:
        return None
    morsel = cookie.get(ADMIN_COOKIE)
    return unquote(morsel.value) if morsel else None


async def _answer(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def token_matches(given: str | None, expected: str | None) -> bool:
    """Whether `given` is the admin token (constant time); never true when none is set."""
    if not expected or given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
