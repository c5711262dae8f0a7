"""pressextract: structured, source-grounded records from diplomatic press releases."""

from .api import Outcome, extract, extract_file, extract_many, iter_outcomes
from .errors import PressExtractError
from .pipeline import load
from .records import Event, Instrument, Participant, Position, Record, Span

__version__ = "0.1.0"

__all__ = [
    "Event", "Instrument", "Outcome", "Participant", "Position", "PressExtractError", "Record", "Span",
    "extract", "extract_file", "extract_many", "iter_outcomes", "load", "__version__",
]
