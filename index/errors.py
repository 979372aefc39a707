"""One error hierarchy for the whole project.

Every error a user can cause or meet carries a stable ``code`` and a message a person
understands; the service maps them to one JSON shape and the CLI to a message and exit code.
"""

from __future__ import annotations

from typing import Any


class FazhiError(Exception):
    """Base class of every expected error."""

    code = "error"
    http_status = 500

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class InvalidInputError(FazhiError):
    """A request or argument that cannot be served as given."""

    code = "invalid_input"
    http_status = 422


class NotFoundError(FazhiError):
    """An id (document, passage) that does not exist."""

    code = "not_found"
    http_status = 404


class LoadError(FazhiError):
    """A source file that cannot be read or holds no text."""

    code = "load_error"
    http_status = 422


class IndexMissingError(FazhiError):
    """No index has been built at the configured location."""

    code = "index_missing"
    http_status = 503


class IndexCorruptError(FazhiError):
    """An index folder whose files are missing, unreadable or inconsistent."""

    code = "index_corrupt"
    http_status = 503


class EncoderMismatchError(FazhiError):
    """The index was built with another encoder than the one configured."""

    code = "encoder_mismatch"
    http_status = 503


class EncoderError(FazhiError):
    """An encoder that cannot be loaded or run."""

    code = "encoder_error"
    http_status = 503


class ServiceBusyError(FazhiError):
    """Every answer slot stayed busy for the request's whole time budget."""

    code = "busy"
    http_status = 503


class ReloadError(FazhiError):
    """The index folder could not be loaded again; the service keeps the version it has."""

    code = "reload_failed"
    http_status = 409


class BuildError(FazhiError):
    """A build that cannot produce an index (for example: no readable document)."""

    code = "build_error"
    http_status = 422


class StorageError(FazhiError):
    """A file or folder that cannot be written or read: disk full, no permission, a damaged
    embedding cache."""

    code = "storage_error"
    http_status = 507
