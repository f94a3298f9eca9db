"""The engine's sentences about a rota in English and Chinese, by key.

The engine keeps what it says as ``Phrase`` values (a key and arguments); ``render`` writes one in
either language. The English text stored beside each phrase in a report is this same rendering,
so the two never drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.calendar import WEEKDAY_NAMES_ZH, format_weekdays
from models.phrase import Lang, Phrase, phrase

TEMPLATES: dict[str, tuple[str, str]] = {
    # structural gaps
    "gap": (
        "{span} on {dates} ({requirement}): no shift type covers this time, "
        "so it stays uncovered on {days}",
        "{dates} {span}（{requirement}）：没有任何班次覆盖这段时间，{days}无人在岗",
    ),
    "gap.who": (
        "{span} on {dates} ({requirement}): no shift type that someone with {who} may work "
        "covers this time, so it stays uncovered on {days}",
        "{dates} {span}（{requirement}）：{who}的人员可上的班次都不覆盖这段时间，{days}无人在岗",
    ),
    "days.one": ("1 day", "共 1 天"),
    "days.many": ("{count} days", "共 {count} 天"),
    "who.skill": ("skill {skill}", "具备技能「{skill}」"),
    "who.team": ("team {team}", "属于「{team}」组"),
    "who.both": ("skill {skill} and team {team}", "具备技能「{skill}」且属于「{team}」组"),
    "shift": ("{code} ({span})", "{code}（{span}）"),
    "suggest.nobody": (
        "Nobody has {who}: add someone who does, or change the requirement.",
        "没有{who}的人员：请增加这样的人员，或修改覆盖要求。",
    ),
    "suggest.allow": (
        "Allow someone with {who} to work {shifts}, or add a shift type they may work "
        "that covers {span}.",
        "允许{who}的人员上{shifts}，或增加一个他们可上、覆盖 {span} 的班次。",
    ),
    "suggest.allow_anyone": (
        "Allow someone to work {shifts}, or add a shift type they may work that covers {span}.",
        "允许有人上{shifts}，或增加一个可上、覆盖 {span} 的班次。",
    ),
    "suggest.add": ("Add a shift type that covers {span}.", "增加一个覆盖 {span} 的班次。"),
    "suggest.extend": (
        "Extend shift {shift} to {clock}, or add a shift type that covers {span}.",
        "将班次 {shift}延长到 {clock}，或增加一个覆盖 {span} 的班次。",
    ),
    "suggest.start": (
        "Start shift {shift} at {clock}, or add a shift type that covers {span}.",
        "将班次 {shift}提前到 {clock} 开始，或增加一个覆盖 {span} 的班次。",
    ),
    # shortfalls
    "short.head": ("{on_duty} of {required} on duty", "在岗 {on_duty} 人，需 {required} 人"),
    "short.structural": (
        "no shift covers this time (structural gap)",
        "没有班次覆盖这段时间（结构性缺口）",
    ),
    "short.nobody_else": (
        "nobody else counts for this requirement",
        "没有其他人符合这项要求",
    ),
    "short.person": ("{person} {reason}", "{person}{reason}"),
    "reason.leave": ("on approved leave", "已批准休假"),
    "reason.pinned_off": ("pinned off", "已固定为休息"),
    "reason.may_not_work": ("may not work {codes}", "不可上 {codes} 班"),
    "reason.free": (
        "was free to work {code} on {date} (no single rule prevents it)",
        "在 {date} 本可上 {code} 班（没有哪一条规则单独阻止）",
    ),
    "reason.clash": ("works {codes} that day", "当天已上 {codes} 班"),
    "reason.every_day": (
        "would then work every day of the cyclic rota",
        "那样将在循环班表的每一天上班",
    ),
    "reason.in_a_row": ("already works {days} days in a row", "已连续上班 {days} 天"),
    "reason.too_long": (
        "would work {length} days in a row (at most {limit})",
        "将连续上班 {length} 天（最多 {limit} 天）",
    ),
    "reason.rest_after": (
        "would rest only {rest} after {code} on {date}",
        "距 {date} 的 {code} 班结束只休息 {rest}",
    ),
    "reason.rest_before": (
        "would rest only {rest} before {code} on {date}",
        "距 {date} 的 {code} 班开始只休息 {rest}",
    ),
    "reason.weekly": (
        "would be paid {paid} in the week from {week} (at most {limit})",
        "在 {week} 起的一周计薪将达 {paid}（最多 {limit}）",
    ),
}
"""Key → (English, Chinese). Blanks are the phrase's arguments."""

_JOINS: dict[str, tuple[str, str]] = {"or": (" or ", "或"), "and": (" and ", "和")}
"""Keys whose arguments ``0``, ``1``, ... are joined, in order, by these words."""

_SEPARATORS: tuple[tuple[str, str], tuple[str, str]] = (("; ", ", "), ("；", "，"))
"""Between the head of an explanation and its parts, and between the parts."""


def joined(key: str, items: Sequence[str | Phrase]) -> Phrase:
    """Items joined by "or" or "and": ``joined("or", ["A", "B"])`` reads "A or B"."""
    return Phrase(key=key, args={str(index): item for index, item in enumerate(items)})


def weekdays(days: frozenset[int]) -> Phrase:
    """A set of weekdays, written compactly: ``Mon-Sun``, ``Mon-Fri``, ``Sat,Sun``."""
    return phrase("weekdays", days="".join(str(day) for day in sorted(days)))


def render(said: Phrase, lang: Lang) -> str:
    """The phrase written out in ``lang``."""
    column = 1 if lang == "zh" else 0
    args = {
        name: render(value, lang) if isinstance(value, Phrase) else value
        for name, value in said.args.items()
    }
    if said.key in _JOINS:
        return _JOINS[said.key][column].join(str(args[str(i)]) for i in range(len(args)))
    if said.key == "weekdays":
        days = frozenset(int(day) for day in str(args["days"]))
        if lang == "zh":
            return format_weekdays(days, WEEKDAY_NAMES_ZH, through="至", separator="、")
        return format_weekdays(days)
    return TEMPLATES[said.key][column].format(**args)


def render_explanation(parts: tuple[Phrase, ...], lang: Lang) -> str:
    """A head and its parts, e.g. "0 of 1 on duty; S2 on approved leave, S3 pinned off"."""
    if not parts:
        return ""
    between_head, between_parts = _SEPARATORS[1 if lang == "zh" else 0]
    head, *rest = (render(part, lang) for part in parts)
    return head + between_head + between_parts.join(rest) if rest else head
