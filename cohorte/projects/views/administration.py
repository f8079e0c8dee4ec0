"""The administration space: calls for projects, starting a proposal, colleagues, dashboard.

Every page is for a signed-in person; what they see is limited to the organisations they
act for (``OrganisationMember``). An organisation they do not belong to is never found
(404). The rules live in ``accounts.py`` and ``proposals.py``; these views parse the
request and show the result.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import CharField, Count, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.accounts.roles import organisation_ids
from cohorte.calls import windows
from cohorte.calls.models import Call
from cohorte.campaigns import capture as campaigns
from cohorte.organisations.models import Organisation

from .. import accounts, membership_requests, proposals, visible_status
from ..models import OrganisationMember, Proposal, ProposalVersion

BREADCRUMB_HOME = gettext_lazy("Proposer un défi")


def _calls(now):
    """Calls for projects open now or opening later, with their windows."""
    calls = Call.objects.filter(kind=Call.Kind.PROJECTS, closes_at__gt=now).prefetch_related(
        "rounds"
    )
    rows = []
    for call in calls.order_by("opens_at", "pk"):
        state = windows.access(call, None, now, "start")
        rounds = windows.rounds_of(call)
        rows.append(
            {
                "call": call,
                "state": state,
                "rounds": [r for r in rounds if r.closes_at > now] if len(rounds) > 1 else [],
            }
        )
    return rows


def proposals_of(user, now, limit=None):
    """The proposals of the user's organisations with what the dashboard shows (few queries)."""
    queryset = (
        Proposal.objects.filter(organisation_id__in=organisation_ids(user))
        .select_related("call", "organisation", "round", "audition", "challenge")
        .prefetch_related("call__rounds")
        .annotate(
            # The revision submitted last, to tell edits made since (no query per row).
            submitted_revision=Subquery(
                ProposalVersion.objects.filter(proposal=OuterRef("pk"))
                .order_by("-number")
                .annotate(revision=KT("data__revision"))
                .values("revision")[:1],
                output_field=CharField(),
            ),
            open_questions=Count(
                "messages",
                filter=Q(
                    messages__from_team=True,
                    messages__is_question=True,
                    messages__answered_at__isnull=True,
                ),
            ),
        )
        .order_by("-created_at", "-pk")
    )[:limit]
    rows = []
    for proposal in queryset:
        state = proposals.access(proposal, now)
        rows.append(
            {
                "proposal": proposal,
                "status": visible_status.visible_status(proposal, now),
                # Only while it may still be changed: a decided proposal has no deadline.
                "deadline": proposals.deadline(proposal, now) if state.open else None,
                "editable": state.open,
                "unsubmitted": state.open
                and bool(proposal.version)
                and proposal.submitted_revision is not None
                and str(proposal.submitted_revision) != str(proposal.revision),
            }
        )
    return rows


