"""The daily-life practice in the program: everyday bends recorded, good ones counted (pure).

Sets analysed or coached as everyday bends (``exercise``/``variant`` ``daily``) are stored
like any set; their record keeps each bend's class. They count towards the daily-life
practice, never towards the ladder's progression (which reads the sets of the step's own
variant only): a squat to lift a heavy box is no fault of the step's exercise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeGuard

#: The variant id under which everyday bends are stored (``hingecoach.daily.DAILY``).
DAILY_VARIANT = "daily"
#: How far back the practice is summed up, days: a week, as the program's other windows.
PRACTICE_WINDOW_DAYS = 7


@dataclass(frozen=True, slots=True)
class DailyPractice:
    """Everyday bends recorded over the last days.

    Attributes
    ----------
    sessions : int
        Recordings (analysed videos or live practices) with at least one bend.
    bends, good_bends : int
        Bends, and those that were hinges.
    days : int
        The window, days.
    """

    sessions: int
    bends: int
    good_bends: int
    days: int = PRACTICE_WINDOW_DAYS

    @property
    def good_share(self) -> float | None:
        """Share of the bends that were hinges (None without a bend)."""
        return self.good_bends / self.bends if self.bends else None

    def sentence(self) -> str:
        """One encouraging line for today's plan."""
        if not self.bends:
            return (
                "No everyday bends recorded this week: try `hingecoach analyze VIDEO "
                "--exercise daily` or the live page's daily practice."
            )
        return (
            f"Everyday bends this week: {self.good_bends} of {self.bends} were hinges "
            f"({self.good_bends / self.bends:.0%}) over {self.sessions} practice(s)."
        )


def bend_counts(record: dict[str, Any]) -> tuple[int, int] | None:
    """(bends, good bends) of a stored set record, or None when it holds no bends.

    Reads the analysis JSON's ``bends`` section (``count``, ``good_count``) or a live
    practice's ``bends`` list and ``good_bends``.
    """
    section = record.get("bends")
    if isinstance(section, dict):
        count, good = section.get("count"), section.get("good_count")
    elif isinstance(section, list):
        count, good = len(section), record.get("good_bends")
    else:
        return None
    if not (_is_count(count) and _is_count(good)):
        return None
    return count, min(good, count)


def _is_count(value: object) -> TypeGuard[int]:
    """Whether a stored value is a count: a non-negative int (a bool is not one)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def summarize_practice(
    records: Sequence[tuple[datetime, dict[str, Any]]],
    now: datetime,
    days: int = PRACTICE_WINDOW_DAYS,
) -> DailyPractice:
    """Sum the everyday bends of the records made in the last ``days`` before ``now``.

    Parameters
    ----------
    records : sequence of (datetime, dict)
        When each daily set was done, and its stored record.
    now : datetime
    days : int

    Returns
    -------
    DailyPractice
    """
    since = now - timedelta(days=days)
    counted = [c for at, record in records if at >= since and (c := bend_counts(record))]
    return DailyPractice(
        sessions=sum(1 for count, _ in counted if count),
        bends=sum(count for count, _ in counted),
        good_bends=sum(good for _, good in counted),
        days=days,
    )
