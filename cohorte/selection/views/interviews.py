"""Interviews: the team schedules, moves, cancels, locks and invites; the candidate answers."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cohorte.calls import guards
from cohorte.calls.candidate import candidate_sees
from cohorte.calls.models import Application, Call
from cohorte.params import int_param
from cohorte.public.formats import format_date
from cohorte.reviews.exclusions import without_conflicts

from .. import interviews as domain
from ..forms import RespondForm, SlotForm
from ..models import InterviewSlot, Panel
from .access import application_call, team_required, visible_slot


@team_required
def slot_create(request, slug):
    """Schedule an interview by hand (team)."""
    call = application_call(slug)
    initial = {
        "panel": Panel.objects.filter(call=call, pk=int_param(request.GET.get("jury"))).first(),
        "application": without_conflicts(
            Application.objects.filter(call=call, pk=int_param(request.GET.get("candidature"))),
            request.user,
        ).first(),
        "duration_minutes": 30,
    }
    form = SlotForm(call, request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slot = domain.schedule_interview(
                data["panel"],
                data["application"],
                data["starts_at"],
                data["duration_minutes"],
                request.user,
                challenge=data["challenge"],
                location=data["location"],
                video_link=data["video_link"],
                exception=request.POST.get("exception"),
            )
        except domain.InterviewError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("L'audition est programmée. Envoyez l'invitation quand tout est prêt.")
            )
            return redirect("selection:panel_detail", pk=slot.panel_id)
    precondition = guards.precondition(
        guards.CONVOCATIONS, guards.call_convocation_missing(call), request.user
    )
    context = {"form": form, "call": call, "slot": None, "precondition": precondition}
    return render(request, "selection/slot_form.html", context)


@login_required
def slot_edit(request, pk):
    """Move an interview: time, duration, panel, défi, place (team)."""
    slot = visible_slot(request, pk, manage=True)
    call = slot.panel.call
    form = SlotForm(call, request.POST or None, slot=slot)
    version = slot.sequence
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            domain.move_interview(
                slot,
                request.user,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                panel=data["panel"],
                challenge=data["challenge"],
                location=data["location"],
                video_link=data["video_link"],
            )
        except domain.InterviewError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if slot.sequence == version:
                text = _("L'audition est enregistrée : rien n'a changé pour le candidat.")
            elif slot.status == InterviewSlot.Status.INVITED:
                text = _("L'audition est modifiée : le candidat reçoit aussitôt la mise à jour.")
            else:
                text = _("L'audition est modifiée. Envoyez l'invitation quand tout est prêt.")
            messages.success(request, text)
            return redirect("selection:panel_detail", pk=slot.panel_id)
    return render(request, "selection/slot_form.html", {"form": form, "call": call, "slot": slot})


def _back(request, slot) -> str:
    """The page the action was taken from (the panel's, the call's), else the panel's."""
    here = request.POST.get("next", "")
    if here.startswith("/") and url_has_allowed_host_and_scheme(
        here, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return here
    return reverse("selection:panel_detail", args=[slot.panel_id])


def _act(request, pk, action, success):
    slot = visible_slot(request, pk, manage=True)
    try:
        action(slot)
    except domain.InterviewError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success(slot) if callable(success) else success)
    return redirect(_back(request, slot))


@login_required
@require_POST
def slot_cancel(request, pk):
    """Cancel an interview (team); an invited candidate is told."""
    return _act(
        request,
        pk,
        lambda s: domain.cancel_interview(s, request.user),
        _("L'audition est annulée."),
    )


@login_required
@require_POST
def slot_lock(request, pk):
    """Lock or unlock an interview (team)."""
    locked = request.POST.get("locked") == "1"
    return _act(
        request,
        pk,
        lambda s: domain.set_locked(s, locked, request.user),
        _("L'audition est verrouillée.") if locked else _("L'audition est déverrouillée."),
    )


@login_required
@require_POST
def slot_invite(request, pk):
    """Send the invitation e-mail with its calendar file (team)."""
    return _act(
        request,
        pk,
        lambda s: domain.send_invitation(s, request.user, request.POST.get("exception")),
        lambda s: _("Invitation envoyée : %(what)s.") % {"what": domain.invitation_summary(s)},
    )


def _bulk_invitations(request, call, unsent, scope: str, back: str):
    """Confirm (count and list), then send every unsent invitation shown; back to ``back``."""
    slots = list(without_conflicts(unsent, request.user))
    hidden = unsent.count() - len(slots)
    if request.method == "POST":
        shown = {int_param(v) for v in request.POST.getlist("slot")} - {None}
        chosen = [s.pk for s in slots if s.pk in shown]
        sent, skipped = domain.send_invitations(chosen, request.user)
        if sent:
            messages.success(
                request,
                ngettext(
                    "%(count)s invitation envoyée : %(list)s.",
                    "%(count)s invitations envoyées : %(list)s.",
                    len(sent),
                )
                % {"count": len(sent), "list": " ; ".join(map(domain.invitation_summary, sent))},
            )
        else:
            messages.info(request, _("Aucune invitation n'est partie : rien n'attendait d'envoi."))
        for reason in skipped:
            messages.warning(request, reason)
        return redirect(back)
    context = {"call": call, "slots": slots, "scope": scope, "back": back, "hidden": hidden}
    return render(request, "selection/invitations_confirm.html", context)


@team_required
def panel_invitations(request, pk):
    """Send every unsent invitation of a panel, after a confirmation (team)."""
    panel = get_object_or_404(
        Panel.objects.select_related("call").filter(call__kind=Call.Kind.APPLICATIONS), pk=pk
    )
    return _bulk_invitations(
        request,
        panel.call,
        domain.unsent_invitations(panel.call, panel=panel),
        _("du jury « %(panel)s »") % {"panel": panel.name},
        reverse("selection:panel_detail", args=[panel.pk]),
    )


@team_required
def day_invitations(request, slug, day):
    """Send every unsent invitation of a day of the call, after a confirmation (team)."""
    call = application_call(slug)
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError as error:
        raise Http404 from error
    return _bulk_invitations(
        request,
        call,
        domain.unsent_invitations(call, day=date),
        _("du %(day)s") % {"day": format_date(date)},
        reverse("selection:home") + f"?appel={call.slug}#auditions",
    )


@login_required
def interview_respond(request, pk):
    """The candidate confirms their interview or asks for another time (their own only)."""
    slot = get_object_or_404(
        InterviewSlot.objects.select_related("application__call", "panel", "challenge"), pk=pk
    )
    if not candidate_sees(slot, request.user):
        raise Http404
    form = RespondForm(request.POST or None)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            try:
                domain.respond_to_invitation(
                    slot, request.user, form.cleaned_data["answer"], form.cleaned_data["message"]
                )
            except domain.InterviewError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(
                    request,
                    _("Merci, votre audition est confirmée.")
                    if form.cleaned_data["answer"] == domain.CONFIRM
                    else _(
                        "Votre demande est transmise à l'équipe du programme, "
                        "qui vous recontactera."
                    ),
                )
                return redirect("selection:interview_respond", pk=slot.pk)
        else:
            error = _(
                "Choisissez : confirmer, ou demander un autre créneau "
                "(message de 2 000 caractères au plus)."
            )
    return render(
        request,
        "selection/interview_respond.html",
        {"slot": slot, "form": form, "error": error, "call": slot.application.call},
    )
