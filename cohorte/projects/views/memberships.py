"""Who represents which administration, for the programme team (/gestion/administrations/):
requests to become the first member of a known administration, to accept or refuse with a
reason, and each administration's e-mail domains.

Access: anonymous visitors go to the login page; signed-in users outside the programme
team get 403. The rules live in ``membership_requests.py`` and ``mail_domains.py``.
"""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires
from cohorte.organisations.models import Organisation, OrganisationDomain
from cohorte.search import matching

from .. import mail_domains, membership_requests
from ..accounts import AccountError, domain_of, is_consumer_domain
from ..models import MembershipRequest, OrganisationMember

team_required = requires("projects.manage_memberships")
TITLE = gettext_lazy("Comptes des administrations")
SEARCH_LIMIT = 20
DECIDED_SHOWN = 30


def _pending_rows():
    rows = []
    pending = (
        MembershipRequest.objects.filter(status=MembershipRequest.Status.PENDING)
        .select_related("organisation", "user", "call")
        .prefetch_related("organisation__email_domains")
        .order_by("created_at", "pk")
    )
    for item in pending:
        domain = domain_of(item.user.email)
        known = sorted(d.domain for d in item.organisation.email_domains.all())
        rows.append(
            {
                "request": item,
                "domains": known,
                "domain": domain,
                "can_add_domain": bool(domain)
                and not is_consumer_domain(domain)
                and domain not in known,
            }
        )
    return rows


def _search(query: str):
    if not query:
        return []
    return list(
        matching(Organisation.objects.all(), query)
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name", "pk")[:SEARCH_LIMIT]
    )


def _list_page(request, error="", error_for=None, reason="", status=200):
    query = request.GET.get("q", "").strip()[:200]
    decided = (
        MembershipRequest.objects.exclude(status=MembershipRequest.Status.PENDING)
        .select_related("organisation", "user", "decided_by")
        .order_by("-decided_at", "-pk")[:DECIDED_SHOWN]
    )
    return render(
        request,
        "projects/memberships/requests.html",
        {
            "title": TITLE,
            "rows": _pending_rows(),
            "decided": decided,
            "query": query,
            "results": _search(query),
            "error": error,
            "error_for": error_for,
            "reason": reason,
        },
        status=status,
    )


@team_required
def requests(request):
    """Pending requests to accept or refuse, the last ones decided, and a search of the
    administrations to reach their e-mail domains."""
    return _list_page(request)


@team_required
@require_POST
def approve(request, pk):
    """Accept a request: the person joins the administration (and its domain, if ticked)."""
    item = get_object_or_404(MembershipRequest.objects.select_related("organisation"), pk=pk)
    try:
        membership_requests.approve(item, request.user, add_domain=bool(request.POST.get("domain")))
    except AccountError as refused:  # decided meanwhile: no longer in the list
        return _list_page(request, error=refused.message, status=409)
    messages.success(
        request,
        _("%(email)s représente désormais %(organisation)s ; un courriel l'en informe.")
        % {"email": item.user.email, "organisation": item.organisation.name},
    )
    return redirect("memberships:requests")


@team_required
@require_POST
def refuse(request, pk):
    """Refuse a request with a reason, which the person receives by e-mail."""
    item = get_object_or_404(MembershipRequest.objects.select_related("organisation"), pk=pk)
    reason = request.POST.get("reason", "")
    try:
        membership_requests.refuse(item, request.user, reason)
    except AccountError as refused:
        if item.status != MembershipRequest.Status.PENDING:  # decided meanwhile
            return _list_page(request, error=refused.message, status=409)
        return _list_page(
            request, error=refused.message, error_for=item.pk, reason=reason, status=400
        )
    messages.success(
        request,
        _("La demande de %(email)s est refusée ; un courriel lui donne le motif.")
        % {"email": item.user.email},
    )
    return redirect("memberships:requests")


@team_required
def organisation(request, org_id):
    """An administration's e-mail domains (add, remove), accounts and requests."""
    organisation = get_object_or_404(Organisation, pk=org_id)
    error, value, status = "", "", 200
    if request.method == "POST":
        value = request.POST.get("domain", "")
        try:
            row = mail_domains.add_domain(organisation, value, request.user)
        except AccountError as refused:
            error, status = refused.message, 400
        else:
            messages.success(
                request,
                _("« %(domain)s » est ajouté aux domaines de %(organisation)s.")
                % {"domain": row.domain, "organisation": organisation.name},
            )
            return redirect("memberships:organisation", org_id=organisation.pk)
    return render(
        request,
        "projects/memberships/organisation.html",
        {
            "title": TITLE,
            "organisation": organisation,
            "domains": organisation.email_domains.order_by("domain"),
            "members": OrganisationMember.objects.filter(organisation=organisation)
            .select_related("user")
            .order_by("created_at", "pk"),
            "requests": organisation.membership_requests.select_related("user").order_by(
                "-created_at", "-pk"
            ),
            "error": error,
            "value": value.strip()[:253],
            "back": reverse("memberships:requests"),
        },
        status=status,
    )


@team_required
@require_POST
def remove_domain(request, org_id, pk):
    """Remove one of an administration's e-mail domains."""
    row = get_object_or_404(
        OrganisationDomain.objects.select_related("organisation"), pk=pk, organisation_id=org_id
    )
    mail_domains.remove_domain(row, request.user)
    messages.success(
        request,
        _("« %(domain)s » n'est plus un domaine de %(organisation)s.")
        % {"domain": row.domain, "organisation": row.organisation.name},
    )
    return redirect("memberships:organisation", org_id=org_id)
