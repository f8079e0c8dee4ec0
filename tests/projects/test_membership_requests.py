"""An existing administration that nobody represents yet is not given to whoever declares it
first (issue #16, item 3): a verified address on one of its e-mail domains, or the team's
approval. The team's pages for requests and domains, for every role."""

import html
import io

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.organisations.models import Organisation, OrganisationDomain
from cohorte.projects import accounts, mail_domains, membership_requests
from cohorte.projects.accounts import AccountError
from cohorte.projects.models import MembershipRequest, OrganisationMember, Proposal
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

JUSTICE = "Ministère de la Justice"
PENDING = "En attente de validation par l’équipe du programme"


@pytest.fixture
def justice(project_world):
    """An administration known to Cohorte (imported from the public site), with no account."""
    return OrganisationFactory(name=JUSTICE, slug="justice", kind=Organisation.Kind.MINISTRY)


@pytest.fixture
def claimant(db):
    """Someone with a work address outside the ministry's domains."""
    return UserFactory(username="claimant", email="camille@agence-conseil.fr")


def logged(organisation, prefix="organisation."):
    return list(
        ActivityLog.objects.filter(object_id=str(organisation.pk), action__startswith=prefix)
        .order_by("pk")
        .values_list("action", "data")
    )


def declare(client, call, name=JUSTICE, kind="ministry"):
    return client.post(
        reverse("projects:new", args=[call.slug]),
        {"organisation": "new", "name": name, "kind": kind},
    )


def text(response) -> str:
    return html.unescape(response.content.decode())


# --- The attack, through the pages -------------------------------------------------------


def test_declaring_a_known_administration_files_a_request_instead_of_taking_it(
    project_world, justice, claimant, client
):
    client.force_login(claimant)
    before = (Organisation.objects.count(), Proposal.objects.count())
    response = declare(client, project_world.call)
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:home")
    assert not OrganisationMember.objects.filter(organisation=justice).exists()
    assert (Organisation.objects.count(), Proposal.objects.count()) == before
    filed = MembershipRequest.objects.get()
    assert (filed.organisation, filed.user, filed.call) == (justice, claimant, project_world.call)
    assert filed.status == MembershipRequest.Status.PENDING
    assert logged(justice) == [
        (
            "organisation.membership_requested",
            {"request": filed.pk, "email": "camille@agence-conseil.fr"},
        )
    ]
    told, team = OutboxMessage.objects.order_by("pk")
    assert told.to == ["camille@agence-conseil.fr"]
    assert told.subject == f"Votre demande pour représenter {JUSTICE}"
    assert "l'équipe du programme vérifie votre demande" in told.body
    assert sorted(team.to) == sorted([project_world.team.email, project_world.director.email])
    assert team.subject == f"Demande de rattachement à {JUSTICE}"
    assert "camille@agence-conseil.fr" in team.body
    assert "http://testserver/gestion/administrations/" in team.body or (
        "/gestion/administrations/" in team.body
    )
    home = text(client.get(response["Location"]))
    assert (
        f"« {JUSTICE} » est déjà connue de Cohorte mais n'a encore aucun compte : l'équipe du "
        "programme vérifie que vous la représentez avant de vous y rattacher. Votre demande pour "
        f"représenter « {JUSTICE} » est en attente de validation par l'équipe du programme : "
        "vous recevrez un courriel dès qu'elle sera traitée."
    ) in home
    assert "Mes demandes de rattachement" in home and PENDING in home
    # Nothing in its name: no page, no proposal.
    page = client.get(reverse("projects:organisation", args=[justice.pk]))
    assert page.status_code == 404
    refused = client.post(
        reverse("projects:new", args=[project_world.call.slug]), {"organisation": str(justice.pk)}
    )
    assert refused.status_code == 400
    assert not Proposal.objects.filter(organisation=justice).exists()


def test_declaring_again_while_pending_files_nothing_more(project_world, justice, claimant, client):
    client.force_login(claimant)
    declare(client, project_world.call)
    response = declare(client, project_world.call, name="MINISTÈRE DE LA JUSTICE")
    assert response.status_code == 302
    assert MembershipRequest.objects.count() == 1
    assert OutboxMessage.objects.count() == 2
    assert len(logged(justice)) == 1


