"""The public pages and the main work pages of every role are valid HTML (Nu HTML checker).

The pages are rendered by the test client from the test worlds and the programme's real
content (../shared/data), written to a folder and checked by one run of vnu, since the JVM
takes seconds to start. Only vnu's errors fail; its warnings and notes are advice.
"""

import datetime
import re
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import reverse

from cohorte.calls.applications import snapshot
from cohorte.calls.models import ApplicationVersion
from cohorte.campaigns.models import ShareKit
from cohorte.challenges.models import Challenge
from cohorte.content.importers import import_site
from cohorte.content.models import Page as ContentPage
from cohorte.content.models import Post
from cohorte.notifications import emails
from cohorte.people.models import Person
from cohorte.programmes.models import Cohort
from cohorte.projects.jury_runs import run_jury
from cohorte.projects.models import JuryInvitation, Proposal, ProposalVersion
from cohorte.projects.proposals import snapshot as proposal_snapshot
from cohorte.selection import matching_runs
from cohorte.selection.scheduling_runs import SchedulingParameters, run_scheduling
from tests.factories import (
    ApplicationFactory,
    PageFactory,
    PostFactory,
    ProposalFactory,
    UserFactory,
)
from tests.html import vnu
from tests.projects.jury_world import DAY, build_jury_world, parameters
from tests.selection.matching_world import build_matching_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(vnu.missing() is not None, reason=vnu.missing() or ""),
]

# Hosts of imported images whose source gives no alternative text: allowed, so that the
# pages show them as images rather than as links.
IMAGE_HOSTS = ["user-images.githubusercontent.com", "camo.githubusercontent.com", "framablog.org"]


CLOSED = datetime.date(2020, 1, 31)  # the last day of a closed job offer
CANARY = '<!DOCTYPE html><html lang="fr"><title>x</title><ul><ul></ul></ul></html>'


@dataclass(frozen=True)
class Page:
    """A page to check: who opens it, where, what they post (a form with errors), the status."""

    role: str
    url: str
    status: int = 200
    data: dict = field(default_factory=dict)

    @property
    def file_name(self) -> str:
        verb = "post" if self.data else "get"
        return f"{self.role}-{verb}{re.sub(r'[^A-Za-z0-9]+', '_', self.url)}.html"


def u(name, *args, query=""):
    return reverse(name, args=args) + query


