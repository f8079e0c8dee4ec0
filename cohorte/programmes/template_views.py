"""/gestion/parametres/modele/: download the programme's template, import another one.

The upload is checked and shown (what each section will create or update) before the
team confirms; the file waits in the session meanwhile. Anonymous visitors go to the
login page; signed-in users other than the team and its director get 403.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires

from . import (
    template_rules,  # noqa: F401  (registers the permission)
    templates_io,
)
from .setup import current_programme
from .template_forms import TemplateUploadForm

manage_required = requires("programmes.manage_template")
WAITING = "programme-template"


def _programme():
    programme = current_programme()
    if programme is None:
        raise Http404
    return programme


def _page(request, form, report=None, problems=(), status=200):
    sections = []
    if report is not None:
        sections = [(templates_io.label_of(name), c) for name, c in report.counts.items()]
    return render(
        request,
        "programmes/template.html",
        {
            "title": _("Modèle du programme"),
            "programme": _programme(),
            "form": form,
            "report": report,
            "sections": sections,
            "problems": problems,
        },
        status=status,
    )


@manage_required
def template_page(request):
    """The download button and the upload form; a posted file is checked and previewed."""
    programme = _programme()
    if request.method != "POST":
        return _page(request, TemplateUploadForm())
    form = TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    content = form.cleaned_data["file"].read()
    try:
        report = templates_io.preview(programme, content)
    except templates_io.TemplateError as error:
        return _page(request, TemplateUploadForm(), problems=error.problems, status=400)
    request.session[WAITING] = content.decode("utf-8")
    return _page(request, TemplateUploadForm(), report=report)


@manage_required
@require_POST
def template_download(request):
    """The programme's template as a JSON file named after its slug and the day."""
    programme = _programme()
    text = templates_io.dumps(templates_io.export_template(programme, actor=request.user))
    name = f"{programme.slug}-modele-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@manage_required
@require_POST
def template_import(request):
    """Import the file previewed a moment ago."""
    programme = _programme()
    content = request.session.get(WAITING)
    if content is None:
        messages.error(request, _("Aucun fichier en attente : choisissez de nouveau le modèle."))
        return redirect("programme_template:page")
    try:
        report = templates_io.import_template(programme, content.encode(), actor=request.user)
    except templates_io.TemplateError as error:
        request.session.pop(WAITING, None)
        return _page(request, TemplateUploadForm(), problems=error.problems, status=400)
    request.session.pop(WAITING, None)
    created = sum(c.created for c in report.counts.values())
    updated = sum(c.updated for c in report.counts.values())
    messages.success(
        request,
        _("Modèle importé : %(created)s élément(s) créé(s), %(updated)s mis à jour.")
        % {"created": created, "updated": updated},
    )
    for problem in report.skipped:
        messages.warning(request, _("Non importé : %(problem)s") % {"problem": problem})
    return redirect("programme_template:page")
