"""The call for projects of the back office benchmark, grown with the call for applications.

At a size of N applications it holds N / 20 submitted proposals (100 at 2 000, 1 000 at
20 000) from N / 100 administrations, three pre-instruction opinions and a note on each,
one proposal in five shortlisted for the défi jury, panels of five défis and five jurors
from the pool with their auditions (held) and verdicts, and a decision staged for the
favourable défis of one panel in two. Imported by back_office_bench.py once Django is set
up.
"""

from __future__ import annotations

import datetime
import random

PROPOSAL_RATIO, ORGANISATION_RATIO = 20, 100  # proposals and administrations per size
PREINSTRUCTORS, OPINIONS_PER_PROPOSAL = 12, 3
SHORTLIST_RATIO, DEFIS_PER_PANEL, JURORS_PER_PANEL = 5, 5, 5


class ProjectsWorld:
    """A call for projects past its auditions, with everyone who works on it."""

    def __init__(self, team: list, director, seed: int):
        from django.utils import timezone

        from cohorte.accounts.roles import add_to_preinstruction
        from cohorte.calls.models import Call, Round
        from tests.factories import ProjectCallFactory, UserFactory

        self.rng = random.Random(seed)
        self.team, self.director = team, director
        self.call = ProjectCallFactory(title="Appel à projets national", slug="appel-projets")
        # Submissions closed and auditions held: every page of the call has work to show.
        now = timezone.now()
        opens, closes = now - datetime.timedelta(days=60), now - datetime.timedelta(days=20)
        Call.objects.filter(pk=self.call.pk).update(opens_at=opens, closes_at=closes)
        Round.objects.filter(call=self.call).update(opens_at=opens, closes_at=closes)
        self.call.refresh_from_db()
        self.round = self.call.rounds.first()
        self.criteria = list(self.call.grid.criteria.all())
        self.preinstructors = [UserFactory(username=f"preinstr{i}") for i in range(PREINSTRUCTORS)]
        for user in self.preinstructors:
            add_to_preinstruction(user)
        self.organisations, self.panels = [], []
        self.size = self.proposals = 0

    def scores(self):
        values = {str(c.pk): self.rng.randint(c.scale_min, c.scale_max) for c in self.criteria}
        return values, sum(values.values())

    def grow(self, size: int) -> None:
        """Add administrations, proposals, opinions, panels and decisions up to ``size``."""
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from cohorte.organisations.models import Organisation
        from cohorte.projects.models import OrganisationMember, Proposal, ProposalNote
        from cohorte.reviews.models import Conflict, Review
        from cohorte.search import search_text
        from tests.factories import full_proposal_data

        rng, now = self.rng, timezone.now()
        User = get_user_model()
        start = len(self.organisations)
        wanted = max(1, size // ORGANISATION_RATIO)
        new = Organisation.objects.bulk_create(
            Organisation(
                name=f"Administration {i}", slug=f"administration-{i}", kind="central", town="Paris"
            )
            for i in range(start, wanted)
        )
        staff = User.objects.bulk_create(
            User(username=f"adm{o.slug}", email=f"projet@{o.slug}.gouv.fr") for o in new
        )
        OrganisationMember.objects.bulk_create(
            OrganisationMember(organisation=o, user=u) for o, u in zip(new, staff, strict=True)
        )
        self.organisations += list(zip(new, staff, strict=True))
        first, count = self.proposals, size // PROPOSAL_RATIO
        proposals = []
        for index in range(first, count):
            organisation, author = self.organisations[index % len(self.organisations)]
            moment = now - datetime.timedelta(days=21, minutes=index)
            title = f"Défi {index} : simplifier la démarche {rng.choice('ABCDEFGH')}"
            proposals.append(
                Proposal(
                    call=self.call,
                    round=self.round,
                    organisation=organisation,
                    created_by=author,
                    title=title,
                    data=full_proposal_data(),
                    status=Proposal.Status.SUBMITTED,
                    eligibility=Proposal.Eligibility.ELIGIBLE,
                    completeness=Proposal.Completeness.COMPLETE,
                    version=1,
                    submitted_at=moment,
                    first_submitted_at=moment,
                    search_text=search_text(title),
                )
            )
        proposals = Proposal.objects.bulk_create(proposals)
        reviews, notes, conflicts = [], [], []
        for proposal in proposals:
            for reviewer in rng.sample(self.preinstructors + self.team, OPINIONS_PER_PROPOSAL):
                scores, total = self.scores()
                reviews.append(
                    Review(
                        proposal=proposal,
                        call_id=proposal.call_id,  # bulk_create skips the save that writes it
                        reviewer=reviewer,
                        stage=Review.Stage.PRESELECTION,
                        scores=scores,
                        total=total,
                        comment="Défi clair, données accessibles.",
                        recommendation=rng.choice(Review.Recommendation.values),
                    )
                )
            notes.append(
                ProposalNote(
                    proposal=proposal,
                    kind=ProposalNote.Kind.PRIVATE,
                    author=self.team[0],
                    body="À rapprocher d'un défi de la promotion précédente.",
                )
            )
            if proposal.pk % 50 == 0:
                conflicts.append(Conflict(proposal=proposal, reviewer=self.preinstructors[0]))
        Review.objects.bulk_create(reviews, batch_size=1000)
        ProposalNote.objects.bulk_create(notes)
        Conflict.objects.bulk_create(conflicts)
        self.proposals, self.size = count, size
        self._jury(proposals[::SHORTLIST_RATIO])

    def _jury(self, shortlisted: list) -> None:
        """Shortlist, compose panels of five défis, hold their auditions, give verdicts."""
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from cohorte.projects.models import Audition, JuryPoolMember, PanelVerdict, Proposal
        from cohorte.selection.models import Decision, Panel

        User = get_user_model()
        Proposal.objects.filter(pk__in=[p.pk for p in shortlisted]).update(
            status=Proposal.Status.SHORTLISTED
        )
        categories = JuryPoolMember.Category.values
        starts = timezone.now() - datetime.timedelta(days=5)
        auditions, verdicts, decisions = [], [], []
        for first in range(0, len(shortlisted), DEFIS_PER_PANEL):
            defis = shortlisted[first : first + DEFIS_PER_PANEL]
            number = len(self.panels) + 1
            jurors = User.objects.bulk_create(
                User(username=f"jure-defi{number}-{m}", email=f"jure{number}.{m}@example.org")
                for m in range(JURORS_PER_PANEL)
            )
            JuryPoolMember.objects.bulk_create(
                JuryPoolMember(call=self.call, user=u, category=categories[k % len(categories)])
                for k, u in enumerate(jurors)
            )
            panel = Panel.objects.create(
                call=self.call, name=f"Jury des défis {number}", referee=jurors[0]
            )
            panel.members.add(*jurors)
            panel.proposals.add(*defis)
            for position, proposal in enumerate(defis, start=1):
                auditions.append(
                    Audition(
                        panel=panel,
                        proposal=proposal,
                        starts_at=starts + datetime.timedelta(hours=number, minutes=45 * position),
                    )
                )
                favourable = position <= 3
                verdicts.append(
                    PanelVerdict(
                        panel=panel,
                        proposal=proposal,
                        favourable=favourable,
                        position=position,
                        justification="Défi mûr, équipe engagée.",
                        favourite=position == 1,
                        decided_by=jurors[0],
                    )
                )
                if favourable and number % 2:
                    decisions.append(
                        Decision(
                            proposal=proposal,
                            outcome=Decision.Outcome.SELECTED,
                            staged_by=self.team[0],
                        )
                    )
            self.panels.append(panel)
        Audition.objects.bulk_create(auditions)
        PanelVerdict.objects.bulk_create(verdicts)
        Decision.objects.bulk_create(decisions)

    def pages(self) -> list[tuple[str, str, object]]:
        """(role, URL, user) of the work pages of the call for projects."""
        from django.urls import reverse

        from cohorte.projects.models import Proposal

        call, team, pre = self.call.pk, self.team[0], self.preinstructors[1]
        panel = self.panels[0]
        referee = panel.referee
        proposal = Proposal.objects.filter(call=self.call).order_by("pk").first()
        defi = panel.proposals.order_by("pk").first()
        instruction = reverse("instruction:call", args=[call])
        return [
            ("team", reverse("instruction:home"), team),
            ("team", instruction, team),
            ("team", instruction + "?sort=score", team),
            ("team", reverse("instruction:proposal", args=[proposal.pk]), team),
            ("preinstructor", reverse("instruction:home"), pre),
            ("preinstructor", instruction, pre),
            ("preinstructor", reverse("instruction:proposal", args=[proposal.pk]), pre),
            ("team", reverse("defi_jury:home"), team),
            ("team", reverse("defi_jury:pool", args=[call]), team),
            ("team", reverse("defi_jury:composition", args=[call]), team),
            ("team", reverse("defi_jury:consolidation", args=[call]), team),
            ("team", reverse("defi_jury:panel", args=[panel.pk]), team),
            ("juror", reverse("defi_jury:home"), referee),
            ("juror", reverse("defi_jury:panel", args=[panel.pk]), referee),
            ("juror", reverse("defi_jury:defi", args=[panel.pk, defi.pk]), referee),
            ("team", reverse("project_decisions:home"), team),
            ("team", reverse("project_decisions:selection", args=[call]), team),
            ("team", reverse("project_decisions:challenges", args=[call]), team),
            ("director", reverse("project_decisions:validation", args=[call]), self.director),
            ("team", reverse("project_decisions:preview", args=[call]), team),
            ("team", reverse("project_decisions:outbox", args=[call]), team),
        ]
