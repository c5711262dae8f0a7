"""pressextract: structured, source-grounded records from diplomatic press releases."""

from .api import Outcome, RecordList, extract, extract_all, extract_file, extract_many, iter_outcomes, read_records
from .errors import PressExtractError
from .frames import flatten, to_frames
from .keys import canonical_keys, person_key
from .link import Occasion, link
from .pipeline import load
from .plover import plover_rows
from .records import Event, Instrument, Participant, Position, Record, Span

__version__ = "0.1.0"

__all__ = [
    "Event", "Instrument", "Outcome", "Participant", "Position", "PressExtractError", "Record", "RecordList", "Span",
    "Occasion", "canonical_keys", "extract", "extract_all", "extract_file", "extract_many", "flatten", "iter_outcomes", "link",
    "load", "person_key", "plover_rows", "read_records", "to_frames", "__version__",
]
