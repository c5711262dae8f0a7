"""pressextract: structured, source-grounded records from diplomatic press releases."""

from .api import Outcome, RecordList, extract, extract_all, extract_file, extract_many, iter_outcomes, read_records
from .errors import PressExtractError
from .frames import flatten, to_frames
from .pipeline import load
from .records import Event, Instrument, Participant, Position, Record, Span

__version__ = "0.1.0"

__all__ = [
    "Event", "Instrument", "Outcome", "Participant", "Position", "PressExtractError", "Record", "RecordList", "Span",
    "extract", "extract_all", "extract_file", "extract_many", "flatten", "iter_outcomes", "load", "read_records", "to_frames",
    "__version__",
]