def test_the_refusal_names_the_domains_that_let_one_in(project_world, justice, claimant, client):
    OrganisationDomain.objects.create(organisation=justice, domain="justice.gouv.fr")
    client.force_login(claimant)
    response = declare(client, project_world.call, name="ministère de la justice")
    home = text(client.get(response["Location"]))
    assert (
        "Pour la rejoindre sans attendre, ajoutez à votre compte votre adresse professionnelle "
        "sur justice.gouv.fr, confirmez-la, puis recommencez."
    ) in home
    assert not OrganisationMember.objects.filter(organisation=justice).exists()


def test_an_address_on_its_domain_joins_and_starts_the_proposal(project_world, justice, client):
    OrganisationDomain.objects.create(organisation=justice, domain="justice.gouv.fr")
    staff = UserFactory(username="staff", email="camille.martin@justice.gouv.fr")
    client.force_login(staff)
    response = declare(client, project_world.call)
    proposal = Proposal.objects.get(organisation=justice)
    assert response["Location"] == reverse("projects:proposal", args=[proposal.pk])
    member = OrganisationMember.objects.get(organisation=justice)
    assert member.user == staff
    assert logged(justice) == [
        (
            "organisation.member_joined",
            {
                "member": member.pk,
                "how": "email_domain",
                "invitation": None,
                "email": "camille.martin@justice.gouv.fr",
            },
        )
    ]
    told = OutboxMessage.objects.get()
    assert sorted(told.to) == sorted([project_world.team.email, project_world.director.email])
    assert told.subject == f"Premier compte pour {JUSTICE}"
    assert "camille.martin@justice.gouv.fr" in told.body and "justice.gouv.fr" in told.body
    assert not MembershipRequest.objects.exists()


def test_a_verified_secondary_address_on_its_domain_counts(justice, claimant):
    OrganisationDomain.objects.create(organisation=justice, domain="justice.gouv.fr")
    EmailAddress.objects.create(
        user=claimant, email="camille@justice.gouv.fr", verified=True, primary=False
    )
    assert accounts.declare_organisation(claimant, JUSTICE, "ministry") == justice
    assert OrganisationMember.objects.filter(organisation=justice, user=claimant).exists()


def test_an_unverified_address_on_its_domain_does_not(justice, claimant):
    OrganisationDomain.objects.create(organisation=justice, domain="justice.gouv.fr")
    EmailAddress.objects.create(
        user=claimant, email="camille@justice.gouv.fr", verified=False, primary=False
    )
    with pytest.raises(accounts.ApprovalNeeded):
        accounts.declare_organisation(claimant, JUSTICE, "ministry")
    assert not OrganisationMember.objects.filter(organisation=justice).exists()


def test_a_subdomain_is_not_the_domain(justice):
    OrganisationDomain.objects.create(organisation=justice, domain="justice.gouv.fr")
    user = UserFactory(username="sub", email="c@dap.justice.gouv.fr")
    with pytest.raises(accounts.ApprovalNeeded):
        accounts.declare_organisation(user, JUSTICE, "ministry")


def test_a_brand_new_administration_is_still_declared_at_once(project_world, client):
    user = UserFactory(username="new", email="c@ville-de-lyon.fr")
    client.force_login(user)
    response = declare(client, project_world.call, name="Ville de Lyon", kind="local")
    proposal = Proposal.objects.get(created_by=user)
    assert response["Location"] == reverse("projects:proposal", args=[proposal.pk])
    assert OrganisationMember.objects.filter(user=user, organisation__name="Ville de Lyon")
    assert not MembershipRequest.objects.exists()


# --- The team decides ---------------------------------------------------------------------


@pytest.fixture
def filed(project_world, justice, claimant):
    membership_request = membership_requests.request_membership(
        claimant, justice, project_world.call
    )
    OutboxMessage.objects.all().delete()
    ActivityLog.objects.filter(action__startswith="organisation.").delete()
    return membership_request


