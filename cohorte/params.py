"""Integers read from addresses and forms, range-checked before any query sees them.

An identifier typed by hand (``?defi=99999999999999999999999``) overflows the database's
integer: every view reads integers through these, so an impossible value is simply no
value (an empty result or the form's own message), never a server error.
"""

# The largest identifier the database holds (a 64-bit signed integer).
MAX_ID = 2**63 - 1


def int_param(value, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """The integer a parameter holds, or None if it holds none within [minimum, maximum]."""
    text = str(value).strip() if value is not None else ""
    if not text.lstrip("-").isdigit() or len(text) > 20:
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def int_params(values, minimum: int = 1, maximum: int = MAX_ID) -> list[int]:
    """The integers of a list of parameters (``?ids=1&ids=2``), impossible ones left out."""
    numbers = (int_param(v, minimum, maximum) for v in values)
    return [n for n in numbers if n is not None]
