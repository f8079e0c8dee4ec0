"""The end of a défi's programme and its sustainment: every change goes through here, logged
(``cohorte.audit``) and told by e-mail through the outbox."""

import calendar
import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte import programme_words as words
from cohorte.accounts.roles import team_addresses
from cohorte.audit.domain import record
from cohorte.challenges.models import Challenge, ChallengeLink
from cohorte.notifications.domain import queue_email
from cohorte.people.models import Role
from cohorte.people.teams import MENTOR_KINDS, team_users
from cohorte.public.formats import format_date
from cohorte.site_address import absolute_url

from .models import FOLLOW_UP_MONTHS, Closing, Deliverables, FollowUp, Result, Sustainment

# The three deliverables, in the order the pages show them.
KINDS = ("report", "pitch", "links")
KIND_LABELS = {
    "report": "le rapport final",
    "pitch": "le pitch du demo day",
    "links": "les liens vers le code et les données",
}
SUBMITTED, LATE, MISSING = "submitted", "late", "missing"
STATUS_LABELS = {SUBMITTED: "rendu", LATE: "en retard", MISSING: "à rendre"}
MAX_SECTIONS = 20
MAX_SECTION_TITLE = 200
TOKEN_MAX_LENGTH = 100


def cohort_challenges(cohort):
    """The cohort's défis that run or ran (drafts and bare publications left aside)."""
    return cohort.challenges.filter(
        status__in=[Challenge.Status.RUNNING, Challenge.Status.FINISHED]
    ).order_by("title", "pk")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` months, on the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


# --- Closing and deliverables -------------------------------------------------------------


def checked_sections(text: str) -> list[str]:
    """The report's sections, one per line, blank lines and repeats left out."""
    sections = []
    for line in (text or "").splitlines():
        title = line.strip()
        if title and title not in sections:
            sections.append(title)
    if not sections:
        raise ValidationError(_("Indiquez au moins une section du rapport final."))
    if len(sections) > MAX_SECTIONS:
        raise ValidationError(
            _("Le rapport final compte %(max)s sections au plus.") % {"max": MAX_SECTIONS}
        )
    if any(len(title) > MAX_SECTION_TITLE for title in sections):
        raise ValidationError(
            _("Un titre de section dépasse %(max)s caractères.") % {"max": MAX_SECTION_TITLE}
        )
    return sections


def _dates_text(closing) -> str:
    lines = []
    for kind in KINDS:
        due = getattr(closing, f"{kind}_due")
        if due:
            lines.append(f"- {KIND_LABELS[kind]} : le {format_date(due)}")
    return "\n".join(lines)


@transaction.atomic
def save_closing(cohort, sections: list[str], dues: dict, actor) -> Closing:
    """Set the cohort's report sections and due dates; its défis' teams are told of new dates."""
    closing, _created = Closing.objects.get_or_create(cohort=cohort)
    before = {kind: getattr(closing, f"{kind}_due") for kind in KINDS}
    closing.report_sections = sections
    for kind in KINDS:
        setattr(closing, f"{kind}_due", dues.get(kind))
    closing.save()
    after = {kind: getattr(closing, f"{kind}_due") for kind in KINDS}
    record(
        "outcomes.closing_set",
        closing,
        actor=actor,
        cohort=cohort.pk,
        sections=len(sections),
        **{f"{kind}_due": day.isoformat() if day else "" for kind, day in after.items()},
    )
    if before != after and any(after.values()):
        addresses = sorted(
            {
                user.email
                for challenge in cohort_challenges(cohort)
                for user in team_users(challenge)
                if user.email
            }
        )
        if addresses:
            queue_email(
                addresses,
                _("Fin de programme : vos livrables finaux (%(cohort)s)") % {"cohort": cohort.name},
                _(
                    "Bonjour,\n\nLes livrables finaux de votre défi sont attendus :\n%(dates)s\n\n"
                    "Déposez-les depuis votre espace : %(link)s\n\nL'équipe du programme"
                )
                % {"dates": _dates_text(closing), "link": absolute_url(reverse("outcomes:mine"))},
            )
    return closing


def deliverables_of(challenge) -> Deliverables:
    """The défi's deliverables, created empty the first time."""
    return Deliverables.objects.get_or_create(challenge=challenge)[0]


def submitted_at(deliverables, kind: str):
    return getattr(deliverables, f"{kind}_submitted_at") if deliverables else None


def status(deliverables, kind: str, due: datetime.date | None, today: datetime.date) -> str:
    """Submitted; late once its due date is past; missing before it (or without a date)."""
    if submitted_at(deliverables, kind):
        return SUBMITTED
    if due is not None and due < today:
        return LATE
    return MISSING


def checked_urls(text: str) -> list[str]:
    """Addresses one per line, each a web address; repeats left out."""
    validate = URLValidator(schemes=["http", "https"])
    urls = []
    for line in (text or "").splitlines():
        url = line.strip()
        if not url:
            continue
        if len(url) > 500:
            raise ValidationError(_("Une adresse dépasse 500 caractères."))
        try:
            validate(url)
        except ValidationError:
            raise ValidationError(
                _("« %(url)s » n'est pas une adresse web (https://…).") % {"url": url}
            ) from None
        if url not in urls:
            urls.append(url)
    return urls


@transaction.atomic
def save_deliverables(challenge, values: dict, actor, now) -> Deliverables:
    """Write the défi's deliverables.

    ``values``: ``report`` ({section: text}), ``pitch_url``, ``pitch_text``, ``code`` and
    ``data`` (lists of addresses). Each deliverable is submitted once complete (every section
    written; a pitch link or text; one code or data link at least); the team is told when one
    is newly submitted.
    """
    deliverables = Deliverables.objects.select_for_update().get(pk=deliverables_of(challenge).pk)
    closing = Closing.objects.filter(cohort_id=challenge.cohort_id).first()
    sections = closing.report_sections if closing else []
    report = {title: (values["report"].get(title) or "").strip() for title in sections}
    before = {kind: submitted_at(deliverables, kind) for kind in KINDS}
    deliverables.report = report
    deliverables.pitch_url = values["pitch_url"]
    deliverables.pitch_text = values["pitch_text"].strip()
    complete = {
        "report": bool(sections) and all(report.values()),
        "pitch": bool(deliverables.pitch_url or deliverables.pitch_text),
        "links": bool(values["code"] or values["data"]),
    }
    for kind in KINDS:
        if not complete[kind]:
            setattr(deliverables, f"{kind}_submitted_at", None)
        elif before[kind] is None:
            setattr(deliverables, f"{kind}_submitted_at", now)
    deliverables.updated_by = actor
    deliverables.save()
    kept = set()
    for kind in (ChallengeLink.Kind.CODE, ChallengeLink.Kind.DATA):
        for url in values[kind]:
            link, _created = ChallengeLink.objects.get_or_create(
                challenge=challenge, url=url, defaults={"kind": kind}
            )
            if link.kind != kind:
                link.kind = kind
                link.save(update_fields=["kind"])
            kept.add(link.pk)
    ChallengeLink.objects.filter(
        challenge=challenge, kind__in=[ChallengeLink.Kind.CODE, ChallengeLink.Kind.DATA]
    ).exclude(pk__in=kept).delete()
    new = [kind for kind in KINDS if before[kind] is None and submitted_at(deliverables, kind)]
    record(
        "outcomes.deliverables_saved",
        deliverables,
        actor=actor,
        challenge=challenge.pk,
        submitted=[kind for kind in KINDS if submitted_at(deliverables, kind)],
    )
    addresses = team_addresses()
    if new and addresses:
        queue_email(
            addresses,
            _("Livrables finaux du défi « %(challenge)s »") % {"challenge": challenge.title},
            _("Bonjour,\n\nLe défi « %(challenge)s » a rendu %(what)s.\n\nLes lire : %(link)s\n")
            % {
                "challenge": challenge.title,
                "what": _(" et ").join(KIND_LABELS[kind] for kind in new),
                "link": absolute_url(reverse("outcomes:challenge", args=[challenge.pk])),
            },
        )
    return deliverables


def links_of(challenge, kind: str) -> list[str]:
    return list(challenge.links.filter(kind=kind).order_by("id").values_list("url", flat=True))


# --- Result -------------------------------------------------------------------------------


@transaction.atomic
def set_result(challenge, verdict: str, note: str, actor) -> Result:
    """The team's verdict on the défi, logged and told to the défi's fellows and mentors."""
    if verdict not in Result.Verdict.values:
        raise ValidationError(_("Choisissez le résultat du défi."))
    result, _created = Result.objects.update_or_create(
        challenge=challenge,
        defaults={"verdict": verdict, "note": note.strip(), "decided_by": actor},
    )
    record("outcomes.result_set", result, actor=actor, challenge=challenge.pk, verdict=verdict)
    addresses = sorted({user.email for user in team_users(challenge) if user.email})
    if addresses:
        queue_email(
            addresses,
            _("Résultat du défi « %(challenge)s »") % {"challenge": challenge.title},
            _(
                "Bonjour,\n\nL'équipe du programme a noté le résultat du défi « %(challenge)s » : "
                "%(verdict)s.\n\nL'équipe du programme"
            )
            % {"challenge": challenge.title, "verdict": result.get_verdict_display()},
        )
    return result


# --- Sustainment --------------------------------------------------------------------------


def check_sustainment(challenge, values: dict) -> None:
    """Refuse an entry dated before the programme's end, or sustained without who carries it."""
    end = challenge.cohort.end_date
    since = values.get("since")
    if since is None:
        raise ValidationError({"since": _("Indiquez depuis quand.")})
    if end is not None and since < end:
        raise ValidationError(
            {
                "since": _("La date doit être postérieure à la fin du programme (%(date)s).")
                % {"date": format_date(end)}
            }
        )
    if values.get("state") == Sustainment.State.SUSTAINED and not values.get("by"):
        raise ValidationError({"by": _("Indiquez qui porte le défi pérennisé.")})


SUSTAINMENT_FIELDS = ("state", "by", "carried_by", "since", "product_url", "note")


@transaction.atomic
def record_sustainment(challenge, values: dict, actor, follow_up=None) -> Sustainment:
    """A new entry of the défi's state after the programme (the history is never rewritten)."""
    check_sustainment(challenge, values)
    entry = Sustainment.objects.create(
        challenge=challenge,
        follow_up=follow_up,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{name: values.get(name) or "" for name in SUSTAINMENT_FIELDS if name != "since"},
        since=values["since"],
    )
    record(
        "outcomes.sustainment_recorded",
        entry,
        actor=actor,
        challenge=challenge.pk,
        state=entry.state,
        since=entry.since.isoformat(),
        follow_up=follow_up.pk if follow_up else None,
    )
    addresses = sorted({user.email for user in team_users(challenge) if user.email})
    if follow_up is None and addresses:
        queue_email(
            addresses,
            _("Le défi « %(challenge)s » après le programme") % {"challenge": challenge.title},
            _(
                "Bonjour,\n\nL'équipe du programme a noté l'état du défi « %(challenge)s » après "
                "le programme : %(state)s depuis le %(since)s.\n\nL'équipe du programme"
            )
            % {
                "challenge": challenge.title,
                "state": entry.get_state_display(),
                "since": format_date(entry.since),
            },
        )
    return entry


# --- Follow-ups ---------------------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _unusable_hash() -> str:
    """The hash of a secret nobody ever receives: a scheduled follow-up opens no form."""
    return _hash(secrets.token_urlsafe(32))


def schedule(cohort) -> int:
    """Create the missing 6, 12 and 24-month follow-ups of the cohort's défis (none without an
    end date); those not sent yet move with the end date. Returns how many were created."""
    if cohort.end_date is None:
        return 0
    created = 0
    for challenge in cohort_challenges(cohort):
        existing = {f.months: f for f in FollowUp.objects.filter(challenge=challenge)}
        for months in FOLLOW_UP_MONTHS:
            due = add_months(cohort.end_date, months)
            found = existing.get(months)
            if found is None:
                FollowUp.objects.create(
                    challenge=challenge, months=months, due_on=due, token_hash=_unusable_hash()
                )
                created += 1
            elif found.sent_at is None and found.due_on != due:
                found.due_on = due
                found.save(update_fields=["due_on"])
    return created


def mentor_addresses(challenge) -> list[str]:
    """Every mentor of the défi (operational and senior): their own address or their account's."""
    roles = Role.objects.filter(challenge=challenge, kind__in=MENTOR_KINDS).select_related(
        "person__user"
    )
    addresses = set()
    for role in roles:
        person = role.person
        address = person.email or (person.user.email if person.user else "")
        if address:
            addresses.add(address)
    return sorted(addresses)


def answer_path(secret: str) -> str:
    return reverse("outcomes:answer", args=[secret])


def send(follow_up, now, actor=None) -> bool:
    """E-mail the follow-up to the défi's mentors with a new personal link (the previous one
    stops working). False when the défi has no mentor to write to or it was answered."""
    addresses = mentor_addresses(follow_up.challenge)
    if not addresses or follow_up.answered_at is not None:
        return False
    secret = secrets.token_urlsafe(32)
    # The conditional update claims the sending: two runners never both send the same one.
    claimed = FollowUp.objects.filter(
        pk=follow_up.pk, sent_at=follow_up.sent_at, answered_at__isnull=True
    ).update(sent_at=now, token_hash=_hash(secret))
    if not claimed:
        return False
    follow_up.sent_at, follow_up.token_hash = now, _hash(secret)
    challenge = follow_up.challenge
    link = absolute_url(answer_path(secret))
    queue_email(
        addresses,
        _("Que devient le défi « %(challenge)s » ?") % {"challenge": challenge.title},
        _(
            "Bonjour,\n\nIl y a %(months)s mois, le défi « %(challenge)s » terminait le programme "
            "%(programme)s. Dites-nous ce qu'il est devenu (pérennisé, "
            "internalisé, en pause ou arrêté) en deux minutes, sans vous connecter :\n\n%(link)s"
            "\n\nCe lien est personnel : il ne sert qu'une fois.\n\nL'équipe du programme"
        )
        % {
            "months": follow_up.months,
            "challenge": challenge.title,
            "link": link,
            "programme": words.name(),
        },
        secrets=[secret],
    )
    record(
        "outcomes.follow_up_sent",
        follow_up,
        actor=actor,
        challenge=challenge.pk,
        months=follow_up.months,
        recipients=len(addresses),
    )
    return True


def by_token(token: str):
    """The sent follow-up whose personal link carries ``token``, or None."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    return (
        FollowUp.objects.filter(token_hash=_hash(token), sent_at__isnull=False)
        .select_related("challenge__cohort")
        .first()
    )


def may_answer(follow_up, today) -> bool:
    """A follow-up is answered once, when sent or due."""
    return follow_up.answered_at is None and (
        follow_up.sent_at is not None or follow_up.due_on <= today
    )


@transaction.atomic
def answer(follow_up, values: dict, actor, now) -> Sustainment:
    """The mentor's answer: a new sustainment entry tied to the follow-up; the team is told."""
    challenge = follow_up.challenge
    check_sustainment(challenge, values)
    user = actor if getattr(actor, "is_authenticated", False) else None
    claimed = FollowUp.objects.filter(pk=follow_up.pk, answered_at__isnull=True).update(
        answered_at=now, answered_by=user
    )
    if not claimed:
        raise ValidationError(_("Ce suivi a déjà reçu une réponse."))
    follow_up.answered_at, follow_up.answered_by = now, user
    entry = record_sustainment(challenge, values, user, follow_up=follow_up)
    record(
        "outcomes.follow_up_answered",
        follow_up,
        actor=user,
        challenge=challenge.pk,
        months=follow_up.months,
        state=entry.state,
    )
    addresses = team_addresses()
    if addresses:
        queue_email(
            addresses,
            _("Suivi à %(months)s mois du défi « %(challenge)s »")
            % {"months": follow_up.months, "challenge": challenge.title},
            _(
                "Bonjour,\n\nLe suivi à %(months)s mois du défi « %(challenge)s » a reçu une "
                "réponse : %(state)s depuis le %(since)s.\n\nL'historique : %(link)s\n"
            )
            % {
                "months": follow_up.months,
                "challenge": challenge.title,
                "state": entry.get_state_display(),
                "since": format_date(entry.since),
                "link": absolute_url(reverse("outcomes:challenge", args=[challenge.pk])),
            },
        )
    return entry


def follow_up_status(follow_up) -> str:
    if follow_up.answered_at:
        return "answered"
    return "sent" if follow_up.sent_at else "scheduled"


FOLLOW_UP_LABELS = {"answered": "répondu", "sent": "envoyé", "scheduled": "prévu"}
