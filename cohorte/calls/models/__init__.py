"""Calls, their rounds and forms, and the applications made to them."""

from .application import (
    Application,
    ApplicationChoice,
    ApplicationFile,
    ApplicationVersion,
    Message,
    Note,
)
from .call import Call, Question, Round, Statement
from .periodic import PeriodicRun

__all__ = [
    "Application",
    "ApplicationChoice",
    "ApplicationFile",
    "ApplicationVersion",
    "Call",
    "Message",
    "Note",
    "PeriodicRun",
    "Question",
    "Round",
    "Statement",
]
