"""What the list pages say after a bulk action, and where they send the user back to.

Shared by the applications list (``/gestion/``) and the proposals list (``/instruction/``).
"""

from django.contrib import messages
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_REFUSALS_SHOWN = 20


def back_url(request, list_url: str) -> str:
    """The list page the form came from (its filters kept), never another site."""
    candidate = request.POST.get("next", "")
    if candidate.startswith(list_url) and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return list_url


def report(request, result, proposals: bool = False) -> None:
    """One message per outcome of a bulk action: changed, unchanged, each refusal."""
    count = len(result.changed)
    if count:
        text = (
            ngettext("%(count)d proposition modifiée.", "%(count)d propositions modifiées.", count)
            if proposals
            else ngettext(
                "%(count)d candidature modifiée.", "%(count)d candidatures modifiées.", count
            )
        )
        messages.success(request, text % {"count": count})
    count = len(result.unchanged)
    if count:
        text = (
            ngettext(
                "%(count)d proposition était déjà dans cet état.",
                "%(count)d propositions étaient déjà dans cet état.",
                count,
            )
            if proposals
            else ngettext(
                "%(count)d candidature était déjà dans cet état.",
                "%(count)d candidatures étaient déjà dans cet état.",
                count,
            )
        )
        messages.info(request, text % {"count": count})
    for _item, reason in result.refused[:MAX_REFUSALS_SHOWN]:
        messages.warning(request, _("Refusé — %(reason)s") % {"reason": reason})
    if len(result.refused) > MAX_REFUSALS_SHOWN:
        messages.warning(
            request,
            _("… et %(count)d autres refus.") % {"count": len(result.refused) - MAX_REFUSALS_SHOWN},
        )
