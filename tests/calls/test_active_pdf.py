"""PDFs with active content (scripts, launch actions, attached files, interactive media, XFA)
are refused on every upload path, with a message naming the file and what to do (issue #16).
The PDFs are built here with pypdf."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NullObject,
    NumberObject,
    TextStringObject,
)

from cohorte.audit.models import ActivityLog
from cohorte.calls.files import MEGABYTE, check_pdf_content
from cohorte.calls.models import ApplicationFile
from cohorte.projects import proposals
from cohorte.projects.models import ProposalFile
from tests.calls.conftest import upload
from tests.calls.test_views_candidate import form_data
from tests.projects.admin_helpers import draft, full_post

pytestmark = pytest.mark.django_db


def _name(value):
    return NameObject(value)


def _action(kind, **entries) -> DictionaryObject:
    action = DictionaryObject({_name("/Type"): _name("/Action"), _name("/S"): _name(kind)})
    for key, value in entries.items():
        action[_name(f"/{key}")] = value
    return action


def _javascript():
    return _action("/JavaScript", JS=TextStringObject("app.alert('bonjour');"))


def _annotation(writer, subtype, **entries):
    annotation = DictionaryObject(
        {
            _name("/Type"): _name("/Annot"),
            _name("/Subtype"): _name(subtype),
            _name("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 100, 100)]),
        }
    )
    for key, value in entries.items():
        annotation[_name(f"/{key}")] = value
    page = writer.pages[0]
    page[_name("/Annots")] = ArrayObject([writer._add_object(annotation)])


def build(change=None) -> bytes:
    """A one-page PDF, changed by ``change(writer)`` before it is written."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if change is not None:
        change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _open_action(action):
    def change(writer):
        writer._root_object[_name("/OpenAction")] = writer._add_object(action)

    return change


def _document_script(writer):
    # The document's name tree of scripts, run when it opens.
    names = ArrayObject([TextStringObject("bonjour"), writer._add_object(_javascript())])
    writer._root_object[_name("/Names")] = DictionaryObject(
        {_name("/JavaScript"): DictionaryObject({_name("/Names"): names})}
    )


def _page_aa(writer):
    writer.pages[0][_name("/AA")] = DictionaryObject({_name("/O"): _javascript()})


def _link_with_script(writer):
    _annotation(writer, "/Link", A=_javascript())


def _rich_media(writer):
    _annotation(writer, "/RichMedia", RichMediaContent=DictionaryObject())


def _xfa(writer):
    writer._root_object[_name("/AcroForm")] = DictionaryObject(
        {_name("/Fields"): ArrayObject(), _name("/XFA"): TextStringObject("<xdp/>")}
    )


def _submit_form(writer):
    _annotation(
        writer, "/Link", A=_action("/SubmitForm", F=TextStringObject("https://ailleurs.example"))
    )


ACTIVE = [
    ("document-script", _document_script, "JavaScript"),
    ("open-action-script", _open_action(_javascript()), "JavaScript"),
    (
        "open-action-launch",
        _open_action(_action("/Launch", F=TextStringObject("calc.exe"))),
        "lancement d'un programme",
    ),
    ("page-additional-action", _page_aa, "JavaScript"),
    ("link-with-script", _link_with_script, "JavaScript"),
    ("attached-file", lambda w: w.add_attachment("outil.exe", b"MZ..."), "fichier joint"),
    ("rich-media", _rich_media, "contenu multimédia interactif"),
    ("xfa-form", _xfa, "formulaire XFA"),
    ("submit-form", _submit_form, "formulaire qui envoie ou importe des données"),
]


def message(name, what):
    return (
        f"Le fichier « {name} » contient du contenu actif ({what}) : enregistrez-le à nouveau en "
        "PDF sans script ni pièce jointe (« Imprimer », puis « Enregistrer au format PDF ») et "
        "déposez-le."
    )


@pytest.mark.parametrize(("change", "what"), [(c, w) for _i, c, w in ACTIVE],
                         ids=[i for i, _c, _w in ACTIVE])  # fmt: skip
def test_active_content_is_refused_with_its_name(change, what):
    content = build(change)
    with pytest.raises(ValidationError) as refused:
        check_pdf_content(upload("CV Camille.pdf", content), MEGABYTE)
    assert refused.value.messages == [message("CV Camille.pdf", what)]
    assert refused.value.error_list[0].code == "active_content"


