"""The engine's sentences: both languages fill the same blanks, lists and weekdays read well."""

from __future__ import annotations

from string import Formatter

import pytest

from models import phrase
from scheduler.phrases import TEMPLATES, joined, render, render_explanation, weekdays


def blanks(template: str) -> set[str]:
    """The names of a template's blanks."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_both_languages_fill_the_same_blanks(key: str) -> None:
    """A phrase written in Chinese needs exactly the arguments its English needs."""
    english, chinese = TEMPLATES[key]
    assert blanks(english) == blanks(chinese)


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_chinese_has_no_english_words(key: str) -> None:
    """Outside its blanks and codes, the Chinese text has no Latin words left over."""
    _, chinese = TEMPLATES[key]
    literal = "".join(text for text, _, _, _ in Formatter().parse(chinese))
    assert not any("a" <= char.lower() <= "z" for char in literal)


def test_lists_join_in_each_language() -> None:
    """Shift codes joined by "or" and "and"."""
    assert render(joined("or", ["A", "B"]), "en") == "A or B"
    assert render(joined("or", ["A", "B"]), "zh") == "A或B"
    assert render(joined("and", ["A", "C"]), "en") == "A and C"


def test_weekdays_read_compactly() -> None:
    """Every day, a run of weekdays, and scattered days, in English and Chinese."""
    assert render(weekdays(frozenset(range(7))), "en") == "Mon-Sun"
    assert render(weekdays(frozenset(range(7))), "zh") == "周一至周日"
    assert render(weekdays(frozenset(range(5))), "zh") == "周一至周五"
    assert render(weekdays(frozenset({5, 6})), "en") == "Sat,Sun"
    assert render(weekdays(frozenset({5, 6})), "zh") == "周六、周日"


def test_explanation_joins_head_and_parts() -> None:
    """A head alone, and a head with parts, with each language's punctuation."""
    head = phrase("short.head", on_duty=0, required=1)
    leave = phrase("short.person", person="S2 张伟", reason=phrase("reason.leave"))
    assert render_explanation((head,), "en") == "0 of 1 on duty"
    assert render_explanation((head, leave), "en") == "0 of 1 on duty; S2 张伟 on approved leave"
    assert render_explanation((head, leave), "zh") == "在岗 0 人，需 1 人；S2 张伟已批准休假"
    assert render_explanation((), "zh") == ""
