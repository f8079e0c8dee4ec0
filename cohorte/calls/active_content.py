"""Active content in a PDF: scripts, programs to launch, attached files, interactive media.

A CV or a pitch needs none of them, and each can act on the reader's machine when the file
is opened (the team opens hundreds). :func:`active_content` walks every object reachable
from the document's trailer (pypdf resolves compressed object streams and "#xx" escapes in
names) and names the first active content found. Plain links (``/URI``) and jumps inside
the document (``/GoTo``, an ``/OpenAction`` that only opens a page, as LibreOffice writes
by default) are not active.
"""

from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

JAVASCRIPT = "javascript"
LAUNCH = "launch"
ATTACHMENT = "attachment"
MEDIA = "media"
XFA = "xfa"
FORM_DATA = "form_data"

# Action types (the /S of an action) that run something or reach outside the document.
ACTIONS = {
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/GoToE": ATTACHMENT,
    "/RichMediaExecute": MEDIA,
    "/Rendition": MEDIA,
    "/SubmitForm": FORM_DATA,
    "/ImportData": FORM_DATA,
}
# Keys that hold active content wherever they appear.
KEYS = {
    "/JS": JAVASCRIPT,
    "/JavaScript": JAVASCRIPT,  # the document's name tree of scripts
    "/EmbeddedFiles": ATTACHMENT,
    "/EF": ATTACHMENT,
    "/XFA": XFA,
    "/RichMediaContent": MEDIA,
}
SUBTYPES = {"/FileAttachment": ATTACHMENT, "/RichMedia": MEDIA}


def label(kind: str) -> str:
    """What a kind of active content is called in the message to the person."""
    return {
        JAVASCRIPT: _("JavaScript"),
        LAUNCH: _("lancement d'un programme"),
        ATTACHMENT: _("fichier joint"),
        MEDIA: _("contenu multimédia interactif"),
        XFA: _("formulaire XFA"),
        FORM_DATA: _("formulaire qui envoie ou importe des données"),
    }[kind]


def _kind_of(obj: DictionaryObject) -> str:
    for key, kind in KEYS.items():
        if key in obj:
            return kind
    action = obj.get("/S")
    if action in ACTIONS:
        return ACTIONS[action]
    if obj.get("/Subtype") in SUBTYPES:
        return SUBTYPES[obj.get("/Subtype")]
    if obj.get("/Type") == "/EmbeddedFile":
        return ATTACHMENT
    return ""


def active_content(reader: PdfReader) -> str:
    """The kind of the first active content found in the document ("" when none)."""
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                obj = obj.get_object()
            except Exception:  # a damaged object runs nothing
                continue
        if isinstance(obj, DictionaryObject):  # streams too: their dictionary, not their data
            kind = _kind_of(obj)
            if kind:
                return kind
            # The stored values, references unresolved: each object is visited once.
            stack.extend(dict.values(obj))
        elif isinstance(obj, ArrayObject):
            stack.extend(list.__iter__(obj))
    return ""
