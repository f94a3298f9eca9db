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
        "{dates} {span}（{requirement}）：没有任何班次覆盖这段时间，共 {days}无人在岗",
    ),
    "gap.who": (
        "{span} on {dates} ({requirement}): no shift type that someone with {who} may work "
        "covers this time, so it stays uncovered on {days}",
        "{dates} {span}（{requirement}）：{who}的人员可上的班次都不覆盖这段时间，共 {days}无人在岗",
    ),
    "days.one": ("1 day", "1 天"),
    "days.many": ("{count} days", "{count} 天"),
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
    # rule breaks of a checked rota
    "break.unknown": (
        "Assignment of {shift} to {staff} on {date} names {problems}; it is ignored",
        "{date} 给 {staff} 排的 {shift} 班含有{problems}，已忽略",
    ),
    "unknown.staff": ("unknown staff id {value}", "未知工号 {value}"),
    "unknown.shift": ("unknown shift code {value}", "未知班次代码 {value}"),
    "unknown.date": (
        "a date outside the horizon {start} to {end}",
        "排班期 {start} 至 {end} 以外的日期",
    ),
    "break.not_allowed_shift": (
        "{who} works {code} on {date} but may only work {allowed}",
        "{who}在 {date} 上 {code} 班，但只可上 {allowed}",
    ),
    "break.approved_leave": (
        "{who} works {codes} on {date}, a day of approved leave",
        "{who}在已批准休假的 {date} 上 {codes} 班",
    ),
    "break.pinned_off": (
        "{who} is pinned off on {date} but works {codes}",
        "{who}在 {date} 固定为休息，却上了 {codes} 班",
    ),
    "break.pinned_to": (
        "{who} is pinned to {shift} on {date} but does not work it",
        "{who}在 {date} 固定上 {shift} 班，却没有上",
    ),
    "clash.twice": ("{code} twice", "{code} 两次"),
    "clash.with": ("{first} with {second}", "{first} 与 {second}"),
    "break.one_shift_per_day": (
        "{who} works {codes} on {date}; not allowed on one day: {clashes}",
        "{who}在 {date} 上 {codes} 班；同一天不允许：{clashes}",
    ),
    "break.min_rest": (
        "{who} has {rest} rest between {first} on {first_date} (ends {ends}) and {second} on "
        "{second_date} (starts {starts}); at least {min_rest} required",
        "{who}在 {first_date} 的 {first} 班（{ends} 结束）与 {second_date} 的 {second} 班"
        "（{starts} 开始）之间只休息 {rest}；至少需要 {min_rest}",
    ),
    "break.endless": (
        "{who} {what} every day of the cyclic rota, a run without end; "
        "at most {limit} in a row allowed",
        "{who}在循环班表中每天{what}，没有尽头；最多允许连续 {limit} 天",
    ),
    "break.too_long": (
        "{who} {what} {days} in a row {dates}; at most {limit} allowed",
        "{who}{dates} 连续{what} {days}；最多允许 {limit} 天",
    ),
    "break.too_short": (
        "{who} {what} only {days} in a row {dates}; at least {limit} required",
        "{who}{dates} 只连续{what} {days}；至少需要 {limit} 天",
    ),
    "what.works": ("works", "上班"),
    "what.days_off": ("has days off", "休息"),
    "what.works_shift": ("works {shift}", "上 {shift} 班"),
    "run.dates": ("from {start} to {end}", "从 {start} 到 {end}"),
    "week": ("the week {start} to {end}", " {start} 至 {end} 这一周"),
    "break.min_days_off_per_week": (
        "{who} has {days} off in {week}; at least {limit} required",
        "{who}在{week}只休息 {days}；至少需要 {limit} 天",
    ),
    "break.max_hours_per_week": (
        "{who} is paid {paid} in {week}; at most {limit} allowed",
        "{who}在{week}计薪 {paid}；最多允许 {limit}",
    ),
    "break.min_hours_per_week": (
        "{who} is paid {paid} plus {credit} leave credit in {week}; at least {limit} required",
        "{who}在{week}计薪 {paid}，另有休假折算 {credit}；至少需要 {limit}",
    ),
    "break.max_weekends": (
        "{who} works {count} weekends; at most {limit} allowed "
        "(the weekend of {date} is one too many)",
        "{who}上了 {count} 个周末的班；最多允许 {limit} 个（{date} 那个周末超出）",
    ),
    "break.min_total_hours": (
        "{who} is paid {paid} over the rota; at least {limit} required",
        "{who}在整个排班期计薪 {paid}；至少需要 {limit}",
    ),
    "break.max_total_hours": (
        "{who} is paid {paid} over the rota; at most {limit} allowed",
        "{who}在整个排班期计薪 {paid}；最多允许 {limit}",
    ),
    "break.max_shifts": (
        "{who} works {code} {count} times; at most {limit} allowed",
        "{who}上了 {count} 次 {code} 班；最多允许 {limit} 次",
    ),
    "break.forbidden_sequence": (
        "{who} works {sequence} from {date}; this sequence is forbidden",
        "{who}从 {date} 起依次上 {sequence}；这一顺序是禁止的",
    ),
    "word.day_off": ("day off", "休息"),
    "word.off": ("off", "休息"),
    "break.shift_demand": (
        "{count} work {shift} on {date}; {requirement} required",
        "{date} 上 {shift} 班的有 {count} 人；要求 {requirement}",
    ),
    "break.rotation": (
        "{who} works {codes} on {date}, but the rotation has {pattern} there "
        "({first} on {pattern_date})",
        "{who}在 {date} 上 {codes}，但轮换表此处为 {pattern}（{first}在 {pattern_date}）",
    ),
    # objective terms of a checked rota
    "term.uncovered": (
        "{requirement} on {date}: {amount} person-minutes below min {limit} ({spans})",
        "{date} {requirement}：低于最少 {limit} 人共 {amount} 人·分钟（{spans}）",
    ),
    "term.overstaffed": (
        "{requirement} on {date}: {amount} person-minutes above max {limit} ({spans})",
        "{date} {requirement}：超出最多 {limit} 人共 {amount} 人·分钟（{spans}）",
    ),
    "term.demand": (
        "{requirement} on {date}: {count} work {shift}",
        "{date} {requirement}：{count} 人上 {shift} 班",
    ),
    "term.request": ("{who} {wish} on {date}: not granted", "{who}在 {date} {wish}：未能满足"),
    "wish.work": ("wants to work", "想上班"),
    "wish.day_off": ("wants the day off", "想休息"),
    "wish.shift": ("wants {shift}", "想上 {shift} 班"),
    "wish.not_shift": ("does not want {shift}", "不想上 {shift} 班"),
    "term.requested_leave": (
        "{who} works on {date}, a day of requested leave",
        "{who}在申请休假的 {date} 上班",
    ),
    "term.spread": (
        "{team}: {what} ranges from {low} ({low_id}) to {high} ({high_id})",
        "{team}：{what}从 {low}（{low_id}）到 {high}（{high_id}）不等",
    ),
    "team": ("team {team}", "「{team}」组"),
    "team.none": ("staff without a team", "未分组的员工"),
    "what.hours": (
        "paid time (with leave credit) against contract",
        "计薪工时（含休假折算）与合同之差",
    ),
    "what.weekends": ("weekends worked", "周末出勤数"),
    "what.late": ("late shifts", "晚班数"),
    "term.shift_change": (
        "{who} changes from {first} on {first_date} to {second} on {second_date}",
        "{who}从 {first_date} 的 {first} 班换到 {second_date} 的 {second} 班",
    ),
    "term.backward_rotation": (
        "{who} rotates backward from {first} ({first_span}) on {first_date} "
        "to {second} ({second_span}) on {second_date}",
        "{who}从 {first_date} 的 {first}（{first_span}）倒转到 {second_date} 的 "
        "{second}（{second_span}）",
    ),
    "term.isolated_work_day": (
        "{who} works {date} alone between days off",
        "{who}在 {date} 上班，前后两天都休息",
    ),
    "term.isolated_day_off": (
        "{who} has a single day off on {date} between working days",
        "{who}只在 {date} 休息一天，前后两天都上班",
    ),
}
"""Key → (English, Chinese). Blanks are the phrase's arguments."""

_JOINS: dict[str, tuple[str, str]] = {
    "or": (" or ", "或"),
    "and": (" and ", "和"),
    "list": (", ", "、"),
    "then": (" → ", " → "),
}
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
