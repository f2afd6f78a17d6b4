"""A conversation's turns as the front ends send them (Gradio messages, typed parts or plain
strings): the user's questions, and the last one understood for a follow-up."""

from __future__ import annotations

from collections.abc import Sequence

from qa.question import Question, analyze


def previous_question(history: Sequence) -> Question | None:
    """The last user turn of a chat history, resolved turn by turn; None for a new chat.

    `history` holds Gradio-style messages ({"role", "content"}) or plain user questions.
    """
    previous = None
    for turn in history or ():
        if isinstance(turn, dict):
            if turn.get("role") != "user":
                continue
            turn = turn.get("content")
        text = _message_text(turn)
        if text.strip():
            previous = analyze(text, previous)
    return previous


def _message_text(content) -> str:
    """Text of a message's content: a string, or Gradio 6 parts [{"type": "text", "text"}]."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return (content.get("text") or "") if content.get("type", "text") == "text" else ""
    if isinstance(content, list | tuple):
        return " ".join(_message_text(part) for part in content)
    return ""
