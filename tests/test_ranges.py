"""Indexed range lookups (ranges.py) answer as the scans over every range they replace."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pressextract.ranges import Covered, Sorted

span = st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1]))
spans = st.lists(span, max_size=25)


@settings(max_examples=300, deadline=None)
@given(spans, spans)
def test_covered_answers_as_a_scan(added, queries):
    covered = Covered()
    for i, (s, e) in enumerate(added):
        covered.add(s, e)
        seen = [r for r in added[: i + 1] if r[0] < r[1]]
        for qs, qe in queries:
            assert covered.overlaps(qs, qe) == any(qs < te and ts < qe for ts, te in seen)
            assert (qs in covered) == any(ts <= qs < te for ts, te in seen)


@settings(max_examples=300, deadline=None)
@given(spans, spans)
def test_sorted_answers_as_a_scan(ranges, queries):
    index = Sorted(ranges)
    for qs, qe in queries:
        found = [index.ids[k] for k in index.overlapping(qs, qe)]
        assert sorted(found) == [i for i, (s, e) in enumerate(ranges) if s < qe and qs < e]
        assert index.overlaps(qs, qe) == bool(found)
        assert index.holding(qs, qe) == any(s <= qs and qe <= e for s, e in ranges)
        assert sorted(index.ids[k] for k in index.starting_in(qs, qe)) == [i for i, (s, _) in enumerate(ranges) if qs <= s < qe]
        assert sorted(index.ids[k] for k in index.ending_in(qs, qe)) == [i for i, (_, e) in enumerate(ranges) if qs < e <= qe]
