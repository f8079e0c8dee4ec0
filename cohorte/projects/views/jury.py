"""The défi jury's entry page and its pool of jurors.

``/jurys/defis/``: the team sees the calls for projects, each with its pool, composition
and consolidation; a juror sees their panels and auditions. ``/jurys/defis/<call>/jures/``:
the team adds jurors by the e-mail of their account, with a profile and an organisation,
invites by e-mail those who have no account yet (they join once signed in), and takes
them out.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.accounts.roles import is_team, panel_ids
from cohorte.calls.models import Call
from cohorte.calls.steps import project_steps
from cohorte.pagination import paginate
from cohorte.reviews.exclusions import without_conflicts
from cohorte.selection.models import Panel

from ..jury_forms import JurorInvitationForm, PoolFilterForm, PoolMemberForm
from ..jury_invitations import cancel_jury_invitation, invite_juror, pending_jury_invitations
from ..jury_pool import add_to_pool, remove_from_pool
from ..jury_runs import JuryError
from ..models import Audition, JuryInvitation, JuryPoolMember, Proposal
from .jury_access import project_call, team_required

POOL_PER_PAGE = 50


def _count(queryset, field):
    """The rows of ``queryset`` whose ``field`` is the outer call, counted in a subquery."""
    rows = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0)


@login_required
def home(request):
    """The calls for projects (team) and the user's own défi-jury panels (jurors)."""
    user = request.user
    team = is_team(user)
    if not team and not panel_ids(user, "projects"):
        raise PermissionDenied
    calls = []
    if team:
        calls = (
            Call.objects.filter(kind=Call.Kind.PROJECTS)
            .select_related("cohort")
            # One subquery per figure: joining the three relations at once would count
            # their product (proposals × jurors × panels), billions of rows in a large call.
            .annotate(
                shortlisted=_count(
                    Proposal.objects.filter(status=Proposal.Status.SHORTLISTED), "call"
                ),
                pool_size=_count(JuryPoolMember.objects.all(), "call"),
                panel_count=_count(Panel.objects.all(), "call"),
            )
            .order_by("-opens_at", "pk")
        )
    panels = list(
        Panel.objects.filter(members=user, call__kind=Call.Kind.PROJECTS)
        .select_related("call", "referee")
        .prefetch_related(
            Prefetch(
                # A défi the juror is kept away from (a conflict, their administration's)
                # stays out of their sight.
                "auditions",
                queryset=without_conflicts(Audition.objects.all(), user)
                .select_related("proposal__organisation")
                .order_by("starts_at", "pk"),
                to_attr="visible_auditions",
            )
        )
        .order_by("-call__opens_at", "name", "pk")
    )
    # A juror reads the same numbered steps as the team, each saying who acts on it.
    juror_calls = {panel.call_id: panel.call for panel in panels}.values()
    call_steps = [{"call": c, "steps": project_steps(c, user)} for c in juror_calls]
    return render(
        request,
        "projects/jury/home.html",
        {"is_team": team, "calls": calls, "panels": panels, "call_steps": call_steps},
    )


def _seats(call, user_ids) -> dict[int, list[str]]:
    """The names of the call's panels each of ``user_ids`` sits on, in one query."""
    seats: dict[int, list[str]] = {}
    rows = (
        Panel.members.through.objects.filter(panel__call=call, user_id__in=user_ids)
        .order_by("panel__name", "panel_id")
        .values_list("user_id", "panel__name")
    )
    for user_id, name in rows:
        seats.setdefault(user_id, []).append(name)
    return seats


