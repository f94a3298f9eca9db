"""The roster format: its sheets, their columns and the rows of the Rules and Weights sheets.

One table serves the reader (which headers it accepts), the writers (which headers they write) and
the template (what each column means, in English and Chinese).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its English header, the Chinese header and other accepted spellings."""

    key: str
    zh: str
    meaning: str
    meaning_zh: str
    example: str = ""
    required: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header that names this column."""
        return (self.key, self.zh, *self.aliases)


@dataclass(frozen=True)
class Sheet:
    """A sheet of the roster workbook (or a CSV file of the roster folder)."""

    name: str
    zh: str
    meaning: str
    meaning_zh: str
    columns: tuple[Column, ...]
    required: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every sheet name (and CSV file stem) that names this sheet."""
        return (self.name, self.zh, *self.aliases)

    @property
    def csv_name(self) -> str:
        """The file name of this sheet in a roster folder, e.g. ``staff.csv``."""
        return f"{self.name.lower()}.csv"

    def column(self, key: str) -> Column:
        """The column with this key."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


@dataclass(frozen=True)
class Setting:
    """A row of the Rules or Weights sheet: a name in the first column, its value in the second."""

    key: str
    zh: str
    meaning: str
    meaning_zh: str
    example: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every name that names this setting."""
        return (self.key, self.zh, *self.aliases)


def normalise(text: str) -> str:
    """A header or name reduced for matching: ``Min Hours-Week (h)`` → ``min_hours_week``."""
    text = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", text.strip())
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


IGNORED_HEADERS = frozenset(normalise(h) for h in ("note", "notes", "comment", "comments", "备注"))
"""Columns any sheet may carry for the users' own remarks; the reader skips them."""

STAFF_ID = Column(
    "staff_id",
    "工号",
    "Staff id, as in the Staff sheet",
    "员工工号,与员工表一致",
    "E1",
    required=True,
    aliases=("staff", "id", "员工", "员工编号", "编号", "员工工号"),
)

STAFF = Sheet(
    "Staff",
    "员工",
    "One row per person on the rota.",
    "每人一行。",
    required=True,
    aliases=("人员", "员工表"),
    columns=(
        Column(
            "id",
            "工号",
            "Unique staff id",
            "唯一工号",
            "E1",
            required=True,
            aliases=("staff_id", "编号", "员工编号"),
        ),
        Column("name", "姓名", "Name", "姓名", "张伟", aliases=("名字",)),
        Column(
            "team",
            "团队",
            "Team; fairness is compared within a team",
            "所属团队;公平性在团队内比较",
            "客服",
            aliases=("组", "小组", "班组", "group"),
        ),
        Column(
            "skills",
            "技能",
            "Skills, separated by commas or 、",
            "技能,用逗号或、分隔",
            "lead",
            aliases=("skill",),
        ),
        Column(
            "shift_types",
            "可上班次",
            "Shift codes this person may work, comma separated; empty = all",
            "可上的班次代码,逗号分隔;留空表示全部",
            "A, B, C",
            aliases=("shifts", "班次", "可排班次"),
        ),
        Column(
            "min_hours_week",
            "每周最少工时",
            "Least paid hours per full week (empty = the Rules value)",
            "每个完整周最少工时(留空取规则表的值)",
            aliases=("min_hours_per_week",),
        ),
        Column(
            "max_hours_week",
            "每周最多工时",
            "Most paid hours per week",
            "每周最多工时",
            "48",
            aliases=("max_hours_per_week",),
        ),
        Column(
            "target_hours_week",
            "每周目标工时",
            "Contracted hours per week",
            "每周合同工时",
            "40",
            aliases=("target_hours_per_week", "合同工时"),
        ),
        Column(
            "max_consecutive_days",
            "最多连续工作天数",
            "Most working days in a row",
            "最多连续上班天数",
            aliases=("最多连续上班天数",),
        ),
        Column(
            "min_consecutive_days",
            "最少连续工作天数",
            "Fewest working days in a row",
            "最少连续上班天数",
            aliases=("最少连续上班天数",),
        ),
        Column(
            "min_days_off_week",
            "每周最少休息天数",
            "Fewest days off per full week",
            "每个完整周最少休息天数",
            aliases=("min_days_off_per_week",),
        ),
        Column(
            "min_days_off_run",
            "最少连休天数",
            "Fewest days off in a row",
            "最少连续休息天数",
        ),
        Column(
            "max_weekends",
            "最多周末数",
            "Most weekends worked in the rota",
            "整个班表内最多上班的周末数",
            aliases=("最多上班周末数",),
        ),
        Column(
            "min_total_hours",
            "最少总工时",
            "Least paid hours over the whole rota",
            "整个班表内最少工时",
        ),
        Column(
            "max_total_hours",
            "最多总工时",
            "Most paid hours over the whole rota",
            "整个班表内最多工时",
        ),
        Column(
            "max_shifts",
            "班次上限",
            "Most shifts of a type over the rota, e.g. C=6, B=10",
            "整个班表内某班次最多次数,如 C=6, B=10",
            "C=6",
            aliases=("最多班次数",),
        ),
    ),
)

