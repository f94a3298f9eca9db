"""The words of the web pages in English and Chinese, on top of the rota files' ``api.labels``.

``text(key, lang)`` looks in the page words first, then in ``api.labels.LABELS``, so a column
header reads the same on the page as in the downloaded workbook. The language of a request comes
from the ``lang`` cookie, else from the browser's ``Accept-Language``, else English.
"""

from __future__ import annotations

from api.labels import LABELS, Lang, label

LANG_COOKIE = "lang"
LANGUAGE_NAMES: dict[Lang, str] = {"en": "English", "zh": "中文"}

PAGE_LABELS: dict[str, tuple[str, str]] = {
    # every page
    "app.title": ("shiftplan", "shiftplan 排班"),
    "nav.home": ("Rosters", "排班资料"),
    "nav.check": ("Check a rota", "检查班表"),
    "nav.api": ("API", "接口"),
    "nav.language": ("Language", "语言"),
    # home: upload a roster
    "home.title": ("Upload a roster", "上传排班资料"),
    "home.intro": (
        "A roster workbook (.xlsx) or a .zip of CSV files, one per sheet (staff.csv, "
        "shifts.csv, coverage.csv, ...): staff, shift types, coverage windows, leave and rules. "
        "Nothing is stored until the file is valid.",
        "排班资料工作簿(.xlsx),或每个工作表一个 CSV 文件的压缩包(.zip:staff.csv、"
        "shifts.csv、coverage.csv……):员工、班次、覆盖时段、请假和规则。文件全部正确后才会保存。",
    ),
    "home.file": ("Roster file", "排班资料文件"),
    "home.upload": ("Upload", "上传"),
    "home.stored": ("Stored rosters", "已保存的排班资料"),
    "home.none_stored": ("No roster stored yet.", "还没有保存的排班资料。"),
    "home.uploaded": ("Uploaded", "上传时间"),
    "home.bad_file": (
        "The file has {count} problem(s); nothing was stored. Fix them and upload again.",
        "文件有 {count} 个问题,未保存任何内容。请改正后重新上传。",
    ),
    "col.file": ("File", "文件"),
    "col.sheet": ("Sheet", "工作表"),
    "col.row": ("Row", "行"),
    "col.column": ("Column", "列"),
    "col.expected": ("Expected", "应为"),
    "col.error": ("Problem", "问题"),
    # roster page
    "roster.title": ("Roster", "排班资料"),
    "roster.staff": ("Staff", "员工"),
    "roster.shift_types": ("Shift types", "班次"),
    "roster.coverage": ("Coverage windows", "覆盖时段"),
    "roster.demands": ("Shift demands", "班次人数要求"),
    "roster.leave": ("Leave", "请假"),
    "roster.no_leave": ("No leave.", "没有请假。"),
    "roster.generate": ("Generate a rota", "生成班表"),
    "roster.start": ("Start date", "开始日期"),
    "roster.weeks": ("Weeks", "周数"),
    "roster.time_limit": ("Time limit (s)", "时间上限(秒)"),
    "roster.button": ("Generate", "生成"),
    "roster.rotas": ("Rotas of this roster", "本排班资料的班表"),
    "roster.no_rotas": ("No rota generated yet.", "还没有生成班表。"),
    "col.skills": ("Skills", "技能"),
    "col.shift_types": ("Shift types", "可排班次"),
    "col.days": ("Days", "日期"),
    "col.min": ("Min", "最少"),
    "col.max": ("Max", "最多"),
    "col.skill": ("Skill", "技能"),
    "col.label": ("Label", "说明"),
    "col.kind": ("Kind", "类型"),
    "col.status": ("Status", "状态"),
    "col.shift": ("Shift", "班次"),
    "col.note": ("Note", "备注"),
    "word.all": ("all", "全部"),
    "word.everyone": ("everyone", "所有人"),
    "leave_status.approved": ("approved", "已批准"),
    "leave_status.requested": ("requested", "申请中"),
    # job page
    "job.title": ("Generating the rota", "正在生成班表"),
    "job.elapsed": ("Elapsed", "已用时间"),
    "job.state": ("State", "状态"),
    "job.stop": ("Stop and keep the best rota", "停止并保留当前最佳班表"),
    "job.stopping": ("Stopping…", "正在停止…"),
    "job.no_js": (
        "This page updates itself with JavaScript; reload it to see the latest progress.",
        "本页通过 JavaScript 自动更新;如未更新请刷新页面。",
    ),
    "job.failed": ("No rota came back", "没有得到班表"),
    "job.open_rota": ("Open the rota", "打开班表"),
    "job.parts": ("Teams solved", "已完成的组"),
    "state.queued": ("queued", "排队中"),
    "state.running": ("running", "求解中"),
    "state.stopping": ("stopping", "正在停止"),
    "state.done": ("done", "完成"),
    "state.failed": ("failed", "失败"),
    "state.interrupted": ("interrupted", "已中断"),
    "state.stopped": ("stopped", "已停止"),
    # rota page
    "rota.title": ("Rota", "班表"),
    "rota.version": ("Version", "版本"),
    "rota.published": ("published", "已发布"),
    "rota.publish": ("Publish this version", "发布此版本"),
    "rota.download": ("Download Excel", "下载 Excel"),
    "rota.download_zh": ("Download Excel (Chinese)", "下载 Excel(中文)"),
    "rota.grid": ("Rota", "班表"),
    "rota.pin_hint": (
        "Click a cell to pin a shift, pin a day off, or clear a pin; pinned cells are outlined "
        "and kept when you re-generate.",
        "点击单元格可固定班次、固定休息或取消固定;固定的单元格带边框,重新生成时保持不变。",
    ),
    "rota.pin_title": ("Pin this cell", "固定此单元格"),
    "rota.pin_off": ("Day off", "休息"),
    "rota.pin_clear": ("Clear the pin", "取消固定"),
    "rota.pin_cancel": ("Cancel", "取消"),
    "rota.pins": ("Pins", "固定排班"),
    "rota.pinned": ("pinned", "已固定"),
    "rota.regenerate": ("Re-generate keeping the pins", "保留固定并重新生成"),
    "rota.heatmap": ("Coverage", "覆盖情况"),
    "rota.heatmap_hint": (
        "Each cell: people on duty / people required. Red: short. Hatched: no shift type "
        "covers that time at all.",
        "每格:在岗人数 / 需求人数。红色:人手不足。斜线:没有任何班次覆盖该时段。",
    ),
    "rota.hours": ("Hours and fairness", "工时与公平性"),
    "rota.problems": ("Problems", "问题"),
    "rota.no_problems": ("No problems: every window covered, every rule kept.", "没有问题。"),
    "rota.versions": ("Versions", "版本"),
    "rota.diff": ("What changed", "变更对比"),
    "rota.compare": ("Compare", "对比"),
    "rota.against": ("against", "对比"),
    "rota.no_changes": ("The two versions are the same.", "两个版本相同。"),
    "rota.changes": ("{count} cell(s) changed", "{count} 个单元格有变化"),
    "rota.before": ("Before", "之前"),
    "rota.after": ("After", "之后"),
    "rota.valid": ("Keeps every hard rule", "符合全部硬性规则"),
    "rota.invalid": ("Breaks {count} hard rule(s)", "违反 {count} 项硬性规则"),
    "rota.shortfall_count": ("{count} short slice(s)", "{count} 个时段人手不足"),
    "rota.created": ("Created", "生成时间"),
    # check page
    "check.title": ("Check a rota", "检查班表"),
    "check.intro": (
        "Upload any rota (the workbook shiftplan writes, a hand-drawn sheet with an id column "
        "and one column per date, or a CSV of staff_id,date,shift) and pick its roster: you get "
        "the coverage and rule report without solving.",
        "上传任意班表(shiftplan 生成的工作簿、手工绘制的表格:一列工号、每个日期一列,或 "
        "staff_id,date,shift 格式的 CSV),并选择对应的排班资料,即可在不求解的情况下得到覆盖和"
        "规则报告。",
    ),
    "check.rota_file": ("Rota file", "班表文件"),
    "check.roster": ("Roster", "排班资料"),
    "check.button": ("Check", "检查"),
    "check.bad_file": ("The rota file cannot be read:", "班表文件无法读取:"),
    "check.need_roster": (
        "Upload a roster first: a rota is checked against its roster.",
        "请先上传排班资料:班表需要对照排班资料检查。",
    ),
    # errors
    "error.title": ("Not found", "未找到"),
    "error.back": ("Back to the rosters", "返回排班资料"),
}


