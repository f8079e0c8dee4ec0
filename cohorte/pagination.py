"""Paginating lists, public and back office: every ``?page=`` value shows a page, never a 404.

A list shrinks while people page through it (a filter, a withdrawal, a défi unpublished):
a link to page 5 of yesterday's list then shows the last page, not an error.
"""

from django.core.paginator import Paginator

# Longer than any page count: such a number is past the end (and int() is not asked to read it).
MAX_DIGITS = 18


def page_number(value, last: int) -> int:
    """The page ``?page=value`` designates within [1, last]: past the end is the last page,
    anything but a number the first."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    if len(text) > MAX_DIGITS:
        return last
    return min(max(int(text), 1), last)


def paginate(request, object_list, per_page: int, param: str = "page", count=None):
    """The requested page of ``object_list``, with an elided page range for the template;
    ``param`` names the query parameter when a page holds two paginated lists; ``count``,
    the size of ``object_list`` when the caller already counted it (one query less)."""
    paginator = Paginator(object_list, per_page)
    if count is not None:
        paginator.count = count  # a cached property: the paginator does not count again
    page = paginator.page(page_number(request.GET.get(param), paginator.num_pages))
    page.elided_range = list(
        paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    page.ellipsis = Paginator.ELLIPSIS
    return page
