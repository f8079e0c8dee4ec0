"""Events that a partial answer asks htmx to fire in the page (the HX-Trigger header)."""

import json


def trigger(response, *events: str, announce: str = ""):
    """Fire ``events`` in the page after the swap, and announce one sentence to screen readers."""
    payload: dict[str, object] = dict.fromkeys(events)
    if announce:
        payload["announce"] = announce
    if payload:
        response["HX-Trigger"] = json.dumps(payload)  # \u escapes: a header is Latin-1
    return response
