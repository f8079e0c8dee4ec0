"""The newsletter's pages.

Public (/lettre/…): subscribe, confirm by the e-mailed link, unsubscribe in one click (also
the RFC 8058 POST of mail programs). No account: the signed links are the credentials.

The team's (/gestion/lettre/…): the subscribers' counts, the editions (compose, preview,
test, send once, follow), the export for a legal reason. Anonymous visitors go to the login
page; signed-in users other than the team and its director get 403.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires
from cohorte.audit.domain import record
from cohorte.calls.exports import download_response
from cohorte.notifications.models import OutboxMessage

from . import domain
from .forms import EditionForm, ExportForm, SubscribeForm
from .models import Edition, Subscriber

manage_required = requires("newsletter.manage")
EXPORT_COLUMNS = [
    ("email", "Adresse e-mail"),
    ("calls", "Appels"),
    ("articles", "Articles"),
    ("jobs", "Offres d'emploi"),
    ("created_at", "Inscrit·e le"),
    ("confirmed_at", "Confirmé·e le"),
    ("bounced_at", "Refusé·e par le serveur le"),
]


# Public pages


@never_cache
def subscribe(request):
    """The subscription form; the answer never says whether the address was known."""
    form = SubscribeForm(request.POST or None)
    status, done = 200, False
    if request.method == "POST":
        if form.is_valid():
            domain.subscribe(form.cleaned_data["email"], form.topics(), timezone.now())
            done = True
        else:
            status = 400
    title = _("Recevoir la lettre d’information")
    return render(
        request,
        "newsletter/subscribe.html",
        {"title": title, "form": form, "done": done},
        status=status,
    )


def _refused(request, title, refusal):
    return render(request, "newsletter/link.html", {"title": title, "refusal": refusal}, status=400)


@never_cache
def confirm(request, token):
    """The confirmation link: a button confirms (a link opened by a mail scanner does not)."""
    title = _("Confirmer votre inscription")
    if request.method == "POST":
        try:
            domain.confirm(token, timezone.now())
        except domain.LinkRefused as refusal:
            return _refused(request, title, str(refusal))
        return render(request, "newsletter/link.html", {"title": title, "confirmed": True})
    try:
        domain.confirmable(token)
    except domain.LinkRefused as refusal:
        return _refused(request, title, str(refusal))
    return render(request, "newsletter/link.html", {"title": title, "confirm": True})


@csrf_exempt  # mail programs post the one-click unsubscribe without cookies (RFC 8058)
@never_cache
def unsubscribe(request, token):
    """The unsubscribe link: one click on the page's button, or the mail program's POST."""
    title = _("Se désinscrire de la lettre d’information")
    try:
        subscriber = domain.unsubscriber(token)
    except domain.LinkRefused as refusal:
        return _refused(request, title, str(refusal))
    if request.method == "POST":
        subscriber.delete()
        return render(request, "newsletter/link.html", {"title": title, "unsubscribed": True})
    return render(request, "newsletter/link.html", {"title": title, "unsubscribe": True})


# The team's pages


def _home(request, export_form, status=200):
    editions = Edition.objects.annotate(n_deliveries=Count("deliveries"))
    context = {
        "title": _("Lettre d’information"),
        "counts": domain.counts(),
        "editions": editions,
        "export_form": export_form,
    }
    return render(request, "newsletter/home.html", context, status=status)


@manage_required
def home(request):
    """The subscribers' counts and the editions, newest first."""
    return _home(request, ExportForm())


def _edition_form(request, edition):
    now = timezone.now()
    form = EditionForm(request.POST or None, instance=edition, now=now)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            creating = form.instance.pk is None
            if creating:
                form.instance.created_by = request.user
            # Any change calls for a new test before sending.
            form.instance.test_sent_at = None
            edition = form.save()
            record("newsletter.edition_saved", edition, request.user, created=creating)
            messages.success(
                request, _("Lettre enregistrée. Relisez l’aperçu, puis envoyez-la en test.")
            )
            return redirect("newsletter:edition", edition.pk)
        status = 400
    title = _("Modifier la lettre") if edition else _("Nouvelle lettre")
    return render(
        request,
        "newsletter/edition_form.html",
        {"title": title, "form": form, "edition": edition},
        status=status,
    )


@manage_required
def edition_new(request):
    return _edition_form(request, None)


@manage_required
def edition_edit(request, edition_id):
    edition = get_object_or_404(Edition, pk=edition_id)
    if edition.status != Edition.Status.DRAFT:
        messages.error(request, _("Cette lettre est partie : elle ne se modifie plus."))
        return redirect("newsletter:edition", edition.pk)
    return _edition_form(request, edition)


@manage_required
def edition(request, edition_id):
    """An edition: its text as subscribers read it, its audience, its sending."""
    edition = get_object_or_404(Edition, pk=edition_id)
    now = timezone.now()
    text = (
        edition.frozen_body
        if edition.status != Edition.Status.DRAFT
        else domain.common_text(edition, now)
    )
    progress = None
    if edition.status != Edition.Status.DRAFT:
        progress = OutboxMessage.objects.filter(
            pk__in=edition.deliveries.values("message_id")
        ).aggregate(
            queued=Count("pk", filter=Q(status=OutboxMessage.Status.QUEUED)),
            sent=Count("pk", filter=Q(status=OutboxMessage.Status.SENT)),
            failed=Count("pk", filter=Q(status=OutboxMessage.Status.FAILED)),
        )
        progress["deliveries"] = edition.deliveries.count()
    return render(
        request,
        "newsletter/edition.html",
        {
            "title": edition.subject,
            "edition": edition,
            "text": text,
            "footer": domain.footer(_("(le lien personnel de chaque abonné·e)")),
            "audience": domain.audience(edition).count(),
            "progress": progress,
        },
    )


@manage_required
@require_POST
def edition_test(request, edition_id):
    edition = get_object_or_404(Edition, pk=edition_id, status=Edition.Status.DRAFT)
    try:
        domain.send_test(edition, request.user, timezone.now())
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Test envoyé à %(email)s : relisez-le avant l’envoi.")
            % {"email": request.user.email},
        )
    return redirect("newsletter:edition", edition.pk)


@manage_required
@require_POST
def edition_send(request, edition_id):
    edition = get_object_or_404(Edition, pk=edition_id)
    try:
        domain.start_sending(edition.pk, request.user, timezone.now())
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Envoi commencé : les messages partent par lots."))
    return redirect("newsletter:edition", edition.pk)


@manage_required
@require_POST
def export(request):
    """Every subscriber as CSV, for a legal reason written to the activity log."""
    form = ExportForm(request.POST)
    if not form.is_valid():
        return _home(request, form, status=400)
    rows = Subscriber.objects.order_by("pk").values(*[name for name, _label in EXPORT_COLUMNS])
    record(
        "newsletter.subscribers_exported",
        request.user,
        request.user,
        reason=form.cleaned_data["reason"],
        rows=Subscriber.objects.count(),
    )
    return download_response(EXPORT_COLUMNS, rows.iterator(), "csv", "abonnes-lettre")
