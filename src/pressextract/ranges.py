"""Character ranges that rules ask about many times per document, answered by bisection.

A long document holds thousands of mentions and proper-noun runs; asking
"does this range overlap one already taken?" by scanning them all makes the
cost grow with the square of the length (issue 16). These classes keep the
ranges sorted so that each question costs a logarithm.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterable

from .items import Offsets


class Covered:
    """The characters covered by a growing set of ranges: overlap and containment tests in log time.

    Ranges that overlap are merged; ranges that only touch stay apart, so a
    test gives the same answer as testing each range added (``s < end and
    start < e``). Empty ranges cover nothing.
    """

    def __init__(self, ranges: Iterable[Offsets] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in ranges:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        """Cover ``[start, end)``."""
        if start >= end:
            return
        lo = bisect_right(self._ends, start)  # the first range that ends after ``start``
        hi = bisect_left(self._starts, end)  # the ranges from ``hi`` on start at or after ``end``
        if lo < hi:
            start, end = min(start, self._starts[lo]), max(end, self._ends[hi - 1])
        self._starts[lo:hi] = [start]
        self._ends[lo:hi] = [end]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a character with a covered range (or, when empty, lies inside one)."""
        i = bisect_right(self._ends, start)
        return i < len(self._starts) and self._starts[i] < end

    def __contains__(self, offset: int) -> bool:
        """Whether the character at ``offset`` is covered."""
        i = bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._ends[i]


class Sorted:
    """Fixed ranges sorted by start, each with the index it was given in: which overlap, which hold, which end near."""

    def __init__(self, ranges: Iterable[Offsets]) -> None:
        order = sorted(((s, e, i) for i, (s, e) in enumerate(ranges)), key=lambda r: (r[0], r[2]))
        self.starts = [s for s, _, _ in order]
        self.ends = [e for _, e, _ in order]
        self.ids = [i for _, _, i in order]
        self._reach: list[int] = []
        """The furthest end of the ranges up to each position, to stop a backward walk early."""
        reach = -1
        for end in self.ends:
            reach = max(reach, end)
            self._reach.append(reach)
        by_end = sorted(range(len(self.ends)), key=lambda k: (self.ends[k], k))
        self._end_order = by_end
        self._sorted_ends = [self.ends[k] for k in by_end]

    def __len__(self) -> int:
        return len(self.starts)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Positions (in start order) of the ranges that overlap ``[start, end)`` (``s < end and start < e``)."""
        out = []
        k = bisect_left(self.starts, end) - 1
        while k >= 0 and self._reach[k] > start:
            if self.ends[k] > start:
                out.append(k)
            k -= 1
        out.reverse()
        return out

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some range overlaps ``[start, end)``."""
        k = bisect_left(self.starts, end) - 1
        return k >= 0 and self._reach[k] > start

    def holding(self, start: int, end: int) -> bool:
        """Whether some range holds all of ``[start, end)`` (``s <= start and end <= e``)."""
        k = bisect_right(self.starts, start) - 1
        while k >= 0 and self._reach[k] >= end:
            if self.ends[k] >= end:
                return True
            k -= 1
        return False

    def starting_in(self, start: int, end: int) -> range:
        """Positions (in start order) of the ranges that start in ``[start, end)``."""
        return range(bisect_left(self.starts, start), bisect_left(self.starts, end))

    def ending_in(self, start: int, end: int) -> list[int]:
        """Positions (in start order) of the ranges that end in ``(start, end]``."""
        lo, hi = bisect_right(self._sorted_ends, start), bisect_right(self._sorted_ends, end)
        return sorted(self._end_order[lo:hi])

