"""The signed-in user's home: their applications and the areas their roles open."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .roles import is_director, is_team, mentored_challenge_ids, panel_ids


@login_required
def home(request):
    """ "Mon espace": applications of the user and links to their other areas."""
    user = request.user
    applications = user.applications.select_related("call", "call__cohort").order_by("-created_at")
    return render(
        request,
        "accounts/home.html",
        {
            "applications": applications,
            "is_team": is_team(user),
            "is_director": is_director(user),
            "is_mentor": bool(mentored_challenge_ids(user)),
            "is_juror": bool(panel_ids(user)),
        },
    )
