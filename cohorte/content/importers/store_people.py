"""People and their roles, matched by name whatever its case, accents or punctuation.

A person holds one role per défi: when a défi already has this person in another role
(from an earlier import), that role is kept. Hugo gives one `role` for all of a
person's défis, coarser than Jekyll's per-défi lists, so it never adds a second one.
`is_public` is set when a person is created and never changed by an import: consent to
appear in the directory is managed in Cohorte, and a re-import must not undo it.
"""

from collections import defaultdict

from cohorte.people.grammar import guess_form
from cohorte.people.models import Person, Role
from cohorte.text import make_slug

from .records import UPDATE, PersonRecord
from .resolver import ChallengeIndex, folded
from .store import Context, Terms, assign, unique_slug
from .vocabulary import absolute_url


class StoredRoles:
    """Existing roles by (person, kind, cohort, défi), and what to write.

    Each role is a slot ``[role id or new Role, profile id]`` that keeps its identity when
    a promotion-only role is completed with its défi.
    """

    def __init__(self, ctx: Context):
        self.ctx, self.by_key, self.new, self.profiles, self.attach = ctx, {}, [], {}, {}
        self.kinds_on = defaultdict(set)  # (person, défi) -> kinds
        self.kinds_of = defaultdict(set)  # person -> kinds held anywhere
        self.in_cohort = defaultdict(set)  # (person, kind, cohort) -> défis (None: none)
        fields = ("id", "person_id", "kind", "cohort_id", "challenge_id", "profile_id")
        for (
            role_id,
            person_id,
            kind,
            cohort_id,
            challenge_id,
            profile_id,
        ) in Role.objects.values_list(*fields):
            self._register((person_id, kind, cohort_id, challenge_id), [role_id, profile_id])

    def _register(self, key: tuple, slot: list) -> None:
        """Index a role under its key and in the per-person summaries."""
        person_id, kind, cohort_id, challenge_id = key
        self.by_key[key] = slot
        self.kinds_of[person_id].add(kind)
        self.in_cohort[(person_id, kind, cohort_id)].add(challenge_id)
        if challenge_id:
            self.kinds_on[(person_id, challenge_id)].add(kind)

    def add(self, person, kind: str, cohort_id, challenge, profile_id) -> None:
        """Add a role unless the person already holds it or one that says more."""
        challenge_id = challenge.pk if challenge else None
        key = (person.pk, kind, cohort_id, challenge_id)
        slot = self.by_key.get(key)
        if slot is None and self._redundant(person.pk, kind, cohort_id, challenge_id):
            return
        if slot is None and challenge_id is not None:
            slot = self.by_key.pop((person.pk, kind, cohort_id, None), None)
            if slot is not None:  # the défi of a promotion-only role is now known
                self.in_cohort[(person.pk, kind, cohort_id)].discard(None)
                self._set(slot, "challenge", challenge, challenge_id, self.attach)
                self._register(key, slot)
        if slot is None:
            role = Role(person=person, kind=kind, cohort_id=cohort_id, challenge=challenge,
                        profile_id=profile_id)  # fmt: skip
            self.new.append(role)
            self._register(key, [role, profile_id])
            self.ctx.tally.note("roles", id(self.by_key[key]), "created")
            return
        if profile_id and profile_id != slot[1] and (slot[1] is None or self.ctx.policy == UPDATE):
            slot[1] = profile_id
            self._set(slot, "profile_id", profile_id, profile_id, self.profiles)
        self.ctx.tally.note("roles", id(slot), "unchanged")

    def _redundant(self, person_id, kind, cohort_id, challenge_id) -> bool:
        """Whether a new role would repeat, less precisely, one the person already holds."""
        if challenge_id is not None:
            # One role per défi: the first import that states one wins.
            return bool(self.kinds_on[(person_id, challenge_id)] - {kind})
        if cohort_id is None:
            return kind in self.kinds_of[person_id]  # e.g. "team" when a dated team role exists
        return bool(self.in_cohort[(person_id, kind, cohort_id)] - {None})

    def _set(self, slot: list, attribute: str, value, value_id, pending: dict) -> None:
        """Change a role: directly when created in this run, else noted for an update query."""
        if isinstance(slot[0], Role):
            setattr(slot[0], attribute, value)
        else:
            pending[slot[0]] = value_id
            self.ctx.tally.note("roles", id(slot), "updated")

    def save(self) -> None:
        """Write new roles in one query, changed ones one by one (they are few)."""
        Role.objects.bulk_create(self.new)
        for role_id, profile_id in self.profiles.items():
            Role.objects.filter(pk=role_id).update(profile_id=profile_id)
        for role_id, challenge_id in self.attach.items():
            Role.objects.filter(pk=role_id).update(challenge_id=challenge_id)


