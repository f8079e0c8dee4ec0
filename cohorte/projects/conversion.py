"""A selected proposal becomes a défi (Challenge) of its cohort.

``challenge_from_proposal`` runs when the "selected" decision is sent. The défi takes the
proposal's name, its summary as tagline and, as Markdown body, its public parts only
(``public_page``: context, the défi, missions, data; never the internal sections); the
proposing administration hosts it; the administrative carrier funds it when it names an
existing organisation (same name or acronym, accents and case aside), else the host
does; partner administrations are linked when the proposal's text names them. Seats are
the number of fellows, with one ``Seat`` row per profile sought. The mentors named in the
contacts become people (never public by default) with their roles on the défi, linked to
their account when one has that verified e-mail address, so that an operational mentor
sees the applications to the défi; their address is kept on the person (never public)
so that the account which verifies it later gets linked (``cohorte.people.accounts``).
The défi stays a draft, hidden from the public site, until the announcement
(``cohorte.projects.publication``), while the team edits its public page (``public_page``),
but is already attached to the cohort's open or upcoming calls for applications so that it
is open to them once public.

Running it again for the same proposal changes nothing but the calls attached.
"""

import re
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from cohorte.audit.domain import record
from cohorte.calls.models import Call
from cohorte.challenges.models import Challenge, Expertise
from cohorte.organisations.models import Organisation
from cohorte.people.grammar import guess_form
from cohorte.people.models import Person, Role
from cohorte.selection.models import Seat
from cohorte.text import make_slug, normalise_name

from .models import FundingRules, Proposal
from .public_page import compose_body, draft_parts, draft_tagline
from .submitted import as_submitted

MENTOR_CONTACTS = (
    ("operational_1", Role.Kind.OPERATIONAL_MENTOR),
    ("operational_2", Role.Kind.OPERATIONAL_MENTOR),
    ("senior_mentor", Role.Kind.SENIOR_MENTOR),
)
# "20 avenue de Ségur, 75007 Paris" → "Paris".
_TOWN = re.compile(r"\b\d{5}\s+([^\d,;]+?)\s*$")
# Acronyms shorter than this match too many ordinary words to be looked for in free text.
MIN_ACRONYM = 3


def _unique_slug(model, title: str) -> str:
    base = make_slug(title, max_length=180)
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def body_markdown(data: dict) -> str:
    """The draft of the défi's presentation: the proposal's public parts only."""
    return compose_body(draft_parts(data))


def _organisations_by_name() -> dict[str, Organisation]:
    names = {}
    for organisation in Organisation.objects.only("pk", "name", "acronym"):
        names.setdefault(normalise_name(organisation.name), organisation)
        if organisation.acronym:
            names.setdefault(normalise_name(organisation.acronym), organisation)
    return names


def named_organisation(text: str, names=None) -> Organisation | None:
    """The organisation whose name or acronym is exactly ``text``, else None."""
    names = _organisations_by_name() if names is None else names
    return names.get(normalise_name(text)) if (text or "").strip() else None


def mentioned_organisations(text: str, names=None) -> list[Organisation]:
    """Organisations named (as whole words) in a free text such as the partners' list."""
    names = _organisations_by_name() if names is None else names
    haystack = f" {normalise_name(text)} "
    found = {}
    for name, organisation in names.items():
        is_acronym = normalise_name(organisation.acronym or "") == name
        if is_acronym and len(name) < MIN_ACRONYM:
            continue
        if name and f" {name} " in haystack:
            found[organisation.pk] = organisation
    return sorted(found.values(), key=lambda o: o.pk)


def _town(proposal: Proposal) -> str:
    match = _TOWN.search(str(proposal.data.get("host_address") or "").strip())
    return match.group(1)[:120] if match else proposal.organisation.town


def _fellows(data: dict) -> int:
    try:
        count = int(data.get("fellows_count") or 0)
    except (TypeError, ValueError):
        count = 0
    return max(count or len(data.get("fellows") or []), 1)