SHIFTS = Sheet(
    "Shifts",
    "班次",
    "One row per shift type.",
    "每个班次一行。",
    required=True,
    aliases=("班次表", "shift_types"),
    columns=(
        Column(
            "code",
            "班次代码",
            "Short unique code used everywhere else",
            "班次代码,在其他表中引用",
            "A",
            required=True,
            aliases=("代码", "班次", "shift"),
        ),
        Column("name", "名称", "Name", "班次名称", "早班", aliases=("班次名称",)),
        Column(
            "start",
            "开始时间",
            "Start, HH:MM",
            "开始时间 HH:MM",
            "09:00",
            required=True,
            aliases=("开始", "上班时间"),
        ),
        Column(
            "end",
            "结束时间",
            "End, HH:MM; 24:00 allowed; at or before start = ends the next day",
            "结束时间 HH:MM;可写 24:00;不晚于开始时间表示跨夜",
            "17:00",
            required=True,
            aliases=("结束", "下班时间"),
        ),
        Column(
            "on_call",
            "值班",
            "On call from home: yes/no",
            "是否在家值班:是/否",
            "no",
            aliases=("在家值班", "是否值班"),
        ),
        Column(
            "paid_hours",
            "计薪工时",
            "Paid hours of one shift (empty = its length)",
            "每班计薪工时(留空按时长计)",
            aliases=("工时", "paid"),
        ),
        Column(
            "late",
            "晚班",
            "Counts as a late shift for fairness: yes/no (empty = on call or ends after 20:00)",
            "是否计为晚班:是/否(留空:值班或20:00后结束即为晚班)",
            aliases=("是否晚班",),
        ),
        Column(
            "min_run",
            "最少连续天数",
            "Fewest days in a row on this shift",
            "该班次最少连续天数",
            aliases=("最少连续",),
        ),
        Column(
            "max_run",
            "最多连续天数",
            "Most days in a row on this shift",
            "该班次最多连续天数",
            aliases=("最多连续",),
        ),
    ),
)

