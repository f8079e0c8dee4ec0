"""Paginating public lists: a bad or out-of-range page is a 404, never a silent page 1."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.translation import gettext as _


def paginate(request, object_list, per_page: int):
    """The requested page of ``object_list``, with an elided page range for the template."""
    paginator = Paginator(object_list, per_page)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(_("Cette page n'existe pas.")) from error
    page.elided_range = list(
        paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    page.ellipsis = Paginator.ELLIPSIS
    return page