def test_the_team_approves_and_the_person_joins(project_world, filed, justice, claimant, client):
    client.force_login(project_world.team)
    page = text(client.get(reverse("memberships:requests")))
    assert f"{claimant.get_full_name()} demande à représenter {JUSTICE}" in page
    assert "camille@agence-conseil.fr" in page
    response = client.post(reverse("memberships:approve", args=[filed.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("memberships:requests")
    filed.refresh_from_db()
    assert filed.status == MembershipRequest.Status.APPROVED
    assert (filed.decided_by, filed.reason) == (project_world.team, "")
    assert filed.decided_at is not None
    member = OrganisationMember.objects.get(organisation=justice)
    assert member.user == claimant
    assert logged(justice) == [
        ("organisation.membership_approved", {"request": filed.pk}),
        (
            "organisation.member_joined",
            {"member": member.pk, "how": "team_approval", "invitation": None},
        ),
    ]
    actor = ActivityLog.objects.get(action="organisation.membership_approved").actor
    assert actor == project_world.team
    told = OutboxMessage.objects.get()
    assert told.to == ["camille@agence-conseil.fr"]
    assert told.subject == f"Vous représentez désormais {JUSTICE}"
    assert reverse("projects:new", args=[project_world.call.slug]) in told.body
    assert not OrganisationDomain.objects.exists()
    # The person now acts for it.
    client.force_login(claimant)
    assert client.get(reverse("projects:organisation", args=[justice.pk])).status_code == 200
    assert PENDING not in text(client.get(reverse("projects:home")))


def test_approving_can_add_the_domain_of_the_address(project_world, filed, justice, client):
    client.force_login(project_world.director)
    response = client.post(reverse("memberships:approve", args=[filed.pk]), {"domain": "1"})
    assert response.status_code == 302
    assert mail_domains.domains_of(justice) == ["agence-conseil.fr"]
    assert ("organisation.domain_added", {"domain": "agence-conseil.fr"}) in logged(justice)


def test_a_request_is_decided_once(project_world, filed, client):
    client.force_login(project_world.team)
    client.post(reverse("memberships:approve", args=[filed.pk]))
    OutboxMessage.objects.all().delete()
    again = client.post(reverse("memberships:approve", args=[filed.pk]))
    assert again.status_code == 409
    assert "Cette demande a déjà été traitée." in text(again)
    refused = client.post(reverse("memberships:refuse", args=[filed.pk]), {"reason": "Non."})
    assert refused.status_code == 409
    filed.refresh_from_db()
    assert filed.status == MembershipRequest.Status.APPROVED and filed.reason == ""
    assert OrganisationMember.objects.count() == 3  # the two of the world and this one
    assert not OutboxMessage.objects.exists()


def test_the_team_refuses_with_a_reason(project_world, filed, justice, claimant, client):
    client.force_login(project_world.team)
    url = reverse("memberships:refuse", args=[filed.pk])
    empty = client.post(url, {"reason": "   "})
    assert empty.status_code == 400
    assert "Indiquez le motif du refus : la personne le recevra par courriel." in text(empty)
    filed.refresh_from_db()
    assert filed.status == MembershipRequest.Status.PENDING
    assert not OutboxMessage.objects.exists() and not logged(justice)
    reason = "Utilisez votre adresse @justice.gouv.fr."
    response = client.post(url, {"reason": f"  {reason} "})
    assert response.status_code == 302
    filed.refresh_from_db()
    assert (filed.status, filed.reason, filed.decided_by) == (
        MembershipRequest.Status.REFUSED,
        reason,
        project_world.team,
    )
    assert not OrganisationMember.objects.filter(organisation=justice).exists()
    assert logged(justice) == [("organisation.membership_refused", {"request": filed.pk})]
    told = OutboxMessage.objects.get()
    assert told.to == ["camille@agence-conseil.fr"]
    assert told.subject == f"Votre demande pour représenter {JUSTICE}"
    assert reason in told.body and "n'a pas accepté votre demande" in told.body
    client.force_login(claimant)
    home = text(client.get(reverse("projects:home")))
    assert "Refusée" in home and reason in home
    # A refused person may ask again.
    again = declare(client, project_world.call)
    assert again.status_code == 302
    assert MembershipRequest.objects.filter(status="pending").count() == 1


def test_a_too_long_reason_is_refused(filed, project_world):
    with pytest.raises(AccountError, match="Le motif dépasse 2000 caractères."):
        membership_requests.refuse(filed, project_world.team, "x" * 2001)
    filed.refresh_from_db()
    assert filed.status == MembershipRequest.Status.PENDING


# --- E-mail domains ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("justice.gouv.fr", "justice.gouv.fr"), (" @Justice.Gouv.FR. ", "justice.gouv.fr"),
     ("ac-lyon.fr", "ac-lyon.fr"), ("écoles.fr", "xn--coles-9ra.fr")],
)  # fmt: skip
def test_a_domain_is_kept_lower_case(typed, kept):
    assert mail_domains.clean_domain(typed) == kept


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Indiquez un domaine de messagerie, par exemple justice.gouv.fr."),
        ("justice", "« justice » n'est pas un domaine de messagerie"),
        ("c@justice.gouv.fr", "« c@justice.gouv.fr » n'est pas un domaine de messagerie"),
        ("192.168.0.1", "« 192.168.0.1 » n'est pas un domaine de messagerie"),
        ("-a.gouv.fr", "« -a.gouv.fr » n'est pas un domaine de messagerie"),
        ("gmail.com", "« gmail.com » est une messagerie personnelle"),
        ("yahoo.fr", "« yahoo.fr » est une messagerie personnelle"),
    ],
)
def test_a_bad_domain_is_refused(typed, message):
    with pytest.raises(AccountError) as refused:
        mail_domains.clean_domain(typed)
    assert refused.value.message.startswith(message)


