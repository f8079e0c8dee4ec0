"""Catching the tracked link a visitor arrives by, and asking how they heard of the call."""

from functools import wraps

from django.utils.translation import gettext as _

from . import domain
from .forms import ArrivalForm
from .models import UTM_PARAMETERS


def remember_arrival(view):
    """Around a call's public page: a visit with the UTM parameters of one of the call's
    channels remembers that channel in the session; other parameters are ignored. It runs
    outside the page cache, so that cached pages still remember the link."""

    @wraps(view)
    def wrapped(request, slug, *args, **kwargs):
        response = view(request, slug, *args, **kwargs)
        if response.status_code == 200 and any(name in request.GET for name in UTM_PARAMETERS):
            from cohorte.calls.models import Call

            call = Call.objects.filter(slug=slug).only("pk", "slug").first()
            channel = domain.channel_for(call, request.GET) if call else None
            if channel is not None:
                domain.remember_channel(request.session, call, channel)
        return response

    return wrapped


def arrival_form(request, call, *, proposal=False) -> ArrivalForm:
    """The heard-from question and the consent to keep the link, bound on a POST."""
    form = ArrivalForm(
        request.POST if request.method == "POST" else None, question=domain.question_of(call)
    )
    # The consent is asked only of a visitor who came by one of the call's tracked links.
    form.show_consent = str(call.pk) in request.session.get(domain.SESSION_KEY, {})
    if proposal:
        form.fields["link_consent"].label = _(
            "J'accepte que le lien par lequel je suis arrivé·e soit conservé avec ma "
            "proposition pour mesurer la diffusion de l'appel."
        )
    return form


def keep(request, call, form, *, application=None, proposal=None):
    """Record the arrival of a new application or proposal from a valid arrival form."""
    return domain.keep_arrival(
        call,
        request.session,
        form.cleaned_data.get("heard_from"),
        form.cleaned_data.get("link_consent", False),
        request.user,
        application=application,
        proposal=proposal,
    )