def _pool_page(request, call, form=None, status=200, invitation_form=None):
    pool = JuryPoolMember.objects.filter(call=call)
    # The whole pool by profile in one query, whatever the page shows.
    by_category = dict(pool.values_list("category").annotate(n=Count("pk")).order_by())
    filters = PoolFilterForm(request.GET)
    members = (
        filters.filter(pool)
        .select_related("user", "organisation")
        .order_by("category", "user__last_name", "user__first_name", "pk")
    )
    page = paginate(request, members, POOL_PER_PAGE)
    seats = _seats(call, [member.user_id for member in page.object_list])
    for member in page.object_list:
        member.seats = seats.get(member.user_id, [])
    params = filters.active_params()
    return render(
        request,
        "projects/jury/pool.html",
        {
            "call": call,
            "members": page.object_list,
            "page_obj": page,
            "filters": filters,
            "filter_params": params,
            "is_filtered": bool(params),
            "total": sum(by_category.values()),
            "counts": [
                (label, by_category.get(key, 0))
                for key, label in JuryPoolMember.Category.worded_choices()
            ],
            "form": form or PoolMemberForm(),
            "invitation_form": invitation_form or JurorInvitationForm(),
            "invitations": list(pending_jury_invitations(call)),
        },
        status=status,
    )


@team_required
def pool(request, call_id):
    """The call's pool of jurors; POST adds one (nothing saved on bad input)."""
    call = project_call(call_id)
    if request.method != "POST":
        return _pool_page(request, call)
    form = PoolMemberForm(request.POST)
    if form.is_valid():
        try:
            add_to_pool(
                call,
                form.user,
                form.cleaned_data["category"],
                form.cleaned_data["organisation"],
                request.user,
            )
        except JuryError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(name)s rejoint le vivier de jurés.")
                % {"name": form.user.get_full_name() or form.user.email},
            )
            return redirect("defi_jury:pool", call_id=call.pk)
    return _pool_page(request, call, form)


@team_required
@require_POST
def pool_remove(request, call_id, pk):
    """Take a juror out of the pool (and off the call's panels)."""
    call = project_call(call_id)
    member = get_object_or_404(JuryPoolMember.objects.select_related("user"), pk=pk, call=call)
    name = member.user.get_full_name() or member.user.email
    panels = remove_from_pool(member, request.user)
    if panels:
        messages.warning(
            request,
            _("%(name)s quitte le vivier et les jurys %(panels)s : vérifiez leur composition.")
            % {"name": name, "panels": ", ".join(f"« {p} »" for p in panels)},
        )
    else:
        messages.success(request, _("%(name)s quitte le vivier.") % {"name": name})
    return redirect("defi_jury:pool", call_id=call.pk)


@team_required
@require_POST
def pool_invite(request, call_id):
    """Invite a juror into the pool by e-mail (nothing saved on bad input)."""
    call = project_call(call_id)
    form = JurorInvitationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invite_juror(
                call,
                data["email"],
                data["first_name"],
                data["last_name"],
                data["category"],
                data["organisation"],
                request.user,
            )
        except JuryError as error:
            # What the form cannot tell (already in the pool, invited too recently) is about
            # the address.
            for message in error.messages:
                form.add_error("email", message)
        else:
            messages.success(
                request,
                _(
                    "Invitation envoyée à %(name)s (%(email)s) : la personne rejoindra le vivier "
                    "en se connectant avec cette adresse."
                )
                % {
                    "name": f"{invitation.first_name} {invitation.last_name}",
                    "email": invitation.email,
                },
            )
            return redirect("defi_jury:pool", call_id=call.pk)
    return _pool_page(request, call, invitation_form=form)


@team_required
@require_POST
def pool_invitation_cancel(request, call_id, pk):
    """Withdraw a pending invitation to the pool."""
    call = project_call(call_id)
    invitation = get_object_or_404(JuryInvitation, pk=pk, call=call, accepted_at__isnull=True)
    cancel_jury_invitation(invitation, request.user)
    messages.success(
        request,
        _("L'invitation de %(name)s (%(email)s) est annulée.")
        % {"name": f"{invitation.first_name} {invitation.last_name}", "email": invitation.email},
    )
    return redirect("defi_jury:pool", call_id=call.pk)