def editorial_post() -> Post:
    """A post with the editor's every part: linked authors, a translation, tags, an attached
    file, two versions."""
    from django.core.files.base import ContentFile

    from cohorte.content.models import PostAttachment, Tag
    from cohorte.editorial import domain
    from tests.factories import PersonFactory

    post = PostFactory(title="Bilan de la promotion", body="Premier jet.")
    post.authors.set([PersonFactory(is_public=True), PersonFactory(is_public=False)])
    post.tags.set([Tag.objects.create(name="Données", slug="donnees")])
    PostFactory(title="Review", language="en", translation_of=post)
    attachment = PostAttachment(
        post=post, title="Communiqué", original_name="c.pdf", content_type="application/pdf", size=9
    )
    attachment.file.save("c.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    domain.add_revision(post, None)
    post.body = "Premier jet.\nUne ligne de plus."
    post.save()
    domain.add_revision(post, None)
    return post


def public_pages(world) -> list[Page]:
    """Home, lists and a detail of each, FAQ, calls, legal pages, site map, 404, sign-in."""
    imported_challenge = Challenge.objects.filter(body__contains="![").order_by("pk").first()
    person = Person.objects.exclude(bio="").filter(roles__isnull=False).order_by("pk").first()
    PageFactory()
    ShareKit.objects.create(call=world.call, short_text="Relayez **l’appel**.")
    urls = [
        u("public:home"),
        u("public:challenge_list"),
        u("public:challenge_list", query="?q=donnees"),
        u("public:challenge_list", query="?page=2"),
        u("public:challenge_detail", world.challenge.slug),
        u("public:challenge_detail", imported_challenge.slug),
        u("public:person_list"),
        u("public:person_list", query="?role=fellow"),
        u("public:person_detail", person.slug),
        u("public:cohort_list"),
        u("public:cohort_detail", Cohort.objects.order_by("pk").first().slug),
        u("alumni:public"),
        u("impact:public"),
        u("public:post_list"),
        u("public:post_detail", PostFactory().slug),
        u("public:post_detail", editorial_post().slug),
        u("public:post_list", query="?type=job"),
        u("public:offer_list"),
        u("public:post_detail", PostFactory(kind=Post.Kind.JOB, open_until=DAY).slug),
        u("public:post_detail", PostFactory(kind=Post.Kind.JOB, filled=True).slug),
        u("public:post_detail", PostFactory(kind=Post.Kind.JOB, open_until=CLOSED).slug),
        u("public:faq_candidates"),
        u("public:faq_administrations"),
        u("calls:call_list"),
        u("calls:call_detail", world.call.slug),
        u("campaigns:public_kit", world.call.slug),
        u("public:accessibility"),
        u("public:legal_notice"),
        u("public:privacy"),
        u("public:site_map"),
        u("opendata:package"),
        u("api:docs"),
        u("newsletter:subscribe"),
        u("account_login"),
        u("account_signup"),
        u("account_reset_password"),
    ]
    # The imported posts with raw <img> tags, and every page (imported and our own).
    urls += [u("public:post_detail", p.slug) for p in Post.objects.filter(body__contains="<img")]
    urls += [u("public:page_detail", p.slug) for p in ContentPage.objects.all()]
    return [
        *(Page("public", url) for url in urls),
        Page("public", "/nulle-part/", 404),
        Page("public", u("account_signup"), data={"email": "pas-une-adresse", "password1": "a"}),
        Page("public", u("account_login"), data={"login": "x@example.org", "password": "non"}),
    ]


def candidate_pages(world) -> list[Page]:
    """The candidate's space, application form (and its errors), receipt, interview."""
    application = world.application
    slot = application.interviews.get()
    slot.status = "invited"  # the candidate sees an interview once invited to it
    slot.save(update_fields=["status"])
    ApplicationVersion.objects.create(
        application=application,
        number=1,
        submitted_at=application.submitted_at,
        data=snapshot(application),
    )
    # Submitted with its fields empty, an application of its own comes back with its errors.
    other = ApplicationFactory(call=world.call, candidate=UserFactory(username="applicant"))
    incomplete = {"action": "submit", "application": other.pk, "revision": other.revision}
    return [
        Page("candidate", u("accounts:home")),
        Page("candidate", u("team:home"), 403),  # the refusal page, signed in
        Page("candidate", u("accounts:data")),
        Page("candidate", u("calls:application", world.call.slug)),
        Page("applicant", u("calls:application", world.call.slug), 400, incomplete),
        Page("candidate", u("calls:receipt", world.call.slug)),
        Page("candidate", u("calls:withdraw", world.call.slug)),
        Page("candidate", u("selection:interview_respond", slot.pk)),
        Page("candidate", u("selection:interview_unavailability", slot.pk)),
        Page("candidate", u("account_email")),
        Page("candidate", u("account_change_password")),
        Page("candidate", u("account_reset_password_done")),
        Page("candidate", u("mfa_index")),
        Page("candidate", u("account_reauthenticate")),
        Page("candidate", u("socialaccount_connections")),
    ]


def administration_pages(project_world) -> list[Page]:
    """An administration's space, a draft proposal's form, a submitted one and its receipt."""
    draft = ProposalFactory(
        call=project_world.call,
        organisation=project_world.organisation,
        created_by=project_world.admin_user,
        status=Proposal.Status.DRAFT,
        submitted_at=None,
        first_submitted_at=None,
        version=0,
    )
    submitted = project_world.proposal
    ProposalVersion.objects.create(
        proposal=submitted,
        number=1,
        submitted_at=submitted.submitted_at,
        data=proposal_snapshot(submitted),
    )
    return [
        Page("administration", u("projects:home")),
        Page("administration", u("projects:dashboard")),
        Page("administration", u("projects:new", project_world.call.slug)),
        Page("administration", u("projects:proposal", draft.pk)),
        Page("administration", u("projects:proposal", submitted.pk)),
        Page("administration", u("projects:receipt", submitted.pk)),
        Page("administration", u("projects:organisation", project_world.organisation.pk)),
        # The public page of a call for projects, with its "Proposer un défi" button.
        Page("public", u("calls:call_detail", project_world.call.slug)),
    ]


def team_pages(world, project_world) -> list[Page]:
    """The back office, preselection, juries, rankings, decisions, matching, scheduling, the
    call for projects' pre-instruction, défi jury and selection, e-mail templates."""
    call, application = world.call, world.application
    panel = world.juror.panels.get(call=call)
    slot = application.interviews.get()
    matching = matching_runs.run_matching(call, world.team)
    scheduling = run_scheduling(call, world.team, SchedulingParameters(days=(DAY,), time_limit=2))
    projects = project_world.call.pk
    jury = run_jury(project_world.call, project_world.team, parameters(time_limit=2))
    # The pool page lists a pending invitation.
    JuryInvitation.objects.create(
        call=project_world.call,
        email="claire.martin@example.org",
        first_name="Claire",
        last_name="Martin",
        category="expert",
        invited_by=project_world.team,
    )
    with_call = f"?appel={call.slug}"
    urls = [
        u("team:home"),
        u("team:call_dashboard", call.pk),
        u("team:call_journal", call.pk),
        u("team:application_list", call.pk),
        u("team:application_list", call.pk, query="?q=arnaud"),
        u("team:application_detail", application.pk),
        u("team:application_version", application.pk, 1),
        u("team:export", call.pk),
        u("notifications:templates"),
        u("notifications:template_edit", next(iter(emails.DEFAULTS))),
        u("reviews:home"),
        u("reviews:review", application.pk),
        u("selection:home"),
        u("selection:panel_create", call.slug),
        u("selection:panel_detail", panel.pk),
        u("selection:panel_edit", panel.pk),
        u("selection:slot_create", call.slug),
        u("selection:slot_edit", slot.pk),
        u("selection:rankings", call.slug),
        u("selection:ranking", call.slug, query=f"?defi={world.challenge.pk}"),
        u("selection:decisions", query=with_call),
        u("selection:decision_preview", query=with_call),
        u("selection:decision_outbox", query=with_call),
        u("selection:matching", query=with_call),
        u("selection:matching", query=f"{with_call}&calcul={matching.pk}"),
        u("selection:scheduling", query=with_call),
        u("selection:scheduling", query=f"{with_call}&calcul={scheduling.pk}"),
        u("selection:scheduling_apply", scheduling.pk),
        u("selection:panel_invitations", panel.pk),
        u("selection:day_invitations", call.slug, slot.starts_at.date().isoformat()),
        u("instruction:home"),
        u("instruction:call", projects),
        u("instruction:proposal", project_world.proposal.pk),
        u("defi_jury:home"),
        u("defi_jury:pool", projects),
        u("defi_jury:composition", projects),
        u("defi_jury:composition_apply", projects, jury.pk),
        u("defi_jury:invite", projects),
        u("defi_jury:consolidation", projects),
        u("defi_jury:panel", project_world.panel.pk),
        u("project_decisions:home"),
        u("project_decisions:selection", projects),
        u("project_decisions:challenges", projects),
        u("project_decisions:outbox", projects),
        u("project_decisions:preview", projects),
        u("memberships:requests"),
        u("memberships:organisation", project_world.organisation.pk),
        u("team:config_calls"),
        u("team:config_create"),
        u("team:config_defaults"),
        u("team:config_profiles"),
        u("team:config_cohort_create"),
        u("team:config_call", call.pk),
        u("team:config_call", projects),
        u("team:config_rounds", call.pk),
        u("team:config_round", call.pk, call.rounds.first().pk),
        u("team:config_questions", call.pk),
        u("team:config_question", call.pk, call.questions.first().pk),
        u("team:config_statement", call.pk, call.statements.first().pk),
        u("team:config_grid", call.pk),
        u("team:config_criterion", call.pk, call.grid.criteria.first().pk),
        u("team:config_choices", call.pk),
        u("team:config_choices", projects),
        u("team:config_project", projects),
        u("team:config_band", projects, project_world.call.cohort.funding_rules.bands.first().pk),
        u("alumni:team_list"),
        u("alumni:directory"),
        u("impact:team"),
        u("impact:send", project_world.call.cohort.pk),
        u("editorial:list"),
        u("editorial:new"),
    ]
    post = Post.objects.filter(revisions__number=2).first() or editorial_post()
    urls += [
        u("editorial:edit", post.pk),
        u("editorial:history", post.pk),
        u("editorial:diff", post.pk, 1, 2),
    ]
    bad_post = {"kind": "article", "language": "fr", "title": "", "action": "schedule"}
    bad_parameters = {"days": "pas une date", "windows": "9h", "time_limit": "0"}
    ids = [application.pk, world.other_application.pk]
    return [
        *(Page("team", url) for url in urls),
        Page("team", u("selection:scheduling_run", query=with_call), data=bad_parameters),
        Page("team", u("defi_jury:composition_run", projects), data=bad_parameters),
        Page("team", u("team:bulk_action", call.pk), data={"action": "ineligible", "ids": ids}),
        Page("team", u("team:config_create"), data={"kind": "applications", "title": ""}),
        Page("team", u("team:config_defaults"), data={"default_criteria": ": x"}, status=400),
        Page("team", u("team:config_profiles"), data={"name": ""}, status=400),
        Page("team", u("team:config_cohort_create"), data={"name": ""}),
        Page("team", u("team:config_rounds", call.pk), data={"nouvelle-name": ""}),
        Page(
            "team",
            u("team:config_questions", call.pk),
            data={"formulaire": "question", "nouvelle-kind": "yes_no"},
        ),
        Page("team", u("team:config_project", projects), data={"formulaire": "tranche"}),
        Page("team", u("impact:send", project_world.call.cohort.pk), 400, data={"email": "x@"}),
        Page("team", u("campaigns:home", call.pk)),
        Page("team", u("campaigns:relay_new", call.pk)),
        Page("team", u("campaigns:relay_new", call.pk), 400, data={"kind": "school"}),
        Page("team", u("campaigns:channel_new", call.pk)),
        Page("team", u("campaigns:kit", call.pk)),
        Page("team", u("campaigns:question", call.pk)),
        Page("team", u("campaigns:dashboard", call.pk)),
        Page("director", u("campaigns:dashboard", projects)),
        Page("team", u("editorial:new"), 400, data=bad_post),
        Page("team", u("editorial:preview"), data={"title": "Essai", "body": "*Aperçu*"}),
        Page("director", u("selection:validation")),
        Page("director", u("project_decisions:validation", projects)),
    ]


def juror_pages(world, project_world) -> list[Page]:
    """A juror's and a mentor's pages, a pre-instructor's, a défi juror's."""
    panel = world.juror.panels.get(call=world.call)
    slot = world.application.interviews.get()
    defi_panel, proposal = project_world.panel, project_world.proposal
    return [
        Page("juror", u("selection:home")),
        Page("juror", u("selection:panel_detail", panel.pk)),
        Page("juror", u("selection:interview_grid", slot.pk)),
        Page("mentor", u("reviews:home")),
        Page("mentor", u("reviews:review", world.application.pk)),
        Page("mentor", u("reviews:declare_conflict", world.application.pk)),
        Page("preinstructor", u("instruction:home")),
        Page("preinstructor", u("instruction:call", project_world.call.pk)),
        Page("preinstructor", u("instruction:proposal", proposal.pk)),
        Page("preinstructor", u("instruction:proposal_conflict", proposal.pk)),
        Page("defi_juror", u("defi_jury:home")),
        Page("defi_juror", u("defi_jury:panel", defi_panel.pk)),
        Page("defi_juror", u("defi_jury:defi", defi_panel.pk, proposal.pk)),
        Page("defi_juror", u("defi_jury:defi_grid", defi_panel.pk, proposal.pk)),
        Page("defi_juror", u("defi_jury:verdicts", defi_panel.pk)),
    ]


def test_pages_are_valid_html(tmp_path, settings, shared_data, world, project_world):
    settings.MARKDOWN_IMAGE_HOSTS = IMAGE_HOSTS
    # The call stays open: the candidate's pages are part of the tour (its guarded steps then
    # show their preconditions).
    build_matching_world(world, after=False)
    build_jury_world(project_world)
    for site in ("eig-site-jekyll", "eig-site-hugo-sample"):
        import_site(shared_data / site)
    users = {
        "public": None,
        "candidate": world.candidate,
        "administration": project_world.admin_user,
        "team": world.team,
        "director": world.director,
        "juror": world.juror,
        "mentor": world.mentor,
        "preinstructor": project_world.preinstructor,
        "defi_juror": project_world.juror,
    }
    pages = (
        public_pages(world)
        + candidate_pages(world)
        + administration_pages(project_world)
        + team_pages(world, project_world)
        + juror_pages(world, project_world)
    )
    users["applicant"] = UserFactory(username="applicant")
    folder = tmp_path / "pages"
    folder.mkdir()
    clients = {}
    for page in pages:
        if page.role not in clients:
            clients[page.role] = Client()
            if users[page.role] is not None:
                clients[page.role].force_login(users[page.role])
        client = clients[page.role]
        response = client.post(page.url, page.data) if page.data else client.get(page.url)
        assert response.status_code == page.status, (page, response.content[:500])
        assert response["Content-Type"].startswith("text/html"), page
        (folder / page.file_name).write_bytes(response.content)
    names = [page.file_name for page in pages]
    assert sorted({n for n in names if names.count(n) > 1}) == []  # each page once
    # A page known to be invalid shows that the checker ran and that its report is read.
    (folder / "canary.html").write_text(CANARY, encoding="utf-8")
    problems = vnu.check(folder)
    assert {p.file for p in problems if p.file == "canary.html"} == {"canary.html"}
    problems = [p for p in problems if p.file != "canary.html"]
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(map(str, problems))
