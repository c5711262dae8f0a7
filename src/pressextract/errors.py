"""Every way pressextract can fail, in one place.

Each error carries a code and says what to do about it, e.g.
``[PX012] notes.txt: no release date found: pass published= or add a dateline``.
"""

from __future__ import annotations


class PressExtractError(Exception):
    """Base of every error pressextract raises on purpose."""

    code = "PX000"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        self.message = message
        where = f"{path}: " if path else ""
        super().__init__(f"[{self.code}] {where}{message}")


class ShippedError(PressExtractError):
    """An error raised in a worker process, carried back as its code and one-line message."""

    def __init__(self, full_message: str, code: str = "PX000") -> None:
        self.code = code
        self.path = None
        self.message = full_message
        Exception.__init__(self, full_message)

    def __reduce__(self):
        return (ShippedError, (self.message, self.code))


class InputReadError(PressExtractError):
    """The file cannot be opened or read."""

    code = "PX001"


class BinaryInputError(PressExtractError):
    """The file is not text (an image, a PDF, an archive)."""

    code = "PX002"


class DecodeError(PressExtractError):
    """The bytes could not be decoded in any encoding we can detect."""

    code = "PX003"


class InputTooLargeError(PressExtractError):
    """The file is larger than the configured limit."""

    code = "PX004"


class ModelNotFoundError(PressExtractError):
    """No spaCy English pipeline could be loaded."""

    code = "PX010"


class ConfigError(PressExtractError):
    """The pipeline config or rule data under models/ is missing or malformed."""

    code = "PX011"


class BadArgumentError(PressExtractError):
    """An argument to the API or CLI has an unusable value."""

    code = "PX012"


class GoldFileError(PressExtractError):
    """A golden file cannot be read or does not have the record shape."""

    code = "PX020"


class WalkError(PressExtractError):
    """A folder given to the CLI cannot be opened or listed, so its files are not read."""

    code = "PX005"


class SymlinkLoopError(PressExtractError):
    """A folder was reached a second time through a symlink; reported as a note, not a failure."""

    code = "PX006"


class DuplicateDocIdError(PressExtractError):
    """Two inputs share a doc_id where one output file per doc_id is written (``--format json``)."""

    code = "PX007"


class ExtractionError(PressExtractError):
    """The pipeline raised on a document: a bug in pressextract, reported per file so the batch goes on."""

    code = "PX013"


class MissingExtraError(PressExtractError):
    """An optional dependency (pandas, pyarrow) is needed for what was asked and is not installed."""

    code = "PX014"


class RayNotInstalledError(MissingExtraError):
    """``--engine ray`` was asked for and Ray Data is not installed (``pip install 'pressextract[ray]'``)."""

    code = "PX016"


class OutputError(PressExtractError):
    """An output file or folder cannot be written."""

    code = "PX015"


# Codes of the warnings a record can carry (``Record.warnings``); the text follows the code.
EMPTY_DOCUMENT = "PX030"
NOTHING_FOUND = "PX031"


def warning(code: str, message: str) -> str:
    """A record warning in the same one-line shape as an error: ``[PX030] message``."""
    return f"[{code}] {message}"
