"""A call's applications list for the team: filters, search, sort, pages, bulk actions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.pagination import paginate

from .. import screening
from ..models import Application
from ..search import hidden_by_conflicts, listed_ids, page_applications, visible_applications
from . import bulk
from .access import get_call, team_required
from .forms import BULK_ACTIONS, ApplicationFilterForm, BulkActionForm

PER_PAGE = 50
SORTABLE = ("name", "submitted_at", "score", "reviews")


def sort_headers(params: dict[str, str], current: str, base_url: str) -> dict[str, dict]:
    """For each sortable column: the link that sorts by it and its aria-sort state."""
    headers = {}
    for key in SORTABLE:
        state = "none"
        target = key if key == "name" else f"-{key}"  # numbers and dates: biggest first
        if current == key:
            state, target = "ascending", f"-{key}"
        elif current == f"-{key}":
            state, target = "descending", key
        query = {k: v for k, v in params.items() if k not in ("sort", "page")}
        query["sort"] = target
        headers[key] = {"url": f"{base_url}?{urlencode(query)}", "state": state}
    return headers


@team_required
def application_list(request, call_id):
    """The call's applications, filtered, searched, sorted and paginated."""
    call = get_call(call_id)
    form = ApplicationFilterForm(call, request.GET)
    if form.is_valid():
        filters = form.filters()
        ids = listed_ids(call, request.user, filters)
        current_sort = filters.sort
    else:
        # A filter we cannot apply shows nothing rather than silently showing everything.
        ids = Application.objects.none().values_list("pk", flat=True)
        current_sort = ""
    # Pages of ids, then the rows of one page: the review figures and relations of the page
    # only, whatever the size of the call.
    page = paginate(request, ids, PER_PAGE)
    page.object_list = page_applications(page.object_list)
    params = form.active_params()
    base_url = reverse("team:application_list", args=[call.pk])
    return render(
        request,
        "team/application_list.html",
        {
            "call": call,
            "form": form,
            "page_obj": page,
            "filter_params": params,
            "is_filtered": bool({k for k in params if k != "sort"}),
            "headers": sort_headers(params, current_sort, base_url),
            "bulk_actions": BULK_ACTIONS,
            "export_url": reverse("team:export", args=[call.pk])
            + (f"?{urlencode(params)}" if params else ""),
            "current_url": request.get_full_path(),
            "hidden": hidden_by_conflicts(call, request.user),
        },
    )


def _run(action: str, applications, actor, reason: str) -> screening.BulkResult:
    if action in ("eligible", "ineligible"):
        return screening.bulk_set_eligibility(applications, action, actor, reason)
    if action in ("complete", "incomplete"):
        return screening.bulk_set_completeness(applications, action, actor, reason)
    return screening.bulk_shortlist(applications, actor)


@team_required
@require_POST
def bulk_action(request, call_id):
    """Confirm, then apply, an action to the applications ticked in the list."""
    call = get_call(call_id)
    back = bulk.back_url(request, reverse("team:application_list", args=[call.pk]))
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        messages.error(request, _("Aucune candidature n'a été modifiée."))
        return redirect(back)
    ids = sorted(set(form.cleaned_data["ids"]))
    action = form.cleaned_data["action"]
    applications = list(
        visible_applications(call, request.user)
        .filter(pk__in=ids)
        .select_related("candidate")
        .order_by("last_name", "first_name", "pk")
    )
    if len(applications) != len(ids):
        messages.error(
            request,
            _(
                "La sélection contient %(count)d candidature(s) qui n'appartiennent pas à cet "
                "appel ou que vous ne pouvez pas voir (conflit d'intérêts déclaré) : aucune "
                "candidature n'a été modifiée."
            )
            % {"count": len(ids) - len(applications)},
        )
        return redirect(back)
    if action == "export":
        query = urlencode([("ids", pk) for pk in ids])
        return redirect(f"{reverse('team:export', args=[call.pk])}?{query}")
    if request.POST.get("confirm") != "1":
        return render(
            request,
            "team/bulk_confirm.html",
            {
                "call": call,
                "form": form,
                "action": action,
                "action_label": dict(BULK_ACTIONS)[action],
                "applications": applications,
                "ids": ids,
                "back": back,
                "asks_reason": action != "shortlist",
            },
        )
    result = _run(action, applications, request.user, form.cleaned_data["reason"])
    bulk.report(request, result)
    return redirect(back)
