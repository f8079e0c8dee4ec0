"""The diffusion of a call: the team's pages (/gestion/appels/<id>/diffusion/…) and the public
share kit (/appels/<slug>/kit/).

The team and its director only: anonymous visitors go to the login page, everyone else
signed in gets 403. The share kit is public while the call has not closed.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires
from cohorte.calls import current, windows
from cohorte.calls.models import Call
from cohorte.public.caching import cache_public_page, cache_until
from cohorte.richtext import render_markdown

from . import domain
from .forms import ChannelForm, QuestionForm, RelayForm, SentForm, ShareKitForm, VisualForm
from .models import DEFAULT_QUESTION, Relay, ShareVisual

manage_required = requires("campaigns.manage")


def _call(call_id) -> Call:
    return get_object_or_404(Call.objects.select_related("cohort"), pk=call_id)


def _render(request, call, template, title, status=200, **context):
    return render(
        request,
        f"campaigns/{template}",
        {"call": call, "title": title, **context},
        status=status,
    )


@manage_required
def home(request, call_id):
    """The call's relays and tracked links, with what the team can do next."""
    call = _call(call_id)
    return _render(
        request,
        call,
        "home.html",
        _("Diffusion de l’appel"),
        relays=list(call.relays.all()),
        channels=list(call.channels.select_related("relay", "call")),
        question=domain.question_of(call),
        sent_form=SentForm(initial={"sent_on": timezone.localdate()}),
    )


def _relay_form(request, call, relay=None):
    created = relay is None
    relay = relay or Relay(call=call)
    # Named before the form binds the posted values to the relay.
    title = _("Nouveau relais") if created else _("Modifier le relais « %(name)s »") % {
        "name": relay.name}  # fmt: skip
    form = RelayForm(request.POST or None, instance=relay)
    if request.method == "POST" and form.is_valid():
        domain.save_relay(form.save(commit=False), request.user, created=created)
        messages.success(request, _("Le relais « %(name)s » est enregistré.") % {
            "name": relay.name})  # fmt: skip
        return redirect("campaigns:home", call.pk)
    status = 400 if form.errors else 200
    return _render(request, call, "form.html", title, status=status, form=form)


@manage_required
def relay_new(request, call_id):
    """Add a relay to the call."""
    return _relay_form(request, _call(call_id))


@manage_required
def relay_edit(request, call_id, relay_id):
    """Change a relay of the call."""
    call = _call(call_id)
    return _relay_form(request, call, get_object_or_404(Relay, pk=relay_id, call=call))


@manage_required
@require_POST
def relay_sent(request, call_id, relay_id):
    """Note the day the call was sent to a relay."""
    call = _call(call_id)
    relay = get_object_or_404(Relay, pk=relay_id, call=call)
    form = SentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["sent_on"]))
        return redirect("campaigns:home", call.pk)
    domain.mark_relay_sent(relay, form.cleaned_data["sent_on"], request.user)
    messages.success(request, _("Envoi au relais « %(name)s » noté.") % {"name": relay.name})
    return redirect("campaigns:home", call.pk)


@manage_required
@require_POST
def relay_delete(request, call_id, relay_id):
    """Delete a relay; its channels stay."""
    call = _call(call_id)
    relay = get_object_or_404(Relay, pk=relay_id, call=call)
    domain.delete_relay(relay, request.user)
    messages.success(request, _("Le relais « %(name)s » est supprimé.") % {"name": relay.name})
    return redirect("campaigns:home", call.pk)


@manage_required
def channel_new(request, call_id):
    """Create a tracked link of the call."""
    call = _call(call_id)
    form = ChannelForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        channel = form.save(commit=False)
        domain.create_channel(channel, request.user)
        messages.success(request, _("Le lien suivi « %(label)s » est créé : %(link)s") % {
            "label": channel.label, "link": channel.tracked_link})  # fmt: skip
        return redirect("campaigns:home", call.pk)
    status = 400 if form.errors else 200
    return _render(request, call, "form.html", _("Nouveau lien suivi"), status=status, form=form)