COVERAGE = Sheet(
    "Coverage",
    "覆盖",
    "One row per requirement: with a shift, how many work that shift each day; "
    "without, how many are on duty throughout start to end.",
    "每条需求一行:填班次表示每天该班次的人数;不填班次表示开始到结束时间内在岗人数。",
    required=True,
    aliases=("覆盖需求", "排班需求", "需求"),
    columns=(
        Column(
            "days",
            "星期",
            "Weekdays, e.g. Mon-Sun, Mon-Fri, Sat (empty = every day)",
            "适用星期,如 周一至周五、Sat(留空为每天)",
            "Mon-Sun",
            aliases=("weekdays", "适用星期"),
        ),
        Column(
            "dates",
            "日期",
            "Or only these dates, YYYY-MM-DD separated by commas",
            "或仅这些日期,YYYY-MM-DD,逗号分隔",
            aliases=("date", "特定日期"),
        ),
        Column(
            "start",
            "开始时间",
            "Window start, HH:MM (only without shift)",
            "时段开始 HH:MM(不填班次时)",
            "09:00",
            aliases=("开始",),
        ),
        Column(
            "end",
            "结束时间",
            "Window end, HH:MM; 24:00 allowed",
            "时段结束 HH:MM,可写 24:00",
            "24:00",
            aliases=("结束",),
        ),
        Column(
            "shift",
            "班次",
            "Shift code (makes the row a per-shift demand)",
            "班次代码(填写则为班次人数需求)",
            aliases=("班次代码", "shift_code"),
        ),
        Column(
            "min",
            "最少人数",
            "Fewest people (empty = 1)",
            "最少人数(留空为1)",
            "1",
            aliases=("min_staff", "最少"),
        ),
        Column(
            "max",
            "最多人数",
            "Most people (empty = no limit)",
            "最多人数(留空不限)",
            aliases=("max_staff", "最多"),
        ),
        Column("skill", "技能", "Only people with this skill count", "只计有此技能的人", "lead"),
        Column("team", "团队", "Only people of this team count", "只计此团队的人", aliases=("组",)),
        Column(
            "weight_under",
            "缺员权重",
            "Penalty per missing person (empty = Weights)",
            "每缺一人的罚分(留空取权重表)",
        ),
        Column(
            "weight_over",
            "超员权重",
            "Penalty per surplus person (empty = Weights)",
            "每多一人的罚分(留空取权重表)",
        ),
        Column(
            "label",
            "标签",
            "Name of the window in reports",
            "报表中显示的时段名称",
            "Service hours",
            aliases=("名称", "说明"),
        ),
        Column(
            "hard",
            "硬性",
            "Shift demands only: yes = min and max are a rule, never broken (no weights)",
            "仅班次需求:是 = 最少/最多人数为硬性规则,不可违反(无权重)",
            aliases=("hard_demand", "硬约束"),
        ),
    ),
)

LEAVE = Sheet(
    "Leave",
    "请假",
    "One row per absence.",
    "每次请假一行。",
    aliases=("休假", "假期"),
    columns=(
        STAFF_ID,
        Column(
            "start",
            "开始日期",
            "First day, YYYY-MM-DD",
            "开始日期 YYYY-MM-DD",
            "2026-12-08",
            required=True,
            aliases=("开始", "起始日期"),
        ),
        Column(
            "end",
            "结束日期",
            "Last day (empty = start)",
            "结束日期(留空同开始日期)",
            "2026-12-09",
            aliases=("结束",),
        ),
        Column(
            "kind",
            "类型",
            "annual, sick, personal, in_lieu, unavailable, other",
            "年假/病假/事假/调休/不可用/其他",
            "annual",
            aliases=("假别", "请假类型", "type"),
        ),
        Column(
            "status",
            "状态",
            "approved (binding) or requested (a wish)",
            "已批准(必须遵守)或申请中(尽量满足)",
            "approved",
            aliases=("审批状态",),
        ),
        Column(
            "weight",
            "权重",
            "Penalty per day worked against requested leave (empty = Weights)",
            "申请中假期每上班一天的罚分(留空取权重表)",
        ),
        Column("note", "备注", "Free text", "备注", aliases=("notes", "说明")),
    ),
)

REQUESTS = Sheet(
    "Requests",
    "申请",
    "One row per wish to work or not work.",
    "每条排班意愿一行。",
    aliases=("意愿", "排班申请"),
    columns=(
        STAFF_ID,
        Column(
            "date",
            "日期",
            "Date, YYYY-MM-DD",
            "日期 YYYY-MM-DD",
            "2026-12-10",
            required=True,
        ),
        Column(
            "shift",
            "班次",
            "Shift code (empty = the whole day)",
            "班次代码(留空表示整天)",
            "A",
            aliases=("班次代码",),
        ),
        Column(
            "want",
            "意愿",
            "yes = wants it, no = wants to avoid it (empty = yes)",
            "想/不想(留空为想)",
            "yes",
            aliases=("想要", "是否想要"),
        ),
        Column(
            "weight",
            "权重",
            "Penalty when not granted (empty = Weights)",
            "未满足时的罚分(留空取权重表)",
        ),
    ),
)

PINS = Sheet(
    "Pins",
    "固定",
    "Cells fixed by the supervisor.",
    "主管固定的排班。",
    aliases=("锁定", "固定排班"),
    columns=(
        STAFF_ID,
        Column(
            "date",
            "日期",
            "Date, YYYY-MM-DD",
            "日期 YYYY-MM-DD",
            "2026-12-10",
            required=True,
        ),
        Column(
            "shift",
            "班次",
            "Shift code (empty or - = off that day)",
            "班次代码(留空或 - 表示当天休息)",
            "B",
            aliases=("班次代码",),
        ),
    ),
)

