"""Writes the sample rosters in this folder: ``python -m samples.build`` (or ``make samples``).

The samples are committed; this script documents where they come from and rebuilds them when the
roster format changes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from api.roster_io import write_roster_workbook
from models import (
    CoverageWindow,
    Leave,
    LeaveKind,
    LeaveStatus,
    Problem,
    Rules,
    ShiftDemand,
    ShiftRequest,
    ShiftType,
    Staff,
    StaffRules,
)

HERE = Path(__file__).parent
START = dt.date(2026, 12, 7)
WEEKS = 3

SEED_AGENTS = (("S1", "张伟"), ("S2", "李娜"), ("S3", "王芳"), ("S4", "刘洋"))


def call_centre_seed(on_call_until: str = "22:00") -> Problem:
    """The handbook's team: 4 agents, A and B on site, C on call from home, 09:00–24:00 daily."""
    return Problem(
        name="call_centre_seed" if on_call_until == "22:00" else "call_centre_seed_24h",
        start=START,
        days=WEEKS * 7,
        shift_types=(
            ShiftType(code="A", name="A班 早班", start="09:00", end="17:00"),
            ShiftType(code="B", name="B班 中班", start="12:00", end="20:00"),
            ShiftType(
                code="C", name="C班 在家值班", start="20:00", end=on_call_until, on_call=True
            ),
        ),
        staff=tuple(Staff(id=sid, name=name, team="客服中心") for sid, name in SEED_AGENTS),
        coverage_windows=(
            CoverageWindow(label="客服热线 09:00–24:00", start="09:00", end="24:00", min_staff=1),
        ),
        # One person on call at a time: without this cap, fairness alone would put a second
        # agent on call some evenings just to even out the count of late duties.
        shift_demands=(ShiftDemand(shift="C", min_staff=0, max_staff=1),),
        rules=Rules(max_hours_per_week=44),
    )


def large_call_centre(agents: int = 200) -> Problem:
    """The 24h seed team grown to ``agents`` agents (a multiple of 4), every requirement grown
    with it: a team the size of our users' larger call centres, for the benchmarks
    (``benchmarks/samples.py``); it is not written as a sample roster."""
    seed = call_centre_seed(on_call_until="24:00")
    scale = agents // 4
    return seed.with_changes(
        name=f"call_centre_{agents}",
        staff=tuple(
            seed.staff[0].model_copy(update={"id": f"S{k:03d}", "name": f"坐席{k:03d}"})
            for k in range(1, agents + 1)
        ),
        coverage_windows=tuple(
            window.model_copy(update={"min_staff": window.min_staff * scale})
            for window in seed.coverage_windows
        ),
        shift_demands=tuple(
            demand.model_copy(
                update={
                    "min_staff": demand.min_staff * scale,
                    "max_staff": None if demand.max_staff is None else demand.max_staff * scale,
                }
            )
            for demand in seed.shift_demands
        ),
    )


REGIONS = (
    ("EC", "华东"),
    ("SC", "华南"),
    ("SW", "西南"),
    ("CC", "华中"),
    ("NE", "东北"),
    ("NW", "西北"),
    ("NC", "华北"),
)

REGION_NAMES = (
    ("陈静", "杨帆", "赵磊"),
    ("黄丽", "周杰", "吴敏"),
    ("徐强", "孙燕", "马超"),
    ("朱琳", "胡军", "郭晓"),
    ("何平", "高峰", "林娟"),
    ("罗斌", "梁爽", "宋佳"),
    ("郑凯", "谢婷", "韩冰"),
)


def _region_staff() -> tuple[Staff, ...]:
    staff = []
    for (code, region), names in zip(REGIONS, REGION_NAMES, strict=True):
        for k, name in enumerate(names, start=1):
            skills = frozenset({"lead"}) if k <= 2 else frozenset()
            if code == "SC" and k == 3:
                skills = frozenset({"cantonese"})
            staff.append(Staff(id=f"{code}{k}", name=name, team=region, skills=skills))
    return tuple(staff)


def _region_windows() -> tuple[CoverageWindow, ...]:
    windows = []
    for _, region in REGIONS:
        windows += [
            CoverageWindow(team=region, start="09:00", end="21:00", min_staff=1),
            CoverageWindow(
                team=region, start="13:00", end="17:00", min_staff=2, weekdays=frozenset(range(5))
            ),
            CoverageWindow(team=region, start="09:00", end="17:00", min_staff=1, skill="lead"),
        ]
    return tuple(windows)


def service_desk_regions() -> Problem:
    """Seven regional teams of three, a shift lead on every day shift, leave and wishes."""
    day = dt.timedelta(days=1)
    return Problem(
        name="service_desk_regions",
        start=START,
        days=WEEKS * 7,
        shift_types=(
            ShiftType(code="D", name="白班", start="09:00", end="17:00"),
            ShiftType(code="E", name="晚班", start="13:00", end="21:00"),
        ),
        staff=_region_staff(),
        coverage_windows=_region_windows(),
        leave=(
            Leave(
                staff_id="EC1", start=START + 2 * day, end=START + 4 * day, kind=LeaveKind.ANNUAL
            ),
            Leave(staff_id="SW3", start=START + 9 * day, end=START + 9 * day, kind=LeaveKind.SICK),
            Leave(
                staff_id="NC2",
                start=START + 14 * day,
                end=START + 20 * day,
                kind=LeaveKind.ANNUAL,
            ),
            Leave(
                staff_id="CC1",
                start=START + 12 * day,
                end=START + 13 * day,
                kind=LeaveKind.PERSONAL,
                status=LeaveStatus.REQUESTED,
            ),
        ),
        requests=(
            ShiftRequest(staff_id="SC3", date=START + 5 * day, want=False),
            ShiftRequest(staff_id="NE1", date=START + 7 * day, shift="D"),
            ShiftRequest(staff_id="NW2", date=START + 10 * day, shift="E", want=False),
            ShiftRequest(staff_id="EC3", date=START + 19 * day, want=False, weight=300),
        ),
        rules=Rules(max_hours_per_week=44, target_hours_per_week=40),
    )


def _part_timer(problem: Problem) -> Problem:
    """The regions sample has one part-time agent, to show per-person contract overrides."""
    staff = tuple(
        person.model_copy(
            update={"rules": StaffRules(max_hours_per_week=32, target_hours_per_week=24)}
        )
        if person.id == "NW3"
        else person
        for person in problem.staff
    )
    return problem.with_changes(staff=staff)


def main() -> None:
    """Write every sample roster beside this file."""
    samples = {
        "call_centre_seed.xlsx": call_centre_seed(),
        "call_centre_seed_24h.xlsx": call_centre_seed(on_call_until="24:00"),
        "service_desk_regions.xlsx": _part_timer(service_desk_regions()),
    }
    for name, problem in samples.items():
        write_roster_workbook(problem, HERE / name)
        print(f"wrote samples/{name}")


if __name__ == "__main__":
    main()
