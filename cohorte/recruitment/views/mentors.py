"""The team invites the mentors of a cohort who have no account yet to create one
(/gestion/promotions/<id>/mentors/).

Access: anonymous visitors go to the login page; signed-in users outside the team get 403.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorte.pagination import paginate
from cohorte.people import accounts
from cohorte.people.models import Role
from cohorte.programmes.models import Cohort

from .team import team_required

PER_PAGE = 50


@team_required
def mentors(request, cohort_id):
    """The cohort's mentors without an account; inviting them all (POST)."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    if request.method == "POST":
        outcome = accounts.invite_mentors(cohort, request.user)
        if outcome["invited"]:
            messages.success(
                request,
                ngettext(
                    "%(count)s mentor invité à créer son compte.",
                    "%(count)s mentors invités à créer leur compte.",
                    outcome["invited"],
                )
                % {"count": outcome["invited"]},
            )
        if outcome["unreached"]:
            messages.warning(
                request,
                _("Sans adresse e-mail connue, donc non invité(s) : %(names)s.")
                % {"names": ", ".join(outcome["unreached"])},
            )
        if not outcome["invited"] and not outcome["unreached"]:
            messages.info(request, _("Tous les mentors de la promotion ont déjà un compte."))
        return redirect("recruitment:mentors", cohort.pk)
    roles = Role.objects.filter(cohort=cohort, kind__in=accounts.MENTOR_KINDS).select_related(
        "challenge"
    )
    people = accounts.mentors_without_account(cohort).prefetch_related(
        Prefetch("roles", queryset=roles.order_by("challenge__title"), to_attr="mentor_roles")
    )
    page = paginate(request, people, PER_PAGE)
    return render(
        request,
        "recruitment/mentors.html",
        {
            "title": _("Comptes des mentors — %(cohort)s") % {"cohort": cohort.name},
            "cohort": cohort,
            "page_obj": page,
        },
    )