def _kit_page(request, call, kit, form, visual_form, status=200):
    return _render(
        request,
        call,
        "kit_form.html",
        _("Kit de diffusion"),
        status=status,
        kit=kit,
        form=form,
        visual_form=visual_form,
        visuals=list(kit.visuals.all()) if kit.pk else [],
        preview_short=render_markdown(kit.short_text),
        preview_long=render_markdown(kit.long_text),
    )


@manage_required
def kit(request, call_id):
    """Write the share kit's texts, with their preview; add or remove its visuals."""
    call = _call(call_id)
    kit = domain.kit_of(call)
    form = ShareKitForm(request.POST or None, instance=kit)
    if request.method == "POST":
        if not form.is_valid():
            return _kit_page(request, call, kit, form, VisualForm(), status=400)
        domain.save_kit(form.save(commit=False), request.user)
        messages.success(request, _("Le kit de diffusion est enregistré."))
        return redirect("campaigns:kit", call.pk)
    return _kit_page(request, call, kit, form, VisualForm())


@manage_required
@require_POST
def visual_add(request, call_id):
    """Add an image, with its alternative text, to the share kit."""
    call = _call(call_id)
    kit = domain.kit_of(call)
    form = VisualForm(request.POST, request.FILES)
    if not form.is_valid():
        return _kit_page(request, call, kit, ShareKitForm(instance=kit), form, status=400)
    if kit.pk is None:
        domain.save_kit(kit, request.user)
    visual = form.save(commit=False)
    visual.kit = kit
    domain.add_visual(visual, request.user)
    messages.success(request, _("L’image est ajoutée au kit."))
    return redirect("campaigns:kit", call.pk)


@manage_required
@require_POST
def visual_delete(request, call_id, visual_id):
    """Remove an image of the share kit."""
    call = _call(call_id)
    visual = get_object_or_404(ShareVisual, pk=visual_id, kit__call=call)
    domain.delete_visual(visual, request.user)
    messages.success(request, _("L’image est retirée du kit."))
    return redirect("campaigns:kit", call.pk)


@manage_required
def question(request, call_id):
    """Configure the "how did you hear of this call" question and its answers."""
    call = _call(call_id)
    existing = domain.question_of(call)
    initial = {"label": str(DEFAULT_QUESTION), "answers": "", "required": False}
    if existing is not None:
        initial = {
            "label": existing.label,
            "answers": "\n".join(a.label for a in existing.answers.filter(active=True)),
            "required": existing.required,
        }
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        domain.configure_question(call, data["label"], data["required"], data["answers"],
                                  request.user)  # fmt: skip
        messages.success(request, _("La question est enregistrée."))
        return redirect("campaigns:home", call.pk)
    status = 400 if form.errors else 200
    return _render(
        request, call, "form.html", _("Comment avez-vous connu cet appel ?"), status=status,
        form=form,
    )  # fmt: skip


@manage_required
def dashboard(request, call_id):
    """Applications and selected fellows per channel and per heard-from answer."""
    call = _call(call_id)
    return _render(
        request, call, "dashboard.html", _("Résultats de la diffusion"), **domain.dashboard(call)
    )


@cache_public_page
def public_kit(request, slug):
    """The share kit of a call, public until the call closes."""
    now = timezone.now()
    call = Call.objects.filter(slug=slug).prefetch_related("rounds").first()
    if call is None or current.phase(call, now) == current.CLOSED:
        raise Http404
    kit = domain.kit_of(call)
    if kit.pk is None:
        raise Http404
    response = render(
        request,
        "campaigns/public_kit.html",
        {
            "call": call,
            "kit": kit,
            "visuals": list(kit.visuals.all()),
            "rounds": windows.rounds_of(call),
            "current": windows.call_window_at(call, now),
            "upcoming": windows.next_window(call, now),
            "call_link": call.get_absolute_url(),
            "breadcrumb": [
                (_("Appels"), "/appels/"),
                (call.title, call.get_absolute_url()),
            ],
        },
    )
    return cache_until(response, current.next_change([call], now))