RULES = Sheet(
    "Rules",
    "规则",
    "One row per rule: its name and its value. Rules left out keep their default.",
    "每条规则一行:名称和值。未列出的规则取默认值。",
    aliases=("规则表",),
    columns=(
        Column(
            "rule",
            "规则",
            "Rule name (see below)",
            "规则名称(见下)",
            "min_rest_hours",
            required=True,
            aliases=("name", "名称", "项目"),
        ),
        Column(
            "value", "值", "Its value", "规则的值", "11", required=True, aliases=("数值", "设置")
        ),
    ),
)

WEIGHTS = Sheet(
    "Weights",
    "权重",
    "One row per weight of the objective; weights left out keep their default.",
    "目标函数每项权重一行;未列出的取默认值。",
    aliases=("权重表",),
    columns=(
        Column(
            "weight",
            "权重",
            "Weight name (see below)",
            "权重名称(见下)",
            "uncovered",
            required=True,
            aliases=("name", "名称", "项目"),
        ),
        Column("value", "值", "Its value", "权重的值", "100", required=True, aliases=("数值",)),
    ),
)

SHEETS: tuple[Sheet, ...] = (STAFF, SHIFTS, COVERAGE, LEAVE, REQUESTS, PINS, RULES, WEIGHTS)
"""Every sheet, in the order they are written."""

IGNORED_SHEETS = frozenset(normalise(name) for name in ("Instructions", "说明", "Readme"))

RULE_SETTINGS: tuple[Setting, ...] = (
    Setting("name", "名称", "Name of the rota", "班表名称", "客服中心班表", ("班表名称",)),
    Setting(
        "start",
        "开始日期",
        "First day of the rota, YYYY-MM-DD (may be given when reading instead)",
        "班表第一天 YYYY-MM-DD(也可在读取时指定)",
        "2026-12-07",
        ("start_date", "开始"),
    ),
    Setting("weeks", "周数", "Length of the rota in weeks", "班表周数", "3"),
    Setting("days", "天数", "Or its length in days", "或班表天数", "21"),
    Setting(
        "holidays",
        "节假日",
        "Public holidays, YYYY-MM-DD separated by commas",
        "法定节假日,YYYY-MM-DD,逗号分隔",
        "2027-01-01",
    ),
    Setting(
        "min_rest_hours",
        "最少休息小时",
        "Least rest between two shifts on different days",
        "不同日两班之间最少休息小时数",
        "11",
        ("最少间隔小时",),
    ),
    Setting(
        "max_consecutive_days",
        "最多连续工作天数",
        "Most working days in a row",
        "最多连续上班天数",
        "6",
        ("最多连续上班天数",),
    ),
    Setting(
        "min_consecutive_days",
        "最少连续工作天数",
        "Fewest working days in a row",
        "最少连续上班天数",
        "1",
        ("最少连续上班天数",),
    ),
    Setting(
        "min_days_off_per_week",
        "每周最少休息天数",
        "Fewest days off per full week",
        "每个完整周最少休息天数",
        "1",
        ("min_days_off_week",),
    ),
    Setting(
        "min_days_off_run",
        "最少连休天数",
        "Fewest days off in a row",
        "最少连续休息天数",
        "1",
    ),
    Setting(
        "max_days_off_run",
        "最多连休天数",
        "Most days off in a row (empty = no limit)",
        "最多连续休息天数(留空不限)",
        "",
    ),
    Setting(
        "max_weekends",
        "最多周末数",
        "Most weekends worked per person (empty = no limit)",
        "每人最多上班的周末数(留空不限)",
        "",
    ),
    Setting(
        "min_hours_per_week",
        "每周最少工时",
        "Least paid hours per full week",
        "每个完整周最少工时",
        "0",
        ("min_hours_week",),
    ),
    Setting(
        "max_hours_per_week",
        "每周最多工时",
        "Most paid hours per week (empty = no limit)",
        "每周最多工时(留空不限)",
        "48",
        ("max_hours_week",),
    ),
    Setting(
        "target_hours_per_week",
        "每周目标工时",
        "Contracted hours per week",
        "每周合同工时",
        "40",
        ("target_hours_week", "合同工时"),
    ),
    Setting(
        "leave_day_hours",
        "每天假期工时",
        "Hours credited per day of approved leave",
        "每天已批准假期计入的工时",
        "8",
    ),
    Setting(
        "allowed_same_day",
        "同日可兼班次",
        "Pairs of shifts one person may work on the same day, e.g. A+C; B+C",
        "同一人同一天可兼上的班次对,如 A+C; B+C",
        "A+C",
    ),
    Setting(
        "forbidden_sequences",
        "禁止班次顺序",
        "Shift codes on consecutive days that may not occur, e.g. C A; N - N (- = day off)",
        "连续几天不允许出现的班次顺序,如 C A; N - N(- 表示休息)",
        "",
        ("forbidden_sequence",),
    ),
    Setting(
        "weekend_days",
        "周末",
        "Which days make a weekend, e.g. Sat,Sun",
        "哪些天算周末,如 Sat,Sun",
        "Sat,Sun",
        ("周末日",),
    ),
    Setting(
        "cyclic",
        "循环",
        "The rota repeats: rules wrap from the last day to the first (yes/no)",
        "循环班表:规则从最后一天接到第一天(是/否)",
        "no",
        ("循环班表",),
    ),
    Setting(
        "rotation",
        "轮换表",
        "Rotation timetable: one cyclic pattern, person k works it k weeks on (yes/no; needs "
        "cyclic and 7 days per person)",
        "轮换表:所有人按同一循环模式排班,第 k 人比第一人晚 k 周(是/否;需循环且每人 7 天)",
        "no",
        ("轮换", "轮班表"),
    ),
)

