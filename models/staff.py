"""Staff members and the rules of their contract."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class StaffRules(BaseModel):
    """Per-person overrides of the global rules; a field left empty takes the global value."""

    model_config = ConfigDict(frozen=True)

    min_hours_per_week: float | None = Field(default=None, ge=0)
    max_hours_per_week: float | None = Field(default=None, ge=0)
    target_hours_per_week: float | None = Field(default=None, ge=0)
    max_consecutive_days: int | None = Field(default=None, ge=1)
    min_consecutive_days: int | None = Field(default=None, ge=1)
    min_days_off_per_week: int | None = Field(default=None, ge=0, le=7)
    min_days_off_run: int | None = Field(default=None, ge=1)
    max_weekends: int | None = Field(default=None, ge=0)
    min_total_hours: float | None = Field(default=None, ge=0)
    """Least paid hours over the whole horizon."""
    max_total_hours: float | None = Field(default=None, ge=0)
    """Most paid hours over the whole horizon."""
    max_shifts: dict[str, int] = Field(default_factory=dict)
    """Most shifts of a type over the horizon, e.g. ``{"C": 6}``."""


class Staff(BaseModel):
    """A person on the rota."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1)
    name: str = ""
    team: str = ""
    skills: frozenset[str] = frozenset()
    shift_types: frozenset[str] | None = None
    """Shift codes this person may work; empty means every shift type."""
    rules: StaffRules = StaffRules()

    @property
    def display_name(self) -> str:
        """The name, falling back to the id."""
        return self.name or self.id

    def may_work(self, shift_code: str) -> bool:
        """Whether this person may be given a shift of this type."""
        return self.shift_types is None or shift_code in self.shift_types

    def may_ever_work(self, shift_code: str) -> bool:
        """Whether this person may be given a shift of this type at all: it is one of theirs,
        and their own max of it is not 0."""
        return self.may_work(shift_code) and self.rules.max_shifts.get(shift_code) != 0
