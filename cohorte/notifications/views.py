"""The team's editor of e-mail templates: general texts, texts for one call, previews.

Access: anonymous visitors go to the login page; signed-in users outside the programme
team get 403. An e-mail's text is, in order: the call's own, the general one, the
default written in ``emails.DEFAULTS``; saving checks the placeholders and a refused
text changes nothing.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import team_required
from cohorte.audit.domain import record
from cohorte.calls.models import Call

from . import emails, previews
from .forms import TemplateTextForm, check_single_default
from .models import EmailTemplate


def _calls():
    return Call.objects.filter(kind=Call.Kind.APPLICATIONS).order_by("-opens_at")


@team_required
def template_list(request):
    """Every e-mail the platform sends, and where the team changed its text."""
    saved = list(EmailTemplate.objects.select_related("call").order_by("key", "call__title"))
    rows = []
    for key, default in emails.DEFAULTS.items():
        mine = [t for t in saved if t.key == key]
        rows.append(
            {
                "key": key,
                "label": previews.label(key),
                "subject": next((t.subject for t in mine if t.call_id is None), default.subject),
                "general": any(t.call_id is None for t in mine),
                "calls": [t.call for t in mine if t.call_id is not None],
            }
        )
    return render(request, "notifications/templates.html", {"rows": rows, "calls": _calls()})


def _key_and_call(request, key):
    if key not in emails.DEFAULTS:
        raise Http404
    slug = request.GET.get("appel") or request.POST.get("appel")
    call = get_object_or_404(_calls(), slug=slug) if slug else None
    return key, call


def _edit_url(key, call) -> str:
    url = reverse("notifications:template_edit", args=[key])
    return f"{url}?appel={call.slug}" if call else url


@team_required
def template_edit(request, key):
    """Edit one e-mail's text (for all calls, or ``?appel=`` one call), with a preview."""
    key, call = _key_and_call(request, key)
    own = EmailTemplate.objects.filter(key=key, call=call).first()
    inherited_subject, inherited_body = emails.template_for(key, call)
    preview = None
    if request.method == "POST":
        form = TemplateTextForm(request.POST, key=key, call=call)
        if form.is_valid() and "preview" in request.POST:
            preview = form.preview()
        elif form.is_valid():
            with transaction.atomic():
                if own is None:
                    check_single_default(form, key, call)
                if form.errors:
                    return _edit_page(request, key, call, own, form, None, status=400)
                template, created = EmailTemplate.objects.update_or_create(
                    key=key,
                    call=call,
                    defaults={
                        "subject": form.cleaned_data["subject"],
                        "body": form.cleaned_data["body"],
                    },
                )
                record(
                    "emailtemplate.created" if created else "emailtemplate.changed",
                    template,
                    actor=request.user,
                    key=key,
                    call=call.pk if call else None,
                )
            messages.success(
                request, _("Modèle enregistré : %(label)s.") % {"label": previews.label(key)}
            )
            return redirect(_edit_url(key, call))
        else:
            return _edit_page(request, key, call, own, form, None, status=400)
    else:
        form = TemplateTextForm(
            initial={"subject": inherited_subject, "body": inherited_body}, key=key, call=call
        )
        preview = previews.preview(key, inherited_subject, inherited_body, call)
    return _edit_page(request, key, call, own, form, preview)


def _edit_page(request, key, call, own, form, preview, status=200):
    default = emails.DEFAULTS[key]
    general = None if call is None else EmailTemplate.objects.filter(key=key, call=None).first()
    context = {
        "key": key,
        "label": previews.label(key),
        "call": call,
        "calls": _calls(),
        "own": own,
        "general": general,
        "form": form,
        "preview": preview,
        "placeholders": [f"{{{name}}}" for name in default.placeholders],
    }
    return render(request, "notifications/template_edit.html", context, status=status)


@require_POST
@team_required
def template_reset(request, key):
    """Remove the team's text: a call falls back to the general one, that to the default."""
    key, call = _key_and_call(request, key)
    template = EmailTemplate.objects.filter(key=key, call=call).first()
    if template is None:
        raise Http404
    with transaction.atomic():
        record(
            "emailtemplate.deleted",
            template,
            actor=request.user,
            key=key,
            call=call.pk if call else None,
        )
        template.delete()
    messages.success(
        request, _("Texte d'origine rétabli : %(label)s.") % {"label": previews.label(key)}
    )
    return redirect(_edit_url(key, call))
