"""Logging filters: a refused request is one line, never a traceback."""

import logging

# Answers to a client's request that the server refused on purpose: nothing failed.
REFUSALS = {400, 403, 404, 405, 410}


class OneLineRefusals(logging.Filter):
    """Drop the traceback Django attaches to the log line of a refused request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in REFUSALS or record.name.startswith(
            "django.security"
        ):
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
