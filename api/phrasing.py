"""What the engine says about a rota, in the reader's language: structural gaps, their
suggestions, why coverage falls short, the rules a checked rota breaks, and its objective terms.
Reports stored before the engine kept its phrases only have the English text, shown as it is."""

from __future__ import annotations

from models import CoverageSlice, Lang, ObjectiveTerm, RuleBreak, StructuralGap
from scheduler.phrases import render, render_explanation


def gap_message(gap: StructuralGap, lang: Lang) -> str:
    """Which part of which window no shift covers, on which dates."""
    return gap.message if gap.message_phrase is None else render(gap.message_phrase, lang)


def gap_suggestion(gap: StructuralGap, lang: Lang) -> str:
    """What would close the gap."""
    return gap.suggestion if gap.suggestion_phrase is None else render(gap.suggestion_phrase, lang)


def shortfall_explanation(piece: CoverageSlice, lang: Lang) -> str:
    """Why a slice is short: who could have covered it, and what stopped each of them."""
    return render_explanation(piece.explained, lang) if piece.explained else piece.explanation


def break_message(broken: RuleBreak, lang: Lang) -> str:
    """Who breaks which rule when, and by how much."""
    if broken.message_phrase is None:
        return broken.message
    return render(broken.message_phrase, lang)


def term_explanation(term: ObjectiveTerm, lang: Lang) -> str:
    """What an objective term charges for: whose wish, which day, which spread."""
    if term.explanation_phrase is None:
        return term.explanation
    return render(term.explanation_phrase, lang)