def test_the_model_checks_the_domain_for_the_admin(justice):
    row = OrganisationDomain(organisation=justice, domain="GMAIL.com")
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "est une messagerie personnelle" in refused.value.message_dict["domain"][0]
    row = OrganisationDomain(organisation=justice, domain="Justice.gouv.fr")
    row.full_clean()
    assert row.domain == "justice.gouv.fr"


def test_the_team_adds_and_removes_domains(project_world, justice, client):
    client.force_login(project_world.team)
    url = reverse("memberships:organisation", args=[justice.pk])
    response = client.post(url, {"domain": "@Justice.gouv.fr"})
    assert response.status_code == 302 and response["Location"] == url
    row = OrganisationDomain.objects.get()
    assert (row.organisation, row.domain) == (justice, "justice.gouv.fr")
    twice = client.post(url, {"domain": "justice.gouv.fr"})
    assert twice.status_code == 400
    assert f"« justice.gouv.fr » est déjà un domaine de {JUSTICE}." in text(twice)
    personal = client.post(url, {"domain": "gmail.com"})
    assert personal.status_code == 400 and "est une messagerie personnelle" in text(personal)
    assert 'value="gmail.com"' in personal.content.decode()
    assert OrganisationDomain.objects.count() == 1
    removed = client.post(reverse("memberships:remove_domain", args=[justice.pk, row.pk]))
    assert removed.status_code == 302
    assert not OrganisationDomain.objects.exists()
    assert logged(justice) == [
        ("organisation.domain_added", {"domain": "justice.gouv.fr"}),
        ("organisation.domain_removed", {"domain": "justice.gouv.fr"}),
    ]
    assert all(
        entry.actor == project_world.team
        for entry in ActivityLog.objects.filter(action__startswith="organisation.domain")
    )


def test_a_domain_of_another_organisation_is_not_found(project_world, justice, client):
    row = OrganisationDomain.objects.create(
        organisation=project_world.organisation, domain="interieur.gouv.fr"
    )
    client.force_login(project_world.team)
    url = reverse("memberships:remove_domain", args=[justice.pk, row.pk])
    assert client.post(url).status_code == 404
    assert OrganisationDomain.objects.filter(pk=row.pk).exists()


def test_the_team_finds_an_administration_by_name(project_world, justice, client):
    client.force_login(project_world.team)
    page = text(client.get(reverse("memberships:requests"), {"q": "justice"}))
    assert reverse("memberships:organisation", args=[justice.pk]) in page
    assert "0 compte" in page
    nothing = text(client.get(reverse("memberships:requests"), {"q": "zzz"}))
    assert "Aucune administration ne correspond à « zzz »." in nothing


def test_the_menu_shows_the_page_to_the_team_only(project_world, client):
    client.force_login(project_world.team)
    assert reverse("memberships:requests") in client.get(reverse("team:home")).text
    client.force_login(project_world.admin_user)
    assert reverse("memberships:requests") not in client.get(reverse("projects:home")).text


# --- Every page for every role -------------------------------------------------------------

ROLES = ["anonymous", "admin_user", "other_admin_user", "team", "director", "preinstructor",
         "juror", "other_juror", "claimant"]  # fmt: skip
TEAM = {"team", "director"}


def _snapshot():
    return (
        list(MembershipRequest.objects.values_list("pk", "status", "reason")),
        list(OrganisationMember.objects.values_list("pk", flat=True)),
        list(OrganisationDomain.objects.values_list("pk", "domain")),
        OutboxMessage.objects.count(),
        ActivityLog.objects.count(),
    )


