"""The fellows' and mentors' programme pages (/programme/): their calendar, their answers,
their feedback, and their calendar feeds.

Access: anonymous visitors go to the login page (but for the secret feed address); accounts
that are neither fellow nor mentor of the event's cohort get 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires

from . import calendar, feedback, feeds, registrations
from .audience import events_for, in_audience
from .forms import ExcuseForm, FeedbackForm
from .models import Attendance, Event, Registration

member_required = requires("events.use_programme")


def _event(request, event_id):
    event = get_object_or_404(Event.objects.select_related("cohort"), pk=event_id)
    if not request.user.has_perm("events.view_event", event):
        raise PermissionDenied
    return event


@member_required
def mine(request):
    """The person's programme: upcoming and past events of their audience, with their answer."""
    now = timezone.now()
    events = list(events_for(request.user).select_related("cohort"))
    answers = dict(
        Registration.objects.filter(user=request.user, event__in=events).values_list(
            "event_id", "state"
        )
    )
    present = set(
        Attendance.objects.filter(user=request.user, event__in=events).values_list(
            "event_id", flat=True
        )
    )
    for event in events:
        event.my_state = answers.get(event.pk, "")
        event.was_present = event.pk in present
    return render(
        request,
        "events/mine.html",
        {
            "title": _("Mon programme"),
            "upcoming": [e for e in events if e.ends_at > now],
            "past": sorted(
                (e for e in events if e.ends_at <= now), key=lambda e: e.starts_at, reverse=True
            ),
        },
    )


@login_required
def event(request, event_id):
    """One event: its details, the person's answer, and their feedback once it is over."""
    event = _event(request, event_id)
    now = timezone.now()
    return render(
        request,
        "events/mine_event.html",
        {
            "title": event.title,
            "event": event,
            "for_me": in_audience(request.user, event),
            "state": registrations.state_of(event, request.user),
            "begun": event.starts_at <= now,
            "speakers": event.speakers.select_related("person"),
            "materials": event.materials.all(),
            "excuse_form": ExcuseForm(),
            "feedback_form": FeedbackForm(),
            "may_answer": feedback.may_answer(event, request.user, now),
            "answered": feedback.answered(event, request.user),
        },
    )


def _answer(request, event_id, action, success):
    event = _event(request, event_id)
    try:
        action(event)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, success)
    return redirect("events:mine_event", event.pk)


@login_required
@require_POST
def register(request, event_id):
    """Register for an event."""
    return _answer(
        request,
        event_id,
        lambda event: registrations.register(event, request.user),
        _("Vous êtes inscrit·e."),
    )


@login_required
@require_POST
def excuse(request, event_id):
    """Excuse oneself from an event, with a reason."""
    reason = request.POST.get("reason", "")
    return _answer(
        request,
        event_id,
        lambda event: registrations.excuse(event, request.user, reason),
        _("Votre absence est notée."),
    )


@login_required
@require_POST
def withdraw(request, event_id):
    """Cancel one's registration."""
    return _answer(
        request,
        event_id,
        lambda event: registrations.withdraw(event, request.user),
        _("Votre inscription est annulée."),
    )


@login_required
@require_POST
def give_feedback(request, event_id):
    """Give one's opinion of an event attended."""
    form = FeedbackForm(request.POST)

    def give(event):
        if not form.is_valid():
            raise ValidationError(_("Choisissez une note de 1 à 5."))
        feedback.give(
            event,
            request.user,
            rating=form.cleaned_data["rating"],
            useful=form.cleaned_data["useful"],
            improve=form.cleaned_data["improve"],
            anonymous=form.cleaned_data["anonymous"],
            now=timezone.now(),
        )

    return _answer(request, event_id, give, _("Merci pour votre avis."))


@login_required
def event_ics(request, event_id):
    """The event as a calendar file, for its audience."""
    event = _event(request, event_id)
    if not in_audience(request.user, event):
        raise PermissionDenied
    response = HttpResponse(calendar.feed([event]), content_type="text/calendar; charset=UTF-8")
    response["Content-Disposition"] = f'attachment; filename="evenement-{event.pk}.ics"'
    return response


@member_required
def feed_page(request):
    """The person's feed address: show it, copy it, regenerate or revoke it."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            feeds.revoke(request.user)
            messages.success(request, _("L’adresse de votre agenda ne fonctionne plus."))
        else:
            feeds.regenerate(request.user)
            messages.success(request, _("Nouvelle adresse créée : l’ancienne ne fonctionne plus."))
        return redirect("events:feed_page")
    token = feeds.token_of(request.user)
    url = request.build_absolute_uri(reverse("events:feed", args=[token])) if token else ""
    response = render(request, "events/feed.html", {"title": _("Mon agenda"), "url": url})
    response["Cache-Control"] = "private, no-store"
    return response


def feed(request, token):
    """A person's programme as a calendar subscription, opened by its secret address only."""
    user = feeds.owner(token)
    if user is None:
        raise Http404
    events = events_for(user).order_by("starts_at", "pk")
    response = HttpResponse(calendar.feed(events), content_type="text/calendar; charset=UTF-8")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
