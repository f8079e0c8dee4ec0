"""The impact report's pages: public (/impact/), the team's (/gestion/impact/) and the PDF of
a cohort's report, which the team downloads or sends through the outbox.

Access: /impact/ is public and cached like the public site; the team's pages are for the
programme team and its director: anonymous visitors go to the login page, others get 403.
"""

import datetime

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.accounts.decorators import requires
from cohorte.audit.domain import record
from cohorte.notifications.domain import attachment, queue_email
from cohorte.programmes.models import Cohort
from cohorte.public.caching import cache_public_page, cache_until
from cohorte.public.formats import format_date
from cohorte.site_address import absolute_url

from . import caching as cached
from . import figures as computed
from .charts import charts, cohort_chart
from .forms import FilterForm, SendForm

team_only = requires("impact.view_details")
PDF = "application/pdf"


@cache_public_page
def public(request):
    """The figures over all cohorts with their definitions, the table and charts over cohorts."""
    rows = cached.per_cohort()
    today = timezone.localdate()
    response = render(
        request,
        "impact/public.html",
        {"figures": cached.figures(), "rows": rows, "charts": charts(rows), "today": today},
    )
    # The figures are "at today's date": the page changes at midnight.
    midnight = datetime.datetime.combine(
        today + datetime.timedelta(days=1), datetime.time(0), tzinfo=timezone.get_current_timezone()
    )
    return cache_until(response, midnight)


@team_only
def team(request):
    """The same, filtered by cohort, theme and host, with what each percentage counts."""
    form = FilterForm(request.GET or None)
    chosen = form.chosen() if request.GET else {"cohort": None, "theme": None, "organisation": None}
    by_defi = {"theme": chosen["theme"], "organisation": chosen["organisation"]}
    rows = cached.per_cohort(**by_defi)
    if chosen["cohort"]:
        rows = [(cohort, found) for cohort, found in rows if cohort.pk == chosen["cohort"]]
    return render(
        request,
        "impact/team.html",
        {
            "title": _("Impact du programme"),
            "form": form,
            "filtered": any(chosen.values()),
            "challenge_wide": bool(by_defi["theme"] or by_defi["organisation"]),
            "figures": cached.figures(chosen["cohort"], **by_defi),
            "rows": rows,
            "charts": charts(rows),
            "details": computed.details(chosen["cohort"], **by_defi),
            "cohorts": Cohort.objects.all(),
            "today": timezone.localdate(),
        },
    )


def _pdf(request, cohort) -> bytes:
    from weasyprint import HTML

    found = cached.figures(cohort)
    html = render_to_string(
        "impact/report_print.html",
        {
            "cohort": cohort,
            "figures": found,
            "chart": cohort_chart(cohort, found),
            "today": timezone.localdate(),
            "site_url": absolute_url("/impact/"),
        },
        request=request,
    )
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()


def _filename(cohort) -> str:
    return f"impact-{cohort.slug}.pdf"


@team_only
def report_pdf(request, cohort_id):
    """A cohort's impact report as a PDF, from the same figures and definitions."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    response = HttpResponse(_pdf(request, cohort), content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{_filename(cohort)}"'
    return response


@team_only
def send_report(request, cohort_id):
    """Send a cohort's PDF report to an address the team types, through the outbox."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    form = SendForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            address = form.cleaned_data["email"]
            values = {"cohort": cohort.name, "day": format_date(timezone.localdate())}
            report = _pdf(request, cohort)
            with transaction.atomic():
                queue_email(
                    [address],
                    _("Rapport d’impact de la %(cohort)s") % values,
                    _("Bonjour,\n\nVous trouverez ci-joint le rapport d’impact de la "
                      "%(cohort)s du programme, au %(day)s : chaque chiffre y est donné avec "
                      "sa définition et ce sur quoi il repose.\n\nLes chiffres de toutes les "
                      "promotions : %(url)s\n\nL’équipe du programme")
                    % {**values, "url": absolute_url(reverse("impact:public"))},
                    attachments=[attachment(_filename(cohort), PDF, report)],
                )  # fmt: skip
                record("impact.report_sent", cohort, request.user, to=address)
            messages.success(
                request,
                _("Le rapport de la %(cohort)s est envoyé à %(address)s.")
                % {"cohort": cohort.name, "address": address},
            )
            return redirect("impact:team")
        status = 400
    return render(
        request,
        "impact/send.html",
        {
            "title": _("Envoyer le rapport d’impact de la %(cohort)s") % {"cohort": cohort.name},
            "cohort": cohort,
            "form": form,
        },
        status=status,
    )
