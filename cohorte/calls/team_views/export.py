"""Exports of a call's applications: the current list or a selection, chosen columns, 4 formats."""

from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.params import int_params

from .. import screening
from ..exports import PARIS, file_stem, streaming_attachment
from ..search import team_applications, visible_applications
from .access import get_call, team_required
from .forms import FILTER_NAMES, ApplicationFilterForm, ExportForm


def _selected_ids(source) -> tuple[list[int], bool]:
    raw = source.getlist("ids")
    ids = sorted(set(int_params(raw)))
    return ids, len(ids) != len(set(raw))


def _filter_data(source) -> QueryDict:
    data = QueryDict(mutable=True)
    for name in FILTER_NAMES:
        if source.get(name):
            data[name] = source.get(name)
    return data


@team_required
def export(request, call_id):
    """Choose columns and a format, then download the applications of the list or selection."""
    call = get_call(call_id)
    source = request.POST if request.method == "POST" else request.GET
    ids, malformed = _selected_ids(source)
    filter_form = ApplicationFilterForm(call, _filter_data(source))
    errors = []
    applications = None
    if ids or malformed:
        applications = visible_applications(call, request.user).filter(pk__in=ids)
        if malformed or applications.count() != len(ids):
            errors.append(
                _(
                    "La sélection contient des candidatures qui n'appartiennent pas à cet appel "
                    "ou que vous ne pouvez pas voir : rien n'est exporté."
                )
            )
        applications = applications.order_by("last_name", "first_name", "pk")
        scope = {"selection": True}
    elif filter_form.is_valid():
        applications = team_applications(call, request.user, filter_form.filters())
        scope = {"filters": sorted(k for k in filter_form.active_params() if k != "sort")}
    else:
        errors.append(_("Un filtre de la liste n'est pas valide : rien n'est exporté."))
    form = ExportForm(call, request.POST if request.method == "POST" else None)
    if request.method == "POST" and not errors and form.is_valid():
        columns = form.chosen_columns()
        fmt = form.cleaned_data["fmt"]
        chunks, content_type, extension = screening.export_applications(
            call, applications, columns, fmt, request.user, scope
        )
        stamp = timezone.localtime(timezone.now(), PARIS).strftime("%Y%m%d-%H%M")
        stem = file_stem("candidatures", call, stamp)
        return streaming_attachment(chunks, content_type, extension, stem)
    return render(
        request,
        "team/export.html",
        {
            "call": call,
            "form": form,
            "errors": errors,
            "count": applications.count() if applications is not None and not errors else None,
            "ids": ids,
            "filters": filter_form.active_params() if not ids else {},
            "filter_summary": filter_form.describe() if not ids and not errors else [],
        },
        status=400 if request.method == "POST" else 200,
    )
