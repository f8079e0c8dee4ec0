"""The team's dashboards: every call with its counts, and one call's breakdowns."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from cohorte.notifications.alerts import failed_messages

from .. import stats
from ..search import hidden_by_conflicts
from ..steps import call_steps
from .access import get_call, team_required


@team_required
def home(request):
    """Calls for applications with their counts, links to configure them, e-mails in failure."""
    return render(
        request,
        "team/home.html",
        {
            "calls": stats.calls_with_counts(),
            "failed_emails": failed_messages().count(),
        },
    )


def _with_links(breakdown, list_url: str) -> dict:
    rows = [
        {
            "label": row.label,
            "cells": [
                {"count": count, "url": f"{list_url}?{urlencode(params)}"}
                for count, params in zip(row.counts, row.params, strict=True)
            ],
        }
        for row in breakdown.rows
    ]
    return {"breakdown": breakdown, "rows": rows, "chart": breakdown.chart}


@team_required
def call_dashboard(request, call_id):
    """One call's counts by status, round, choice, eligibility, completeness and gender."""
    call = get_call(call_id)
    list_url = reverse("team:application_list", args=[call.pk])
    return render(
        request,
        "team/call_dashboard.html",
        {
            "call": call,
            "sections": [_with_links(b, list_url) for b in stats.dashboard(call)],
            "hidden": hidden_by_conflicts(call, request.user),
            "steps": call_steps(call, request.user),
        },
    )
