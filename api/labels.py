"""The words of the rota files in English and Chinese: sheet names, headers, families, rules.

One table, looked up by key: ``label("sheet.rota", "zh") == "班表"``. Keys are grouped by prefix:
``sheet.``, ``col.``, ``word.``, ``section.``, ``family.`` (an ``ObjectiveFamily`` value),
``rule.`` (a rule name from docs/rules.md), ``setting.`` (a ``Rules`` field), ``leave.`` (a
``LeaveKind`` value) and ``status.`` (a ``SolveStatus`` value).
"""

from __future__ import annotations

from models.phrase import LANGS, Lang

__all__ = ["LABELS", "LANGS", "Lang", "all_languages", "label", "label_or"]

LABELS: dict[str, tuple[str, str]] = {
    # sheets
    "sheet.rota": ("Rota", "班表"),
    "sheet.coverage": ("Coverage", "覆盖"),
    "sheet.hours": ("Hours", "工时"),
    "sheet.problems": ("Problems", "问题"),
    "sheet.inputs": ("Inputs", "输入"),
    # column headers
    "col.id": ("ID", "工号"),
    "col.name": ("Name", "姓名"),
    "col.team": ("Team", "组别"),
    "col.staff": ("Staff", "员工"),
    "col.date": ("Date", "日期"),
    "col.dates": ("Dates", "日期"),
    "col.time": ("Time", "时段"),
    "col.requirement": ("Requirement", "覆盖要求"),
    "col.on_duty": ("On duty", "在岗"),
    "col.required": ("Required", "需求"),
    "col.shortfall": ("Shortfall", "缺口"),
    "col.paid_hours": ("Paid hours", "计薪工时"),
    "col.target_hours": ("Target hours", "目标工时"),
    "col.deviation": ("Deviation (h)", "偏差(小时)"),
    "col.days_worked": ("Days worked", "出勤天数"),
    "col.weekends_worked": ("Weekends worked", "周末出勤"),
    "col.late_shifts": ("Late/on-call shifts", "晚班/值班"),
    "col.leave_days": ("Leave days", "请假天数"),
    "col.rule": ("Rule", "规则"),
    "col.message": ("Message", "说明"),
    "col.suggestion": ("Suggestion", "建议"),
    "col.family": ("Term", "目标项"),
    "col.amount": ("Amount", "数量"),
    "col.weight": ("Weight", "权重"),
    "col.cost": ("Cost", "代价"),
    "col.explanation": ("Explanation", "解释"),
    "col.setting": ("Setting", "设置"),
    "col.meaning": ("Meaning", "含义"),
    "col.value": ("Value", "值"),
    "col.code": ("Code", "代码"),
    "col.start": ("Start", "开始"),
    "col.end": ("End", "结束"),
    "col.on_call": ("On call", "在家值班"),
    "col.late": ("Late", "晚班"),
    # words
    "word.weekend": ("Weekend", "周末"),
    "word.holiday": ("Public holiday", "节假日"),
    "word.leave": ("Leave", "假"),
    "word.off": ("Off", "休"),
    "word.total": ("Total", "合计"),
    "word.required": ("Required", "需求"),
    "word.on_duty": ("On duty", "在岗"),
    "word.shortfall": ("Shortfall", "缺口"),
    "word.structural_gap": ("Structural gap", "结构性缺口"),
    "word.surplus": ("Surplus", "超员"),
    "word.legend": ("Legend", "图例"),
    "word.yes": ("yes", "是"),
    "word.no": ("no", "否"),
    "word.none": ("None", "无"),
    "word.objective": ("Objective", "目标值"),
    "word.status": ("Status", "状态"),
    "word.bound": ("Best bound", "下界"),
    "word.gap": ("Gap", "差距"),
    "word.wall_time": ("Wall time (s)", "用时(秒)"),
    "word.first_solution": ("First solution (s)", "首个解用时(秒)"),
    "word.solver_message": ("Solver message", "求解信息"),
    "word.name": ("Name", "名称"),
    "word.days": ("Days", "天数"),
    "word.holidays": ("Public holidays", "节假日"),
    "word.weekend_days": ("Weekend days", "周末日"),
    # sections of the Problems and Inputs sheets
    "section.structural_gaps": ("Structural gaps", "结构性缺口"),
    "section.rule_breaks": ("Rule breaks", "违反规则"),
    "section.shortfalls": ("Shortfalls", "覆盖缺口"),
    "section.terms": ("Objective terms", "目标项明细"),
    "section.by_family": ("Objective by family", "目标值分类"),
    "section.solve": ("Solve", "求解"),
    "section.horizon": ("Horizon", "排班周期"),
    "section.rules": ("Rules", "规则"),
    "section.weights": ("Weights", "权重"),
    "section.shift_types": ("Shift types", "班次"),
    # objective families (ObjectiveFamily values)
    "family.uncovered": ("Uncovered coverage", "覆盖缺口"),
    "family.overstaffed": ("Overstaffed coverage", "覆盖超员"),
    "family.demand_under": ("Shift demand short", "班次人数不足"),
    "family.demand_over": ("Shift demand exceeded", "班次人数超出"),
    "family.request": ("Wish not granted", "未满足的意愿"),
    "family.requested_leave": ("Work on requested leave", "申请休假日上班"),
    "family.hours_spread": ("Hours spread", "工时差距"),
    "family.weekends_spread": ("Weekends spread", "周末出勤差距"),
    "family.late_spread": ("Late/on-call spread", "晚班/值班差距"),
    "family.shift_change": ("Shift type change", "班次变化"),
    "family.backward_rotation": ("Backward rotation", "逆向轮换"),
    "family.isolated_work_day": ("Isolated working day", "孤立工作日"),
    "family.isolated_day_off": ("Isolated day off", "孤立休息日"),
    # hard rules (docs/rules.md)
    "rule.unknown": ("Unknown staff, shift or date", "未知员工、班次或日期"),
    "rule.not_allowed_shift": ("Shift type not allowed", "不可排的班次"),
    "rule.approved_leave": ("Works on approved leave", "已批假期上班"),
    "rule.pin": ("Pin not kept", "未遵守固定排班"),
    "rule.one_shift_per_day": ("One shift per day", "每天一个班次"),
    "rule.min_rest": ("Minimum rest", "最短休息时间"),
    "rule.max_consecutive_days": ("Max consecutive working days", "最多连续上班天数"),
    "rule.min_consecutive_days": ("Min consecutive working days", "最少连续上班天数"),
    "rule.min_days_off_run": ("Min days off in a row", "最少连续休息天数"),
    "rule.max_days_off_run": ("Max days off in a row", "最多连续休息天数"),
    "rule.min_days_off_per_week": ("Min days off per week", "每周最少休息天数"),
    "rule.max_hours_per_week": ("Max hours per week", "每周最多工时"),
    "rule.min_hours_per_week": ("Min hours per week", "每周最少工时"),
    "rule.max_weekends": ("Max weekends worked", "最多周末出勤"),
    "rule.min_total_hours": ("Min total hours", "最少总工时"),
    "rule.max_total_hours": ("Max total hours", "最多总工时"),
    "rule.max_shifts": ("Max shifts of a type", "班次次数上限"),
    "rule.forbidden_sequence": ("Forbidden sequence", "禁止的班次顺序"),
    "rule.shift_run": ("Run of one shift type", "同班次连续天数"),
    # settings (Rules fields)
    "setting.allowed_same_day": ("Shift pairs allowed on one day", "同日可兼排的班次"),
    "setting.min_rest_hours": ("Min rest between shifts (h)", "班次间最短休息(小时)"),
    "setting.max_consecutive_days": ("Max consecutive working days", "最多连续上班天数"),
    "setting.min_consecutive_days": ("Min consecutive working days", "最少连续上班天数"),
    "setting.min_days_off_per_week": ("Min days off per week", "每周最少休息天数"),
    "setting.min_days_off_run": ("Min days off in a row", "最少连续休息天数"),
    "setting.max_days_off_run": ("Max days off in a row", "最多连续休息天数"),
    "setting.max_weekends": ("Max weekends worked", "最多周末出勤"),
    "setting.min_hours_per_week": ("Min hours per week", "每周最少工时"),
    "setting.max_hours_per_week": ("Max hours per week", "每周最多工时"),
    "setting.target_hours_per_week": ("Contracted hours per week", "每周合同工时"),
    "setting.leave_day_hours": ("Hours credited per leave day", "每个假日计入工时"),
    "setting.forbidden_sequences": ("Forbidden sequences", "禁止的班次顺序"),
    "setting.shift_runs": ("Runs of one shift type", "同班次连续天数"),
    "setting.weekend_days": ("Weekend days", "周末日"),
    "setting.cyclic": ("Cyclic rota", "循环班表"),
    # leave kinds (LeaveKind values), short enough for a rota cell
    "leave.annual": ("Annual", "年假"),
    "leave.sick": ("Sick", "病假"),
    "leave.personal": ("Personal", "事假"),
    "leave.in_lieu": ("In lieu", "调休"),
    "leave.unavailable": ("Unavailable", "不可排"),
    "leave.other": ("Leave", "假"),
    # solve status (SolveStatus values)
    "status.optimal": ("optimal", "最优"),
    "status.feasible": ("feasible", "可行"),
    "status.infeasible": ("infeasible", "无解"),
    "status.unknown": ("unknown (time limit)", "未知(超时)"),
    "status.invalid": ("invalid", "无效"),
}


def label(key: str, lang: Lang) -> str:
    """The word for ``key`` in ``lang``; an unknown key is a programming error (KeyError)."""
    try:
        english, chinese = LABELS[key]
    except KeyError:
        raise KeyError(f"no label {key!r}; add it to api.labels.LABELS") from None
    return chinese if lang == "zh" else english


def label_or(key: str, lang: Lang, default: str) -> str:
    """The word for ``key`` in ``lang``, or ``default`` when the table has none."""
    return label(key, lang) if key in LABELS else default


def all_languages(key: str) -> tuple[str, ...]:
    """The word for ``key`` in every language (what a reader must accept)."""
    return tuple(label(key, lang) for lang in LANGS)