def handwritten(*objects: bytes) -> bytes:
    """A PDF written by hand from its objects (numbered from 1), with its cross-reference."""
    content, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(content))
        content += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(content)
    content += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    content += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    content += b"trailer\n<< /Root 1 0 R /Size %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return content


def test_escaped_names_do_not_hide_a_script():
    # "/J#61vaScript" is "/JavaScript" and "/J#53" is "/JS" for every PDF reader.
    content = handwritten(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>",
    )
    assert check_pdf_content(upload("cv.pdf", handwritten(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    )), MEGABYTE).pages == 1  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        check_pdf_content(upload("cv.pdf", content), MEGABYTE)
    assert refused.value.messages == [message("cv.pdf", "JavaScript")]


def _goto_open_action(writer):
    # What LibreOffice writes by default: open at the first page.
    page = writer.pages[0].indirect_reference
    writer._root_object[_name("/OpenAction")] = ArrayObject(
        [page, _name("/XYZ"), NullObject(), NullObject(), FloatObject(0)]
    )


def _web_link(writer):
    _annotation(writer, "/Link", A=_action("/URI", URI=TextStringObject("https://example.org")))


def _internal_jump(writer):
    page = writer.pages[0].indirect_reference
    _annotation(writer, "/Link", A=_action("/GoTo", D=ArrayObject([page, _name("/Fit")])))


ORDINARY = {
    "blank": None,
    "open-at-first-page": _goto_open_action,
    "web-link": _web_link,
    "internal-jump": _internal_jump,
}


@pytest.mark.parametrize("change", ORDINARY.values(), ids=ORDINARY.keys())
def test_ordinary_pdfs_are_accepted(change):
    checked = check_pdf_content(upload("cv.pdf", build(change)), MEGABYTE)
    assert checked.pages == 1


# --- Every upload path ---------------------------------------------------------------------


def test_the_application_form_refuses_it_and_stores_no_file(world, client):
    client.force_login(world.candidate)
    files = ApplicationFile.objects.count()
    response = client.post(
        reverse("calls:application", args=[world.call.slug]),
        form_data(world.application, cv=upload("mon-cv.pdf", build(_page_aa))),
    )
    assert response.status_code == 400
    assert message("mon-cv.pdf", "JavaScript") in response.content.decode().replace(
        "&#x27;", "'"
    ).replace("&quot;", '"')
    assert ApplicationFile.objects.count() == files
    assert not ActivityLog.objects.filter(action="application.file_added").exists()


def test_a_question_file_is_checked_too(world):
    from cohorte.calls import applications
    from cohorte.calls.models import Question

    question = Question.objects.create(
        call=world.call, order=9, label="Une pièce", kind=Question.Kind.FILE
    )
    with pytest.raises(ValidationError) as refused:
        applications.save_draft(
            world.application,
            {"files": {f"q_{question.pk}": upload("piece.pdf", build(_link_with_script))}},
            world.application.revision,
            world.candidate,
        )
    assert refused.value.message_dict[f"q_{question.pk}"] == [message("piece.pdf", "JavaScript")]
    assert not ApplicationFile.objects.filter(question=question).exists()


@pytest.mark.parametrize("kind", ["pitch", "salary_simulation"])
def test_the_proposal_form_refuses_it_and_stores_nothing(project_world, kind):
    proposal = draft(project_world)
    files = {kind: upload(f"{kind}.pdf", build(lambda w: w.add_attachment("x.exe", b"MZ")))}
    with pytest.raises(ValidationError) as refused:
        proposals.save_draft(proposal, full_post(), files, 0, project_world.admin_user)
    assert refused.value.message_dict[kind] == [message(f"{kind}.pdf", "fichier joint")]
    assert not ProposalFile.objects.filter(proposal=proposal).exists()


def test_the_proposal_page_says_it(project_world, client):
    proposal = draft(project_world)
    client.force_login(project_world.admin_user)
    data = full_post(revision="0")
    data["pitch"] = upload("pitch.pdf", build(_open_action(_javascript())))
    response = client.post(reverse("projects:proposal", args=[proposal.pk]), data)
    assert response.status_code == 400
    page = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert message("pitch.pdf", "JavaScript") in page
    assert not ProposalFile.objects.filter(proposal=proposal).exists()
