"""Cuts coverage windows into time slices at every shift boundary, on the horizon's minute axis.

Minute ``t`` of the horizon is ``day * 1440 + minutes since midnight``. Within one slice the same
shift instances are on duty throughout, so counting people per slice is exact (no hourly grid).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from models import CoverageWindow, Problem
from models.clock import MINUTES_PER_DAY

ShiftInstance = tuple[int, int]
"""(day, shift type index): a shift type as worked on one day."""

_REACH = 2
"""Shifts are shorter than a day, so only shifts starting within two days can touch a window."""


@dataclass(frozen=True)
class Slice:
    """A stretch of a window instance during which the same shift instances are on duty."""

    start: int
    end: int
    covering: frozenset[ShiftInstance]

    @property
    def minutes(self) -> int:
        """Length of the slice."""
        return self.end - self.start


def _shift_intervals(problem: Problem, day: int) -> Iterator[tuple[ShiftInstance, int, int]]:
    """Every shift instance that may touch ``day``'s window, with its interval on the minute axis.

    When the rota is cyclic, instances near the ends appear shifted by a whole horizon as well, so
    that a window on the last day sees the first day's shifts as the next morning.
    """
    n = problem.days
    for offset in range(-_REACH, _REACH + 1):
        raw = day + offset
        if not problem.rules.cyclic and not 0 <= raw < n:
            continue
        for s, shift in enumerate(problem.shift_types):
            begin = raw * MINUTES_PER_DAY + shift.start
            yield (raw % n, s), begin, begin + shift.length_minutes


def window_slices(problem: Problem, window: CoverageWindow, day: int) -> list[Slice]:
    """The slices of ``window`` on ``day``: maximal stretches with one set of shifts on duty."""
    begin = day * MINUTES_PER_DAY + window.start
    end = begin + window.length_minutes
    instances = [
        (instance, max(lo, begin), min(hi, end))
        for instance, lo, hi in _shift_intervals(problem, day)
        if lo < end and hi > begin
    ]
    cuts = sorted({begin, end} | {lo for _, lo, _ in instances} | {hi for _, _, hi in instances})
    slices: list[Slice] = []
    for lo, hi in pairwise(cuts):
        covering = frozenset(inst for inst, a, b in instances if a <= lo and hi <= b)
        if slices and slices[-1].covering == covering and slices[-1].end == lo:
            slices[-1] = Slice(slices[-1].start, hi, covering)
        else:
            slices.append(Slice(lo, hi, covering))
    return slices
