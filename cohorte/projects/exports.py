"""The tables the team takes out of a call for projects: the transfer decree and the list
of selected défis, as CSV (standard or for French Excel), XLSX or ODS (``cohorte.calls.exports``).

A proposal counts as selected once a "selected" decision is staged on it: the tables can
be prepared while the decisions are validated, and say each decision's status. Amounts
are the high end of the co-funding estimate, the one counted against the envelope.
"""

from collections import Counter
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte import programme_words as words
from cohorte.challenges.models import Expertise
from cohorte.people.grammar import guess_form, role_title
from cohorte.reviews.exclusions import excluded_among
from cohorte.selection.models import Decision

from . import funding
from .conversion import MENTOR_CONTACTS
from .decisions import funding_rules
from .models import Proposal

DECREE_COLUMNS = [
    ("challenge", gettext_lazy("Défi")),
    ("host", gettext_lazy("Administration d'accueil")),
    ("carrier", gettext_lazy("Porteur administratif (organisme financeur)")),
    ("funding_organisation", gettext_lazy("Organisation financeuse")),
    ("budget_programme", gettext_lazy("Programme budgétaire")),
    ("amount", gettext_lazy("Montant du cofinancement (€)")),
    ("fellows", words.FELLOWS_HEADING),
    ("decision", gettext_lazy("Décision")),
]
CHALLENGE_COLUMNS = [
    ("challenge", gettext_lazy("Défi")),
    ("organisation", gettext_lazy("Administration")),
    ("fellows", words.FELLOWS_HEADING),
    ("profiles", gettext_lazy("Profils recherchés")),
    ("mentors", gettext_lazy("Mentors")),
    ("low", gettext_lazy("Cofinancement estimé, bas (€)")),
    ("high", gettext_lazy("Cofinancement estimé, haut (€)")),
    ("decision", gettext_lazy("Décision")),
    ("public", gettext_lazy("Page du défi")),
]


def columns(spec) -> list[tuple[str, str]]:
    """The columns with their headers translated now (spreadsheets want plain text)."""
    return [(key, str(label)) for key, label in spec]


def selected_proposals(call) -> list[Proposal]:
    """The call's proposals with a "selected" decision, by title."""
    return list(
        Proposal.objects.filter(call=call, decision__outcome=Decision.Outcome.SELECTED)
        .select_related("organisation", "decision", "challenge", "challenge__funding_organisation")
        .order_by("title", "pk")
    )


def _fellows(data: dict) -> int:
    try:
        return max(int(data.get("fellows_count") or 0), 0)
    except (TypeError, ValueError):
        return 0


def decree_rows(call, user=None) -> list[dict]:
    """One row per selected défi for the transfer decree, then the total; the défis ``user``
    is kept away from (a conflict of interest) are one line naming none, the total exact."""
    rules = funding_rules(call.cohort_id)
    rows, total, fellows = [], Decimal(0), 0
    selected = selected_proposals(call)
    hidden = {p.pk for p in excluded_among(user, selected)}
    hidden_amount, hidden_fellows = Decimal(0), 0
    for proposal in selected:
        data = proposal.data or {}
        amount = funding.estimate(data, rules).high
        if proposal.pk in hidden:
            hidden_amount += amount
            hidden_fellows += _fellows(data)
            continue
        challenge = proposal.challenge
        funder = challenge.funding_organisation if challenge else None
        rows.append(
            {
                "challenge": proposal.display_name,
                "host": proposal.organisation.name,
                "carrier": data.get("administrative_carrier", ""),
                "funding_organisation": (funder or proposal.organisation).name,
                "budget_programme": data.get("budget_programme", ""),
                "amount": amount,
                "fellows": _fellows(data),
                "decision": proposal.decision.get_status_display(),
            }
        )
        total += amount
        fellows += _fellows(data)
    if hidden:
        rows.append(
            {
                "challenge": _("%(count)d défi(s) masqué(s) (conflit d'intérêts)")
                % {"count": len(hidden)},
                "amount": hidden_amount,
                "fellows": hidden_fellows,
            }
        )
    total, fellows = total + hidden_amount, fellows + hidden_fellows
    rows.append({"challenge": _("Total"), "amount": total, "fellows": fellows})
    return rows


def _profiles(data: dict, names: dict[str, str]) -> list[str]:
    counts = Counter(f.get("profile") for f in data.get("fellows") or [] if isinstance(f, dict))
    return [
        f"{names.get(slug, slug)} × {count}" if count > 1 else names.get(slug, slug)
        for slug, count in sorted(counts.items(), key=lambda kv: names.get(kv[0], kv[0] or ""))
        if slug
    ]


def _mentors(data: dict) -> list[str]:
    contacts = data.get("contacts") or {}
    mentors = []
    for key, kind in MENTOR_CONTACTS:
        contact = contacts.get(key)
        if isinstance(contact, dict) and str(contact.get("name") or "").strip():
            form = guess_form(str(contact.get("role") or ""))
            mentors.append(f"{contact['name']} ({role_title(kind, form)})")
    return mentors


def challenge_rows(call, site_url: str = "", user=None) -> list[dict]:
    """One row per selected défi: organisation, fellows and profiles, mentors, estimate
    (but the défis ``user`` is kept away from)."""
    rules = funding_rules(call.cohort_id)
    names = dict(Expertise.objects.values_list("slug", "name"))
    rows = []
    selected = selected_proposals(call)
    hidden = {p.pk for p in excluded_among(user, selected)}
    for proposal in (p for p in selected if p.pk not in hidden):
        data = proposal.data or {}
        estimate = funding.estimate(data, rules)
        challenge = proposal.challenge
        rows.append(
            {
                "challenge": proposal.display_name,
                "organisation": proposal.organisation.name,
                "fellows": _fellows(data),
                "profiles": _profiles(data, names),
                "mentors": _mentors(data),
                "low": estimate.low,
                "high": estimate.high,
                "decision": proposal.decision.get_status_display(),
                "public": site_url + challenge.get_absolute_url() if challenge else "",
            }
        )
    return rows
