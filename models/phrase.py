"""A sentence the engine writes about a rota, kept as a key and its arguments so that every edge
can show it in the reader's language (``scheduler.phrases`` holds the words)."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = get_args(Lang)


class Phrase(BaseModel):
    """``key`` names a sentence; ``args`` fill its blanks, and may be phrases themselves (a
    person's reason inside a shortfall, a list of shift codes joined by "or")."""

    model_config = ConfigDict(frozen=True)

    key: str
    args: dict[str, str | int | Phrase] = Field(default_factory=dict)


def phrase(key: str, **args: str | int | Phrase) -> Phrase:
    """``phrase("reason.leave")``, ``phrase("short.head", on_duty=0, required=1)``."""
    return Phrase(key=key, args=args)
