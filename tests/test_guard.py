"""Tests for qa.guard's pure parts: client-safe messages, history shapes, strict JSON, and what
a request past its time budget leaves running."""

import threading

import pytest

from index.domain.errors import BadRequest, IndexBusy, ParseError
from qa.guard import (
    RequestTimeout,
    Runner,
    check_history,
    parse_json_object,
    public_message,
)


@pytest.mark.parametrize(
    "error, shown",
    [
        (IndexBusy("/srv/qa/data is being indexed by process 4242; wait"), "another run"),
        (ParseError("/home/ana/data/uploads/x.pdf", "no text layer"), "x.pdf: no text layer"),
        (BadRequest("see http://127.0.0.1:8000/api/v2 and CMW/C/AZE/CO/3"), "CMW/C/AZE/CO/3"),
    ],
)
def test_public_message_shows_no_path_or_pid(error, shown):
    message = public_message(error)
    assert shown in message
    assert "/srv" not in message and "/home" not in message and "4242" not in message


def test_public_message_keeps_urls():
    message = public_message(BadRequest("cannot reach the Chroma server at http://h:8000/x"))
    assert message.endswith("http://h:8000/x")


def test_history_shapes():
    history = [
        "an earlier question",
        {"role": "user", "content": [{"type": "text", "text": "a"}, {"text": "b"}]},
        {"role": "assistant", "content": None},
    ]
    assert check_history(history) == [
        {"role": "user", "content": "an earlier question"},
        {"role": "user", "content": "a\nb"},
        {"role": "assistant", "content": ""},
    ]
    with pytest.raises(BadRequest, match="text only, not 'component' parts"):
        check_history([{"role": "user", "content": [{"type": "component", "value": {}}]}])


@pytest.mark.parametrize(
    "body, message",
    [
        (b'{"a": 1e999}', None),  # a finite literal overflowing to inf is left to the schema
        (b'{"\\ud800": 1}', "lone surrogate"),
        (b'{"a": [NaN]}', "NaN is not a JSON number"),
    ],
)
def test_strict_json(body, message):
    if message is None:
        assert parse_json_object(body) == {"a": float("inf")}
    else:
        with pytest.raises(BadRequest, match=message):
            parse_json_object(body)


def test_a_call_past_its_budget_leaves_at_most_the_pool_running():
    """Timed-out calls: running ones finish on their threads, queued ones never start."""
    runner = Runner(seconds=0.5, workers=1)
    release, started = threading.Event(), []

    def slow(name):
        started.append(name)
        release.wait(10)

    with pytest.raises(RequestTimeout, match="longer than 0.5 s"):
        runner.run(slow, "first")
    assert started == ["first"]  # still running on the pool's one thread
    with pytest.raises(RequestTimeout):
        runner.run(slow, "queued")  # waits behind the first, then is dropped
    release.set()
    assert runner.run(lambda: "free again") == "free again"
    assert started == ["first"]