def _cases(filed, justice, row):
    return [
        ("get", reverse("memberships:requests"), {}, 200),
        ("get", reverse("memberships:organisation", args=[justice.pk]), {}, 200),
        ("post", reverse("memberships:organisation", args=[justice.pk]), {"domain": "a.fr"}, 302),
        ("post", reverse("memberships:remove_domain", args=[justice.pk, row.pk]), {}, 302),
        ("post", reverse("memberships:refuse", args=[filed.pk]), {"reason": "Non."}, 302),
        ("post", reverse("memberships:approve", args=[filed.pk]), {}, 302),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_team_page_for_every_role(project_world, filed, justice, claimant, client, role):
    user = claimant if role == "claimant" else project_world.roles()[role]
    row = OrganisationDomain.objects.create(organisation=justice, domain="justice.gouv.fr")
    other = membership_requests.request_membership(
        UserFactory(username="other", email="o@x-conseil.fr"), justice
    )
    if user.is_authenticated:
        client.force_login(user)
    for method, url, data, allowed in _cases(filed, justice, row):
        if "refuser" in url and role in TEAM:
            url = reverse("memberships:refuse", args=[other.pk])
        before = _snapshot()
        response = getattr(client, method)(url, data)
        if role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("account_login")), url
        elif role in TEAM:
            assert response.status_code == allowed, url
            continue
        else:
            assert response.status_code == 403, url
        assert _snapshot() == before, url
    if role in TEAM:
        assert MembershipRequest.objects.get(pk=filed.pk).status == "approved"
        assert MembershipRequest.objects.get(pk=other.pk).status == "refused"


def test_the_team_pages_refuse_get_on_actions(project_world, filed, client):
    client.force_login(project_world.team)
    assert client.get(reverse("memberships:approve", args=[filed.pk])).status_code == 405
    assert client.get(reverse("memberships:refuse", args=[filed.pk])).status_code == 405
    filed.refresh_from_db()
    assert filed.status == MembershipRequest.Status.PENDING


def test_an_unknown_request_is_not_found(project_world, client):
    client.force_login(project_world.team)
    assert client.post(reverse("memberships:approve", args=[999999])).status_code == 404


def _grow(n):
    for i in range(n):
        organisation = OrganisationFactory()
        OrganisationDomain.objects.create(organisation=organisation, domain=f"d{i}.gouv.fr")
        user = UserFactory(username=f"asker{MembershipRequest.objects.count()}")
        item = membership_requests.request_membership(user, organisation)
        if i % 2:
            membership_requests.refuse(item, None, "Non.")


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_makes_the_same_queries_for_few_or_many(project_world, client):
    client.force_login(project_world.team)
    url = reverse("memberships:requests")
    _grow(2)
    small = count(client, url)
    _grow(8)
    assert count(client, url) == small


# --- The admin ----------------------------------------------------------------------------


def _admin_form(organisation, domain):
    return {
        "name": organisation.name,
        "slug": organisation.slug,
        "acronym": "",
        "kind": organisation.kind,
        "website": "",
        "town": "",
        "email_domains-TOTAL_FORMS": "1",
        "email_domains-INITIAL_FORMS": "0",
        "email_domains-MIN_NUM_FORMS": "0",
        "email_domains-MAX_NUM_FORMS": "1000",
        "email_domains-0-domain": domain,
    }


def test_the_team_edits_domains_in_the_admin_too(project_world, justice, client):
    call_command("setup_roles", stdout=io.StringIO())
    project_world.team.refresh_from_db()
    client.force_login(project_world.team)
    url = reverse("admin:organisations_organisation_change", args=[justice.pk])
    page = text(client.get(url))
    assert "Domaines de messagerie" in page and "Domaine de messagerie" in page
    refused = client.post(url, _admin_form(justice, "gmail.com"))
    assert refused.status_code == 200
    assert "« gmail.com » est une messagerie personnelle" in text(refused)
    assert not OrganisationDomain.objects.exists()
    saved = client.post(url, _admin_form(justice, "Justice.gouv.fr"))
    assert saved.status_code == 302
    assert mail_domains.domains_of(justice) == ["justice.gouv.fr"]
    entry = ActivityLog.objects.get(action="organisation.domain_added")
    assert (entry.actor, entry.data) == (project_world.team, {"domain": "justice.gouv.fr"})
    requests_page = client.get(reverse("admin:projects_membershiprequest_changelist"))
    assert requests_page.status_code == 200


def test_the_team_finds_an_administration_without_accents(project_world, client):
    sante = OrganisationFactory(name="Ministère de la Santé", acronym="MSanté")
    client.force_login(project_world.team)
    for query in ("ministere sante", "MINISTÈRE DE LA SANTÉ", "msante"):
        page = text(client.get(reverse("memberships:requests"), {"q": query}))
        assert reverse("memberships:organisation", args=[sante.pk]) in page, query
