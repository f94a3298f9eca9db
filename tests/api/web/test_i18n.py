"""Page words in two languages and picking the language of a request."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.web.i18n import PAGE_LABELS, known, language_from, text

TEMPLATES = Path(__file__).resolve().parents[3] / "api" / "web" / "templates"


@pytest.mark.parametrize(
    ("cookie", "header", "expected"),
    [
        (None, "zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        (None, "en-GB,en;q=0.9,zh;q=0.8", "en"),
        (None, "fr-FR,zh-TW;q=0.5", "zh"),
        (None, "en;q=0.3,zh;q=0.7", "zh"),
        (None, "fr", "en"),
        (None, None, "en"),
        ("zh", "en-US", "zh"),
        ("en", "zh-CN", "en"),
        ("xx", "zh-CN", "zh"),
    ],
)
def test_language_from_cookie_then_browser(
    cookie: str | None, header: str | None, expected: str
) -> None:
    """The cookie wins; else the browser's most wanted language we speak; else English."""
    assert language_from(cookie, header) == expected


def test_text_fills_counts_and_falls_back_to_file_labels() -> None:
    """Page words take fields; keys of the rota files' labels work too."""
    assert text("home.bad_file", "en", count=3).startswith("The file has 3 problem")
    assert "3" in text("home.bad_file", "zh", count=3)
    assert text("col.paid_hours", "zh") == "计薪工时"


def test_every_page_word_has_both_languages() -> None:
    """No page word is left empty in either language."""
    assert all(english and chinese for english, chinese in PAGE_LABELS.values())


def test_every_key_the_templates_use_exists() -> None:
    """Each t('...') in a template names a known word (a typo would fail at render time)."""
    keys = {
        key
        for page in TEMPLATES.glob("*.html")
        for key in re.findall(r"t\('([a-z_.]+)'", page.read_text(encoding="utf-8"))
    }
    assert keys
    assert sorted(key for key in keys if not known(key)) == []