def store_people(ctx: Context, cohorts_of: dict, terms: Terms, challenges: ChallengeIndex):
    """Upsert every person of the site and add their roles."""
    existing = list(Person.objects.all())
    by_name = {}
    for person in existing:
        by_name.setdefault(folded(person.full_name), person)
    slugs = {person.slug for person in existing}
    through = Person.expertises.through
    expertises = defaultdict(set)
    for person_id, expertise_id in through.objects.values_list("person_id", "expertise_id"):
        expertises[person_id].add(expertise_id)
    roles, new_expertises = StoredRoles(ctx), []
    for record in ctx.data.people:
        person = by_name.get(folded(record.full_name))
        created = person is None
        if created:
            slug = unique_slug(make_slug(record.full_name), slugs, 200)
            person = by_name[folded(record.full_name)] = Person(
                slug=slug, is_public=record.is_public
            )
        changed = assign(person, person_values(record), ctx.policy_for(created), _warn(ctx, record))
        if created or changed:
            person.save()
        for name in record.expertises:
            expertise = terms.get("expertises", name)
            if expertise and expertise.pk not in expertises[person.pk]:
                expertises[person.pk].add(expertise.pk)
                new_expertises.append(through(person_id=person.pk, expertise_id=expertise.pk))
                changed = True
        ctx.tally.note(
            "people", person.pk, "created" if created else "updated" if changed else "unchanged"
        )
        for role in record.roles:
            store_role(ctx, record, person, role, cohorts_of, terms, challenges, roles)
    through.objects.bulk_create(new_expertises)
    roles.save()


def person_values(record: PersonRecord) -> dict:
    """The person's own fields, links made absolute."""
    return {
        "full_name": record.full_name,
        "job_title": record.job_title,
        # The form of the titles the person bears in the source ("Développeuse"), if any.
        "form": guess_form(record.job_title),
        "bio": record.bio,
        "photo": record.photo,
        "github": record.github,
        "gitlab": record.gitlab,
        "linkedin": absolute_url(record.linkedin),
        "twitter": record.twitter,
        "mastodon": absolute_url(record.mastodon),
        "website": absolute_url(record.website),
    }


def _warn(ctx: Context, record: PersonRecord):
    """A warning callback naming the person's file."""
    return lambda reason: ctx.warnings.add(record.file, f"{record.full_name}: {reason}")


def store_role(ctx, record, person, role, cohorts_of, terms, challenges, roles) -> None:
    """Add one role of a person if it is new (or complete its profile)."""
    cohort = cohorts_of.get(id(role))
    challenge = None
    if role.challenge:
        challenge, ambiguous = challenges.find(role.challenge, {cohort.pk} if cohort else set())
        if challenge is None:
            problem = "names several défis" if ambiguous else "not found"
            fallback = f": linked to {cohort.name} only" if cohort else ""
            reason = f"{record.full_name}: défi '{role.challenge}' {problem}{fallback}"
            ctx.warnings.add(role.file, reason)
            if cohort is None:
                return
    cohort_id = challenge.cohort_id if challenge else (cohort.pk if cohort else None)
    profile = terms.get("expertises", role.profile) if role.profile else None
    roles.add(person, role.kind, cohort_id, challenge, profile.pk if profile else None)
