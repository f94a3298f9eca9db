"""A blank roster workbook to fill in: instructions first, then every sheet with example rows.

The example rows are the 4-agent call centre the project started from (A 09:00–17:00,
B 12:00–20:00, C 20:00–22:00 on call from home, Monday to Sunday 09:00–24:00 covered).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from api.roster_columns import RULE_SETTINGS, SHEETS, WEIGHT_SETTINGS, Setting, Sheet
from api.roster_write import (
    SheetData,
    Value,
    put,
    roster_sheets,
    roster_workbook,
)
from models import CoverageWindow, Problem, Rules, ShiftDemand, ShiftType, Staff, StaffRules

INSTRUCTIONS = "Instructions"

_USAGE = (
    "Fill in one row per item on each sheet, keep the header row, then run: "
    "shiftplan solve roster.xlsx --start YYYY-MM-DD --weeks 3",
    "每个工作表每项一行,保留第一行表头,然后运行:"
    "shiftplan solve roster.xlsx --start YYYY-MM-DD --weeks 3",
)
_FORMATS = (
    (
        "Dates: YYYY-MM-DD or an Excel date cell. Times: HH:MM (24:00 allowed) or an Excel time "
        "cell. Yes/no: yes/no, 是/否, 1/0. Lists: separated by commas."
    ),
    "日期:YYYY-MM-DD 或 Excel 日期单元格。时间:HH:MM(可写 24:00)或 Excel 时间单元格。"
    "是/否:yes/no、是/否、1/0。列表用逗号分隔。",
    (
        "Headers may be English or Chinese, in any order; a column named note (备注) is ignored. "
        "Formulas are not calculated: type plain values. Empty rows are skipped."
    ),
    "表头可用英文或中文,顺序不限;名为 note(备注)的列会被忽略。"
    "不计算公式,请直接填写数值。空行会被跳过。",
    (
        "Leave, Requests and Pins start empty: their dates must fall inside the rota. "
        "Examples are in the Example column below."
    ),
    "请假、申请、固定三个表初始为空:日期须在班表范围内。示例见下方示例列。",
)
_TABLE_HEADER = [
    "Sheet 工作表",
    "Column 列",
    "中文列名",
    "Required 必填",
    "Meaning",
    "说明",
    "Example 示例",
]
_SETTING_HEADER = ["Sheet 工作表", "Name 名称", "中文名称", "", "Meaning", "说明", "Example 示例"]
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)


def seed_problem() -> Problem:
    """The 4-agent call centre of the founding handbook, as example rows."""
    return Problem(
        name="客服中心班表",
        start=dt.date(2026, 12, 7),
        days=21,
        shift_types=(
            ShiftType(code="A", name="A班 早班", start=9 * 60, end=17 * 60),
            ShiftType(code="B", name="B班 中班", start=12 * 60, end=20 * 60),
            ShiftType(code="C", name="C班 在家值班", start=20 * 60, end=22 * 60, on_call=True),
        ),
        staff=(
            Staff(id="E1", name="张伟", team="客服", skills=frozenset({"lead"})),
            Staff(id="E2", name="王芳", team="客服", rules=StaffRules(max_shifts={"C": 6})),
            Staff(id="E3", name="李娜", team="客服"),
            Staff(id="E4", name="刘洋", team="客服", shift_types=frozenset({"A", "B"})),
        ),
        coverage_windows=(
            CoverageWindow(label="服务时间 Service hours", start=9 * 60, end=24 * 60),
        ),
        shift_demands=(ShiftDemand(shift="C", min_staff=1, max_staff=1),),
        rules=Rules(allowed_same_day=frozenset({("A", "C")})),
    )


def _template_sheets() -> list[SheetData]:
    sheets = roster_sheets(seed_problem())
    for data in sheets:
        for row in data.rows:
            if data.sheet.name == "Rules" and row[0] == "start":
                row[1] = None  # the user gives the start date (or passes --start)
    return sheets


def _column_rows(sheet: Sheet) -> list[list[Value]]:
    rows: list[list[Value]] = [
        [
            f"{sheet.name} ({sheet.zh})",
            None,
            None,
            "required 必需" if sheet.required else "optional 可选",
            sheet.meaning,
            sheet.meaning_zh,
            None,
        ]
    ]
    for column in sheet.columns:
        rows.append(
            [
                None,
                column.key,
                column.zh,
                "yes 是" if column.required else None,
                column.meaning,
                column.meaning_zh,
                column.example or None,
            ]
        )
    return rows


def _setting_rows(title: str, settings: tuple[Setting, ...]) -> list[list[Value]]:
    rows: list[list[Value]] = [[title, None, None, None, None, None, None]]
    for setting in settings:
        rows.append(
            [
                None,
                setting.key,
                setting.zh,
                None,
                setting.meaning,
                setting.meaning_zh,
                setting.example or None,
            ]
        )
    return rows


def _instruction_lines() -> list[tuple[list[Value], Font | None]]:
    lines: list[tuple[list[Value], Font | None]] = [(["shiftplan roster 排班输入表"], _TITLE)]
    lines += [([line], None) for line in (*_USAGE, *_FORMATS)]
    lines += [([], None), (list[Value](_TABLE_HEADER), _BOLD)]
    for data_sheet in SHEETS:
        rows = _column_rows(data_sheet)
        lines += [(rows[0], _BOLD)] + [(row, None) for row in rows[1:]]
    lines += [([], None), (list[Value](_SETTING_HEADER), _BOLD)]
    for title, settings in (
        ("Rules 规则 (rule, value)", RULE_SETTINGS),
        ("Weights 权重 (weight, value)", WEIGHT_SETTINGS),
    ):
        rows = _setting_rows(title, settings)
        lines += [(rows[0], _BOLD)] + [(row, None) for row in rows[1:]]
    return lines


def _write_instructions(book: Workbook) -> None:
    sheet = book.create_sheet(INSTRUCTIONS, 0)
    for number, (values, font) in enumerate(_instruction_lines(), start=1):
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=number, column=column)
            put(cell, value)
            cell.alignment = Alignment(wrap_text=column > 1, vertical="top")
            if font is not None:
                cell.font = font
    for letter, width in zip("ABCDEFG", (24, 22, 18, 14, 60, 45, 20), strict=True):
        sheet.column_dimensions[letter].width = width


def write_template(path: Path) -> None:
    """Write a blank roster workbook: an Instructions sheet, then every sheet with example rows.

    It reads back with ``read_roster(path, start=...)``: only the start date is left to fill in.
    """
    book = roster_workbook(_template_sheets())
    _write_instructions(book)
    book.active = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
