"""The signed-in user's home, and their data: download it or delete the account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import CharField, Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.fields.json import KT
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.calls import applications as domain
from cohorte.calls import windows
from cohorte.calls.candidate import candidate_status, visible_interviews
from cohorte.calls.models import Application, ApplicationVersion, Message
from cohorte.challenges.models import Challenge
from cohorte.people.models import Role
from cohorte.people.teams import MENTOR_KINDS
from cohorte.programmes.models import Cohort
from cohorte.projects.models import JuryPoolMember
from cohorte.projects.views.administration import proposals_of
from cohorte.selection.models import InterviewSlot

from .forms import DeleteAccountForm
from .menu import work_menu
from .roles import organisation_ids

# Applications that can no longer be submitted again: no pending edits to speak of.
CLOSED = {Application.Status.DRAFT, Application.Status.WITHDRAWN, *windows.DECIDED_STATES}


@login_required
def home(request):
    """ "Mon espace": the user's applications with their status, and their other areas."""
    user = request.user
    now = timezone.now()
    applications = (
        user.applications.select_related(
            "call", "call__cohort", "decision", "decision__challenge", "decision__profile"
        )
        .prefetch_related(
            Prefetch("interviews", queryset=InterviewSlot.objects.order_by("starts_at"))
        )
        .annotate(
            # The revision submitted last, to tell edits made since (no query per row).
            submitted_revision=Subquery(
                ApplicationVersion.objects.filter(application=OuterRef("pk"))
                .order_by("-number")
                .annotate(revision=KT("data__revision"))
                .values("revision")[:1],
                output_field=CharField(),
            ),
            pending_requests=Count(
                "messages",
                filter=Q(
                    messages__from_team=True,
                    messages__kind=Message.Kind.INFO_REQUEST,
                    messages__answered_at__isnull=True,
                ),
            ),
        )
        .order_by("-created_at")
    )
    rows = [
        {
            "application": application,
            "status": candidate_status(application),
            "interviews": visible_interviews(application),
            "unsubmitted": application.status not in CLOSED
            and bool(application.version)
            and application.submitted_revision is not None
            and str(application.submitted_revision) != str(application.revision)
            # Last, and rarely: the window of an application edited since its submission.
            and windows.access(application.call, application, now).open,
        }
        for application in applications
    ]
    # The person's fellow and mentor roles in cohorts not finished, read once.
    roles = list(
        Role.objects.filter(
            kind__in=[Role.Kind.FELLOW, *MENTOR_KINDS], person__user=user, cohort__isnull=False
        )
        .exclude(cohort__status=Cohort.Status.FINISHED)
        .select_related("challenge", "cohort")
    )
    return render(
        request,
        "accounts/home.html",
        {
            "rows": rows,
            # Every work area the person may open, as the side menu lists them.
            "areas": [a for a in work_menu(request) if a["url"] != request.path],
            "proposals": proposals_of(user, now) if organisation_ids(user) else [],
            "panels": user.panels.select_related("call").order_by("-call__opens_at", "name"),
            # A juror of a défi jury's pool not placed yet: no page to open, only what comes.
            "pools": JuryPoolMember.objects.filter(user=user)
            .exclude(call__panels__members=user)
            .select_related("call")
            .order_by("-call__opens_at"),
            "reviews": user.reviews.values("stage").annotate(n=Count("id")).order_by("stage"),
            # The fellow's own recruitment page, once the call's results are published.
            "fellowships": [role for role in roles if role.kind == Role.Kind.FELLOW],
            # Fellows and mentors write their défi's weekly bulletin.
            "writes_bulletins": any(role.challenge_id for role in roles),
            # "Mon suivi": the défis of a running cohort whose team the user belongs to, or
            # which their administration hosts.
            "followed": Challenge.objects.filter(
                Q(pk__in={role.challenge_id for role in roles if role.challenge_id})
                | Q(host_organisation_id__in=organisation_ids(user)),
                cohort__status=Cohort.Status.RUNNING,
            )
            .select_related("cohort")
            .order_by("title"),
        },
    )


@login_required
def data(request):
    """ "Mes données": what is kept, how to download it, how to delete the account."""
    return render(
        request,
        "accounts/data.html",
        {"refusal": domain.deletion_refusal(request.user)},
    )


@login_required
def data_download(request):
    """A ZIP of the user's data and files."""
    content = domain.export_candidate_data(request.user)
    record("account.data_exported", request.user, request.user, size=len(content))
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{stamp}.zip"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def delete(request):
    """Confirm with the password (or a typed phrase), then delete the account."""
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)
    refusal = domain.deletion_refusal(user)
    error = refusal if request.method == "POST" else ""
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            domain.delete_account(user)
        except domain.ApplicationError as refused:
            error = refused.message
        else:
            logout(request)
            messages.success(request, _("Votre compte et vos candidatures ont été supprimés."))
            return redirect("public:home")
    status = 200
    if request.method == "POST":
        status = 409 if error else 400
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "error": error, "refusal": refusal},
        status=status,
    )
