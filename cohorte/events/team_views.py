"""The team's programme pages (/gestion/promotions/<id>/programme/): build it, take the
attendance, read the figures and the feedback.

Access: anonymous visitors go to the login page; signed-in users who do not support the
cohort (team, director, EIG Link) get 403.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires
from cohorte.challenges.models import Challenge
from cohorte.pagination import paginate
from cohorte.programmes.models import Cohort

from . import attendance, feedback, programme, stats
from .forms import EventForm, MaterialForm, MessageForm
from .models import Event, Registration

manage_required = requires("events.manage_programme")
PER_PAGE = 30


def _event(cohort_id, event_id):
    return get_object_or_404(
        Event.objects.select_related("cohort"), pk=event_id, cohort_id=cohort_id
    )


def _counted(events):
    return events.annotate(
        registered=Count("registrations", filter=Q(registrations__state="registered")),
        excused=Count("registrations", filter=Q(registrations__state="excused")),
    )


@manage_required
def cohorts(request):
    """The cohorts whose programme the team builds, running ones first."""
    rows = Cohort.objects.annotate(n_events=Count("events")).order_by(
        "-status", "-start_date", "pk"
    )
    return render(
        request, "events/cohorts.html", {"title": _("Programme des promotions"), "cohorts": rows}
    )


@manage_required
def programme_page(request, cohort_id):
    """The cohort's events: upcoming, then past (paged)."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    now = timezone.now()
    events = _counted(Event.objects.filter(cohort=cohort))
    return render(
        request,
        "events/programme.html",
        {
            "title": _("Programme — %(cohort)s") % {"cohort": cohort.name},
            "cohort": cohort,
            "upcoming": events.filter(ends_at__gt=now).order_by("starts_at", "pk"),
            "page_obj": paginate(
                request, events.filter(ends_at__lte=now).order_by("-starts_at"), PER_PAGE
            ),
            "filter_params": {},
        },
    )


def _edit(request, cohort, event):
    form = EventForm(request.POST or None, instance=event, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        saved = programme.save_event(
            form.save(commit=False),
            challenges=form.cleaned_data["challenges"],
            profiles=form.cleaned_data["profiles"],
            people=form.cleaned_data["speakers"],
            external=form.cleaned_data["external_speakers"],
            actor=request.user,
        )
        messages.success(request, _("Événement enregistré."))
        return redirect("events:event", cohort.pk, saved.pk)
    title = _("Modifier l’événement") if event.pk else _("Nouvel événement")
    return render(
        request,
        "events/edit.html",
        {"title": title, "cohort": cohort, "form": form, "event": event},
        status=400 if form.errors else 200,
    )


@manage_required
def event_create(request, cohort_id):
    """Add an event to the programme."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    return _edit(request, cohort, Event(cohort=cohort))


@manage_required
def event_edit(request, cohort_id, event_id):
    """Change an event; its registrants' calendars follow."""
    event = _event(cohort_id, event_id)
    if event.cancelled_at:
        messages.error(request, _("Cet événement est annulé : il ne se modifie plus."))
        return redirect("events:event", cohort_id, event_id)
    return _edit(request, event.cohort, event)


@manage_required
def event_page(request, cohort_id, event_id):
    """An event: its details, who answered, its materials, feedback, and the team's actions."""
    event = _event(cohort_id, event_id)
    answers = (
        Registration.objects.filter(event=event)
        .select_related("user__person")
        .order_by("state", "user__person__full_name", "pk")
    )
    return render(
        request,
        "events/event.html",
        {
            "title": event.title,
            "cohort": event.cohort,
            "event": event,
            "speakers": event.speakers.select_related("person"),
            "challenges": event.challenges.all(),
            "registered": [a for a in answers if a.state == Registration.State.REGISTERED],
            "excused": [a for a in answers if a.state == Registration.State.EXCUSED],
            "materials": event.materials.all(),
            "material_form": MaterialForm(),
            "message_form": MessageForm(),
            "results": feedback.results(event),
            "past": event.ends_at <= timezone.now(),
        },
    )


def _back(event):
    return redirect("events:event", event.cohort_id, event.pk)


@manage_required
@require_POST
def event_cancel(request, cohort_id, event_id):
    """Cancel an event."""
    event = _event(cohort_id, event_id)
    try:
        programme.cancel(event, request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Événement annulé ; les inscrit·es sont prévenu·es."))
    return _back(event)


@manage_required
@require_POST
def material_add(request, cohort_id, event_id):
    """Add a material (slides, link, recording) to an event."""
    event = _event(cohort_id, event_id)
    form = MaterialForm(request.POST)
    if form.is_valid():
        programme.add_material(
            event, form.cleaned_data["title"], form.cleaned_data["url"], request.user
        )
        messages.success(request, _("Support ajouté."))
    else:
        messages.error(request, _("Indiquez le titre et une adresse web valide du support."))
    return _back(event)


@manage_required
@require_POST
def message(request, cohort_id, event_id):
    """E-mail every registrant of an event."""
    event = _event(cohort_id, event_id)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez l’objet et le message."))
        return _back(event)
    try:
        sent = programme.email_registrants(
            event, form.cleaned_data["subject"], form.cleaned_data["body"], request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Message envoyé à %(n)s personne(s).") % {"n": sent})
    return _back(event)


@manage_required
def attendance_page(request, cohort_id, event_id):
    """The roll call on the day: one box per person of the audience, one save button."""
    event = _event(cohort_id, event_id)
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("present") if v.isascii() and v.isdigit()}
        try:
            count = attendance.save(event, chosen, request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Présences enregistrées : %(n)s.") % {"n": count})
        return redirect("events:attendance", cohort_id, event_id)
    return render(
        request,
        "events/attendance.html",
        {
            "title": _("Présences — %(title)s") % {"title": event.title},
            "cohort": event.cohort,
            "event": event,
            "rows": attendance.roll(event),
        },
    )


@manage_required
def stats_page(request, cohort_id):
    """Attendance per event, per person and per défi; mandatory sessions missed."""
    from django.contrib.auth import get_user_model

    cohort = get_object_or_404(Cohort, pk=cohort_id)
    figures = stats.overview(cohort)
    users = get_user_model().objects.filter(pk__in=list(figures["people"])).select_related("person")
    challenges = Challenge.objects.filter(pk__in=[k for k in figures["challenges"] if k])
    people = sorted(
        ({"user": user, **figures["people"][user.pk]} for user in users),
        key=lambda row: (
            -row["missed_mandatory"],
            str(getattr(row["user"], "person", row["user"])),
        ),
    )
    return render(
        request,
        "events/stats.html",
        {
            "title": _("Assiduité — %(cohort)s") % {"cohort": cohort.name},
            "cohort": cohort,
            "events": figures["events"],
            "people": people,
            "challenges": [
                {"challenge": c, **figures["challenges"][c.pk]}
                for c in challenges.order_by("title")
            ],
        },
    )
