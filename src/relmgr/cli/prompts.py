"""Questions asked on a terminal (questionary), never with --no-input or without a terminal."""

from __future__ import annotations


def text(question: str) -> str | None:
    import questionary

    return questionary.text(question).ask()


def select(question: str, candidates: list[tuple[int, str]]) -> int | None:
    import questionary

    choices = [questionary.Choice(f"#{cid} {label}", value=cid) for cid, label in candidates]
    return questionary.select(question, choices=choices).ask()
