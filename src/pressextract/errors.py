"""Every way pressextract can fail, in one place.

Each error carries a code and says what to do about it, e.g.
``[PX012] notes.txt: no release date found: pass published= or add a dateline``.

Errors also derive from the built-in exception a Python user would catch:
a file that cannot be read is an ``OSError`` (a missing one a
``FileNotFoundError``), a bad argument a ``ValueError``, a missing optional
dependency an ``ImportError``.
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

    def __str__(self) -> str:
        # OSError and ImportError parents format their own way; the one-line message is the contract.
        return self.args[0] if self.args else ""

    def __reduce__(self):
        return (_rebuild, (type(self), self.message, self.path))


def _rebuild(cls, message: str, path: str | None) -> PressExtractError:
    return cls(message, path=path)


class ShippedError(PressExtractError):
    """An error raised in a worker process, carried back as its code and one-line message."""

    def __init__(self, full_message: str, code: str = "PX000") -> None:
        self.code = code
        self.path = None
        self.message = full_message
        Exception.__init__(self, full_message)

    def __reduce__(self):
        return (ShippedError, (self.message, self.code))


class InputReadError(PressExtractError, OSError):
    """The file cannot be opened or read."""

    code = "PX001"


class InputNotFoundError(InputReadError, FileNotFoundError):
    """The file does not exist (or a string given as a path names no file)."""


class BinaryInputError(PressExtractError, ValueError):
    """The file is not text (an image, a PDF, an archive)."""

    code = "PX002"


class NoTextLayerError(BinaryInputError):
    """A PDF with no text layer (a scan): there is nothing to read without OCR."""

    code = "PX008"


class UnsupportedTypeError(PressExtractError, ValueError):
    """A file of a type pressextract does not read, named on the command line or in a manifest."""

    code = "PX009"


class DecodeError(PressExtractError, ValueError):
    """The bytes could not be decoded in any encoding we can detect."""

    code = "PX003"


class InputTooLargeError(PressExtractError, ValueError):
    """The file is larger than the configured limit."""

    code = "PX004"


class ModelNotFoundError(PressExtractError, OSError):
    """No spaCy English pipeline could be loaded."""

    code = "PX010"


class ConfigError(PressExtractError):
    """The pipeline config or rule data under models/ is missing or malformed."""

    code = "PX011"


class BadArgumentError(PressExtractError, ValueError):
    """An argument to the API or CLI has an unusable value."""

    code = "PX012"


class GoldFileError(PressExtractError):
    """A golden file cannot be read or does not have the record shape."""

    code = "PX020"


class ResultsFileError(PressExtractError, ValueError):
    """A results file or folder (JSONL, JSON, tables, SQLite) cannot be read back as records."""

    code = "PX021"


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


class MissingExtraError(PressExtractError, ImportError):
    """An optional dependency (pandas, pyarrow) is needed for what was asked and is not installed."""

    code = "PX014"


class RayNotInstalledError(MissingExtraError):
    """``--engine ray`` was asked for and Ray Data is not installed (``pip install 'pressextract[ray]'``)."""

    code = "PX016"


class OutputError(PressExtractError, OSError):
    """An output file or folder cannot be written."""

    code = "PX015"


class ClusterError(PressExtractError, ConnectionError):
    """``--engine ray --address`` names a Ray cluster that cannot be reached."""

    code = "PX017"


# Codes of the warnings a record can carry (``Record.warnings``); the text follows the code.
EMPTY_DOCUMENT = "PX030"
NOTHING_FOUND = "PX031"


def warning(code: str, message: str) -> str:
    """A record warning in the same one-line shape as an error: ``[PX030] message``."""
    return f"[{code}] {message}"
