"""Links of a table's rows, reversed once per page and the row's id put in per row.

Reversing a URL per row was a tenth of a large table's rendering (50 rows × several links,
or a thousand défis with a cancel button each). A pattern keeps the URL with its last
argument, the row's id, left as ``{pk}``.
"""

from django.urls import reverse

# Stands for the row's id while reversing: no row of these tables has such an id.
_MARKER = 987654321


def pattern(name: str, *args) -> str:
    """The URL ``name`` for ``args`` then a row's id, that id written ``{pk}``."""
    before, found, after = reverse(name, args=[*args, _MARKER]).rpartition(str(_MARKER))
    assert found, f"{name} does not end with a row's id"
    return f"{before}{{pk}}{after}"


def for_row(url_pattern: str, pk) -> str:
    """The URL of the row ``pk`` from its ``pattern``."""
    return url_pattern.replace("{pk}", str(pk))
