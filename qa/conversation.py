"""A conversation's turns as the front ends send them (Gradio messages, typed parts or plain
strings): the user's questions, and the last one understood for a follow-up."""

from __future__ import annotations

from collections.abc import Sequence

from qa.guard import check_history
from qa.question import Question, analyze
from qa.render import question_of


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


def chat_questions(history: list[dict] | None) -> list[str]:
    """The questions the user typed, in order, from the Chatbot's (escaped HTML) messages."""
    return [
        question_of(message["content"])
        for message in check_history(history, "the chat")
        if message["role"] == "user"
    ]
