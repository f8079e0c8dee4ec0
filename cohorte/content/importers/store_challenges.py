"""Défis with their organisations, taxonomy, key figures, réalisations and links.

Status rule: a hidden défi (Hugo `visible: false`) is a draft; otherwise its cohort's
dates decide when set (ended: finished; started: running); otherwise a défi of a
finished cohort is finished and any other is published.
"""

from collections import defaultdict

from cohorte.challenges.models import Achievement, Challenge, ChallengeLink, KeyFigure

from .records import UPDATE, ChallengeRecord
from .resolver import ChallengeIndex
from .store import Context, Organisations, Terms, assign, unique_slug

Status = Challenge.Status
RELATIONS = {
    "themes": "theme_id",
    "expertises": "expertise_id",
    "partner_organisations": "organisation_id",
}


def challenge_status(record: ChallengeRecord, cohort, today) -> str:
    """The status a défi's data and its cohort imply."""
    if not record.visible:
        return Status.DRAFT
    if cohort.end_date and cohort.end_date < today:
        return Status.FINISHED
    if cohort.start_date and cohort.start_date <= today:
        return Status.RUNNING
    if cohort.status == cohort.Status.FINISHED:
        return Status.FINISHED
    return Status.PUBLISHED


class Related:
    """What is already linked to the stored défis, loaded once, and what to add."""

    def __init__(self):
        self.links = {}
        self.added = {name: [] for name in RELATIONS}
        for name, column in RELATIONS.items():
            through = getattr(Challenge, name).through
            self.links[name] = defaultdict(set)
            for challenge_id, other_id in through.objects.values_list("challenge_id", column):
                self.links[name][challenge_id].add(other_id)
        self.figures = defaultdict(list)
        for figure in KeyFigure.objects.order_by("order", "id"):
            self.figures[figure.challenge_id].append((figure.amount, figure.label))
        self.achievements = defaultdict(list)
        for item in Achievement.objects.order_by("order", "id"):
            self.achievements[item.challenge_id].append(_achievement_tuple(item))
        self.urls = defaultdict(set)
        for challenge_id, url in ChallengeLink.objects.values_list("challenge_id", "url"):
            self.urls[challenge_id].add(url)
        self.new_rows, self.replaced = defaultdict(list), defaultdict(set)

    def relate(self, name: str, challenge: Challenge, objects) -> bool:
        """Add missing many-to-many links; say whether any was missing."""
        linked, changed = self.links[name][challenge.pk], False
        through = getattr(Challenge, name).through
        for obj in objects:
            if obj is not None and obj.pk not in linked:
                linked.add(obj.pk)
                row = through(challenge_id=challenge.pk, **{RELATIONS[name]: obj.pk})
                self.added[name].append(row)
                changed = True
        return changed

    def replace(self, kind, challenge, current: list, wanted: list, build, policy) -> bool:
        """Key figures or réalisations: set when none, replaced when the current site differs."""
        if not wanted or current == wanted or (current and policy != UPDATE):
            return False
        if current:
            self.replaced[kind].add(challenge.pk)
        self.new_rows[kind] += [build(challenge, order, item) for order, item in enumerate(wanted)]
        current[:] = wanted
        return True

    def save(self) -> None:
        """Write everything collected, in a few bulk queries."""
        for name, rows in self.added.items():
            getattr(Challenge, name).through.objects.bulk_create(rows)
        for kind, model in (("figures", KeyFigure), ("achievements", Achievement)):
            model.objects.filter(challenge_id__in=self.replaced[kind]).delete()
            model.objects.bulk_create(self.new_rows[kind])
        ChallengeLink.objects.bulk_create(self.new_rows["links"])


def _achievement_tuple(item) -> tuple:
    """What makes two réalisations the same, for comparison."""
    return (item.title, item.image, item.url, item.description, item.call_to_action)