WEIGHT_SETTINGS: tuple[Setting, ...] = (
    Setting("uncovered", "缺员", "Per missing person per minute of a window", "时段每缺一人每分钟"),
    Setting(
        "overstaffed",
        "超员",
        "Per surplus person per minute above a window's max",
        "时段每超一人每分钟",
    ),
    Setting("demand_under", "班次缺员", "Per missing person on a shift demand", "班次需求每缺一人"),
    Setting("demand_over", "班次超员", "Per surplus person on a shift demand", "班次需求每超一人"),
    Setting("request", "意愿", "Per wish not granted", "每条未满足的意愿"),
    Setting(
        "requested_leave",
        "申请中假期",
        "Per day worked against requested leave",
        "申请中假期每上班一天",
    ),
    Setting(
        "hours_spread",
        "工时差",
        "Per minute between the most and least paid time in a team",
        "团队内工时最多与最少之差每分钟",
    ),
    Setting(
        "weekends_spread",
        "周末差",
        "Per weekend of difference in a team",
        "团队内上班周末数之差每个",
    ),
    Setting(
        "late_spread", "晚班差", "Per late shift of difference in a team", "团队内晚班数之差每个"
    ),
    Setting(
        "shift_change", "换班", "Per change of shift between working days", "相邻上班日班次变化每次"
    ),
    Setting(
        "backward_rotation",
        "逆向轮换",
        "Extra per change to an earlier-starting shift",
        "换到更早开始的班次每次额外",
    ),
    Setting(
        "isolated_work_day",
        "孤立上班日",
        "Per single working day between days off",
        "前后都休息的单个上班日",
    ),
    Setting(
        "isolated_day_off",
        "孤立休息日",
        "Per single day off between working days",
        "前后都上班的单个休息日",
    ),
)


def lookup(names: dict[str, str], text: str) -> str | None:
    """The key a header, sheet name or setting name stands for, or None."""
    return names.get(normalise(text))


def name_index(entries: tuple[Column, ...] | tuple[Setting, ...]) -> dict[str, str]:
    """Normalised name → key for every spelling of columns or settings."""
    index: dict[str, str] = {}
    for entry in entries:
        names = entry.headers if isinstance(entry, Column) else entry.names
        for name in names:
            index.setdefault(normalise(name), entry.key)
    return index


def sheet_index() -> dict[str, Sheet]:
    """Normalised name → sheet for every spelling of every sheet."""
    index: dict[str, Sheet] = {}
    for sheet in SHEETS:
        for name in sheet.names:
            index.setdefault(normalise(name), sheet)
    return index
