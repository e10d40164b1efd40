"""Errors a service raises; each carries message ids the UI translates."""

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class Problem:
    """One reason a request was refused: the form field it concerns and a message id."""

    field: str | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)


class ServiceError(Exception):
    """A refused request; nothing was written."""

    def __init__(self, *problems: Problem):
        super().__init__(", ".join(p.code for p in problems))
        self.problems = problems


class ValidationFailed(ServiceError):
    """Input that breaks a rule."""


class StaleVersion(ServiceError):
    """The record changed since the user loaded it: a measure, a decision or an account."""

    MESSAGES: ClassVar[dict[str, str]] = {
        "measure": "error.stale_measure",
        "decision": "error.stale_decision",
        "meeting": "error.stale_meeting",
        "account": "error.stale_account",
        **dict.fromkeys(
            (
                "strategy",
                "axis",
                "committee",
                "committeemember",
                "programme",
                "institution",
                "measureupdate",
                "result",
                "indicator",
                "indicatorvalue",
                "reportingperiod",
            ),
            "error.stale_record",
        ),
    }

    def __init__(self, record: str):
        super().__init__(Problem(None, self.MESSAGES[record]))
        self.record = record


class NotAllowed(ServiceError):
    """The acting user may not do this."""

    def __init__(self):
        super().__init__(Problem(None, "error.not_allowed"))


class NotFound(ServiceError):
    """The record does not exist."""

    def __init__(self):
        super().__init__(Problem(None, "error.not_found"))


class DatabaseUnavailable(ServiceError):
    """The database could not do what was asked (`code` says why, services.db.classify)."""

    def __init__(self, code: str):
        super().__init__(Problem(None, code))
        self.code = code