def _figure(challenge, order, item) -> KeyFigure:
    """A key figure row from an (amount, label) pair."""
    return KeyFigure(challenge=challenge, amount=item[0], label=item[1][:300], order=order)


def _achievement(challenge, order, item) -> Achievement:
    """A réalisation row from its tuple, cut to the columns' sizes."""
    title, image, url, description, call_to_action = item
    return Achievement(
        challenge=challenge, title=title[:255], image=image[:500], url=url[:500],
        description=description, call_to_action=call_to_action[:120], order=order,
    )  # fmt: skip


def store_challenges(ctx: Context, cohorts_of: dict, terms: Terms, orgs: Organisations):
    """Upsert every défi of the site; return the index people are resolved against."""
    existing = list(Challenge.objects.all())
    index, slugs, related = ChallengeIndex(existing), {c.slug for c in existing}, Related()
    seen = {}
    for record in ctx.data.challenges:
        cohort = cohorts_of.get(id(record))
        if cohort is None:
            ctx.warnings.add(record.file, f"défi '{record.title}' not imported: no known promotion")
            continue
        challenge = index.match(record.slug, [record.title, *record.names], cohort.pk)
        if challenge is not None and challenge.pk in seen:
            ctx.warnings.add(record.file, f"same défi as {seen[challenge.pk]}: skipped")
            continue
        created = challenge is None
        if created:
            challenge = Challenge(slug=unique_slug(record.slug, slugs), cohort=cohort)
        changed = store_fields(ctx, record, challenge, cohort, orgs, created)
        if created or changed:
            challenge.save()
        seen[challenge.pk] = record.file
        changed |= store_related(ctx, record, challenge, terms, orgs, related)
        state = "created" if created else "updated" if changed else "unchanged"
        ctx.tally.note("challenges", challenge.pk, state)
        index.add(challenge, record.names)
    related.save()
    return index


def store_fields(ctx, record: ChallengeRecord, challenge, cohort, orgs, created) -> bool:
    """Set the défi's own fields under the policy; say whether any changed."""
    host = orgs.get(record.host)
    values = {
        "cohort_id": cohort.pk,
        "title": record.title,
        "tagline": record.tagline,
        "body": record.body,
        "image": record.image,
        "town": record.town,
        "host_organisation_id": host.pk if host else None,
        "seats": record.seats,
        "duration_months": record.duration_months,
        "startup_url": record.startup_url,
    }
    changed = assign(
        challenge,
        values,
        ctx.policy_for(created),
        lambda reason: ctx.warnings.add(record.file, reason),
    )
    status = challenge_status(record, cohort, ctx.today)
    if status != challenge.status and (created or ctx.policy == UPDATE):
        challenge.status, changed = status, True
    return changed and not created


def store_related(ctx, record: ChallengeRecord, challenge, terms, orgs, related: Related) -> bool:
    """Taxonomy, partners, key figures, réalisations and links; say whether any was added."""
    changed = related.relate("themes", challenge, [terms.get("themes", t) for t in record.themes])
    expertises = [terms.get("expertises", e) for e in record.expertises]
    changed |= related.relate("expertises", challenge, expertises)
    partners = [orgs.get(p) for p in record.partners]
    changed |= related.relate("partner_organisations", challenge, partners)
    figures = [(f.amount, f.label[:300]) for f in record.key_figures]
    current = related.figures[challenge.pk]
    changed |= related.replace("figures", challenge, current, figures, _figure, ctx.policy)
    achievements = [_achievement_tuple(a) for a in record.achievements]
    current = related.achievements[challenge.pk]
    changed |= related.replace(
        "achievements", challenge, current, achievements, _achievement, ctx.policy
    )
    for link in record.links:
        if link.url not in related.urls[challenge.pk]:
            related.urls[challenge.pk].add(link.url)
            row = ChallengeLink(
                challenge=challenge, kind=link.kind, url=link.url, label=link.label[:200]
            )
            related.new_rows["links"].append(row)
            changed = True
    return changed