def text(key: str, lang: Lang, **values: object) -> str:
    """The page word for ``key`` in ``lang`` (page words first, then the rota files' labels).

    ``{count}``-style fields are filled from ``values``.
    """
    if key in PAGE_LABELS:
        english, chinese = PAGE_LABELS[key]
        word = chinese if lang == "zh" else english
    else:
        word = label(key, lang)
    return word.format(**values) if values else word


def known(key: str) -> bool:
    """Whether ``key`` has a word on the pages or in the rota files."""
    return key in PAGE_LABELS or key in LABELS


def language_from(cookie: str | None, accept_language: str | None) -> Lang:
    """The language of a request: the cookie if it names one, else the browser's first choice.

    ``Accept-Language: zh-CN,zh;q=0.9,en;q=0.8`` gives Chinese; weights are honoured, and a
    language we do not speak is passed over.
    """
    if cookie == "zh":
        return "zh"
    if cookie == "en":
        return "en"
    for tag in _by_preference(accept_language or ""):
        primary = tag.split("-")[0]
        if primary == "zh":
            return "zh"
        if primary == "en":
            return "en"
    return "en"


def _by_preference(header: str) -> list[str]:
    """The language tags of an ``Accept-Language`` header, most wanted first."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality, position, tag.strip().lower()))
    return [tag for _, _, tag in sorted(weighted)]