def _memberships(user):
    return list(
        OrganisationMember.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


@login_required
def home(request):
    """The calls for projects open or upcoming, the user's administrations and proposals."""
    now = timezone.now()
    return render(
        request,
        "projects/administration/home.html",
        {
            "calls": _calls(now),
            "memberships": _memberships(request.user),
            "rows": (rows := proposals_of(request.user, now, limit=5)),
            "show_deadline": any(row["deadline"] for row in rows),
            "refusal": _account_refusal(request.user),
            "requests": membership_requests.requests_of(request.user)[:10],
        },
    )


@login_required
def dashboard(request):
    """ "Mes propositions": every proposal of the user's administrations, with its status."""
    now = timezone.now()
    return render(
        request,
        "projects/administration/dashboard.html",
        {
            "rows": (rows := proposals_of(request.user, now)),
            "show_deadline": any(row["deadline"] for row in rows),
            "memberships": _memberships(request.user),
        },
    )


def _account_refusal(user) -> str:
    try:
        accounts.ensure_professional_account(user)
    except accounts.AccountError as refused:
        return refused.message
    return ""


def _ministries():
    return Organisation.objects.filter(kind=Organisation.Kind.MINISTRY).order_by("name")


@login_required
def new(request, call_slug):
    """Start a proposal for one of the user's administrations, or declare theirs first."""
    call = get_object_or_404(
        Call.objects.prefetch_related("rounds"), slug=call_slug, kind=Call.Kind.PROJECTS
    )
    now = timezone.now()
    state = windows.access(call, None, now, "start")
    memberships = _memberships(request.user)
    context = {
        "call": call,
        "state": state,
        "memberships": memberships,
        "kinds": Organisation.Kind.choices,
        "ministries": _ministries(),
        "refusal": _account_refusal(request.user),
        "values": {},
        "error": "",
        "breadcrumb": [(BREADCRUMB_HOME, reverse("projects:home"))],
        # How they heard of the call, and the tracked link they came by (with their consent).
        "arrival_form": campaigns.arrival_form(request, call, proposal=True),
    }
    template = "projects/administration/new.html"
    if request.method != "POST":
        return render(request, template, context)
    if not state.open:
        return render(request, template, dict(context, error=state.message), status=403)
    if context["refusal"]:
        return render(request, template, dict(context, error=context["refusal"]), status=403)
    values = {
        key: request.POST.get(key, "").strip() for key in ("organisation", "name", "kind", "parent")
    }
    context["values"] = values
    if not context["arrival_form"].is_valid():
        return render(request, template, context, status=400)
    try:
        with transaction.atomic():
            organisation = _chosen_organisation(request.user, memberships, values)
            proposal = proposals.start(call, organisation, request.user, now=now)
            campaigns.keep(request, call, context["arrival_form"], proposal=proposal)
    except accounts.ApprovalNeeded as refused:
        # Nothing was created above; the request to the team is filed on its own.
        try:
            filed = membership_requests.request_membership(request.user, refused.organisation, call)
        except accounts.AccountError as other:
            return render(request, template, dict(context, error=other.message), status=400)
        messages.info(request, f"{refused.message} {membership_requests.pending_message(filed)}")
        return redirect("projects:home")
    except accounts.AccountError as refused:
        return render(request, template, dict(context, error=refused.message), status=400)
    except proposals.WindowClosed as refused:
        return render(request, template, dict(context, error=refused.message), status=403)
    except proposals.ProposalError as refused:
        return render(request, template, dict(context, error=refused.message), status=403)
    messages.success(
        request,
        _("Votre proposition est créée pour %(organisation)s : elle s'enregistre pendant que "
          "vous écrivez.") % {"organisation": organisation.name},
    )  # fmt: skip
    return redirect("projects:proposal", pk=proposal.pk)


def _chosen_organisation(user, memberships, values) -> Organisation:
    choice = values["organisation"]
    if choice and choice != "new":
        for membership in memberships:
            if str(membership.organisation_id) == choice:
                return membership.organisation
        raise accounts.AccountError(_("Choisissez une de vos administrations dans la liste."))
    parent = None
    if values["parent"]:
        parent = (
            _ministries().filter(pk=values["parent"]).first()
            if values["parent"].isdigit()
            else None
        )
        if parent is None:
            raise accounts.AccountError(_("Choisissez le ministère de tutelle dans la liste."))
    return accounts.declare_organisation(user, values["name"], values["kind"], parent)


def _member_organisation(request, org_id) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=org_id)
    if organisation.pk not in organisation_ids(request.user):
        raise Http404  # never a hint that another administration exists
    return organisation


@login_required
def organisation(request, org_id):
    """An administration's accounts and pending invitations; a member invites a colleague."""
    organisation = _member_organisation(request, org_id)
    error, email, status = "", "", 200
    if request.method == "POST":
        email = request.POST.get("email", "").strip()
        try:
            invitation = accounts.invite(organisation, email, request.user)
        except accounts.TooManyInvitations as refused:
            error, status = refused.message, 429
        except accounts.AccountError as refused:
            error, status = refused.message, 400
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s : votre collègue rejoindra %(organisation)s en "
                  "se connectant avec cette adresse.")
                % {"email": invitation.email, "organisation": organisation.name},
            )  # fmt: skip
            return redirect("projects:organisation", org_id=organisation.pk)
    members = (
        OrganisationMember.objects.filter(organisation=organisation)
        .select_related("user", "invited_by")
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "projects/administration/organisation.html",
        {
            "organisation": organisation,
            "members": members,
            "invitations": accounts.pending_invitations(organisation),
            "error": error,
            "email": email,
        },
        status=status,
    )
