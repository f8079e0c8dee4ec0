"""The directory of people and the page of a person."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.pagination import paginate

from .. import queries
from ..caching import cache_public_page
from ..forms import PersonFilterForm
from ..social import social_links
from . import legacy

PER_PAGE = 24
PARAMS = ("q", "promotion", "role", "expertise", "page")


@cache_public_page(params=PARAMS)
def person_list(request):
    """People who agreed to be public, filtered by promotion, role, expertise and name."""
    form = PersonFilterForm(request.GET)
    filters = form.active_filters()
    people = queries.filter_people(queries.person_cards(), filters)
    page = paginate(request, people, PER_PAGE)
    return render(
        request,
        "public/person_list.html",
        {"form": form, "page_obj": page, "filter_params": filters, "is_filtered": bool(filters)},
    )


@cache_public_page
def person_detail(request, slug):
    """A public person: bio, expertises, profiles, roles with their promotions and défis."""
    person = queries.person_detail().filter(slug=slug).first()
    if person is None:
        moved = legacy.moved_person(slug)
        if moved is None:
            raise Http404
        return redirect(moved, permanent=True)
    return render(
        request,
        "public/person_detail.html",
        {
            "person": person,
            "social_links": social_links(person),
            "breadcrumb": [(_("Personnes"), reverse("public:person_list"))],
        },
    )