def _person_for(contact: dict) -> Person:
    """The contact's person: the one of their account when they have one, else a new one."""
    from allauth.account.models import EmailAddress

    email = str(contact.get("email") or "").strip()
    address = (
        EmailAddress.objects.filter(email__iexact=email, verified=True)
        .select_related("user")
        .first()
        if email
        else None
    )
    user = address.user if address else None
    if user is not None:
        person = Person.objects.filter(user=user).first()
        if person is not None:
            return person
    elif email:
        # A mentor named by an earlier proposal and still without an account is that person.
        person = Person.objects.filter(email__iexact=email, user=None).order_by("pk").first()
        if person is not None:
            return person
    name = " ".join(str(contact.get("name")).split())[:200]
    return Person.objects.create(
        full_name=name,
        slug=_unique_slug(Person, name),
        job_title=str(contact.get("role") or "")[:200],
        form=guess_form(str(contact.get("role") or "")),
        is_public=False,
        # Kept (never public) so that the account which later verifies it gets this person.
        email=email[:254] if _is_email(email) else "",
        user=user,
    )


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _mentors(proposal: Proposal, challenge: Challenge) -> int:
    contacts = proposal.data.get("contacts") or {}
    people = {}
    created = 0
    for key, kind in MENTOR_CONTACTS:
        contact = contacts.get(key)
        if not isinstance(contact, dict) or not str(contact.get("name") or "").strip():
            continue
        email = normalise_name(str(contact.get("email") or "")) or key
        # The same person named twice (operational and senior mentor) is one person.
        person = people.get(email) or _person_for(contact)
        people[email] = person
        _role, is_new = Role.objects.get_or_create(
            person=person, kind=kind, cohort=challenge.cohort, challenge=challenge
        )
        created += is_new
    return created


def _seats(challenge: Challenge, data: dict) -> None:
    wanted = Counter(
        f.get("profile")
        for f in data.get("fellows") or []
        if isinstance(f, dict) and f.get("profile")
    )
    expertises = Expertise.objects.filter(slug__in=wanted).order_by("name")
    challenge.expertises.set(expertises)
    for expertise in expertises:
        Seat.objects.update_or_create(
            challenge=challenge, profile=expertise, defaults={"count": wanted[expertise.slug]}
        )


def open_application_calls(cohort, now=None):
    """The cohort's calls for applications still to close: those a new défi joins."""
    now = now or timezone.now()
    return Call.objects.filter(cohort=cohort, kind=Call.Kind.APPLICATIONS, closes_at__gt=now)


@transaction.atomic
def challenge_from_proposal(proposal: Proposal, actor=None, now=None) -> Challenge:
    """Create the défi of a selected proposal (once), with seats, mentors and organisations."""
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("call", "organisation")
        .get(pk=proposal.pk)
    )
    calls = list(open_application_calls(proposal.call.cohort_id, now))
    if proposal.challenge_id is not None:
        challenge = proposal.challenge
        for call in calls:
            call.challenges.add(challenge)
        return challenge
    # The défi starts from what was submitted, never from edits left unsubmitted.
    source = as_submitted(proposal)[0]
    data = source.data or {}
    cohort = proposal.call.cohort
    names = _organisations_by_name()
    host = proposal.organisation
    rules = FundingRules.objects.filter(cohort=cohort).first()
    title = source.display_name
    challenge = Challenge.objects.create(
        cohort=cohort,
        title=title[:255],
        slug=_unique_slug(Challenge, title),
        tagline=draft_tagline(data),
        body=body_markdown(data),
        host_organisation=host,
        funding_organisation=named_organisation(data.get("administrative_carrier", ""), names)
        or host,
        town=_town(source),
        seats=_fellows(data),
        duration_months=rules.contract_months if rules else None,
        status=Challenge.Status.DRAFT,
    )
    partners = [
        o for o in mentioned_organisations(data.get("partners", ""), names) if o.pk != host.pk
    ]
    challenge.partner_organisations.set(partners)
    _seats(challenge, data)
    mentors = _mentors(source, challenge)
    for call in calls:
        call.challenges.add(challenge)
    proposal.challenge = challenge
    proposal.save(update_fields=["challenge", "updated_at"])
    record(
        "proposal.converted",
        proposal,
        actor=actor,
        challenge=challenge.pk,
        seats=challenge.seats,
        mentor_roles=mentors,
        calls=[c.pk for c in calls],
    )
    return challenge
