"""The proposal pages: the form, autosave, estimate, rows without JavaScript, submission,
receipt, thread, and every bad input refused with a clear message and nothing changed."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.calls import windows
from cohorte.notifications.models import OutboxMessage
from cohorte.projects import thread
from cohorte.projects.models import Proposal, ProposalFile, ProposalMessage, ProposalVersion
from cohorte.projects.proposal_form import completeness_errors
from cohorte.public.formats import format_clock
from tests.projects.admin_helpers import (
    EXECUTABLE,
    attach,
    close_call,
    draft,
    full_post,
    pdf_files,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(project_world, client):
    client.force_login(project_world.admin_user)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def db_state(proposal):
    proposal = Proposal.objects.get(pk=proposal.pk)
    return {
        "title": proposal.title,
        "data": proposal.data,
        "revision": proposal.revision,
        "status": proposal.status,
        "version": proposal.version,
        "files": ProposalFile.objects.filter(proposal=proposal).count(),
        "versions": ProposalVersion.objects.filter(proposal=proposal).count(),
        "outbox": OutboxMessage.objects.count(),
    }


# --- The page -----------------------------------------------------------------------


def test_the_form_shows_limits_counters_and_the_estimate(project_world, member):
    page = text(member.get(reverse("projects:proposal", args=[project_world.proposal.pk])))
    assert "data-autosave" in page
    assert 'data-limit="1500"' in page and "/ 1500 caractères" in page
    assert "Cofinancement estimé : de 37\u202f200 € à 42\u202f600 € pour 2 EIG." in page
    assert "Règle : pour chaque EIG, le programme cofinance 3 mois" in page
    assert "Coût total employeur d'un EIG « Jusqu'à 5 ans d'expérience » (€)" in page
    for contact in ("Porteur opérationnel (mentor opérationnel)", "Contact ressources humaines"):
        assert contact in page


def test_the_form_says_which_sections_will_be_public(project_world, member):
    page = text(member.get(reverse("projects:proposal", args=[project_world.proposal.pk])))
    public = "Public si le défi est retenu</span>"
    internal = "Interne, jamais publié</span>"

    def badge_of(label):
        after = page[page.index(f">{label}") :]
        return after[: after.index("</label>")]

    for label in ("Nom du défi", "Résumé du projet", "Contexte et problématique à résoudre",
                  "Solution envisagée", "Mission"):  # fmt: skip
        assert public in badge_of(label) and internal not in badge_of(label)
    for label in ("Obstacles potentiels et mesures pour les dépasser",
                  "Enjeux juridiques et éthiques", "Pourquoi le programme EIG ?",
                  "Ressources techniques et opérationnelles mises à disposition"):  # fmt: skip
        assert internal in badge_of(label) and public not in badge_of(label)
    assert page.count(internal) == 9
    assert "les étapes pour le rendre accessible restent internes" in page


def test_after_the_deadline_the_page_is_read_only(project_world, member):
    close_call(project_world.call, timezone.now() - datetime.timedelta(seconds=1))
    page = text(member.get(reverse("projects:proposal", args=[project_world.proposal.pk])))
    assert "data-autosave" not in page
    assert "votre proposition ne peut plus être modifiée." in page
    assert "Base des dossiers" in page  # the content, read-only


def test_a_non_js_save_redirects_with_the_time(project_world, member):
    proposal = draft(project_world)
    response = member.post(
        reverse("projects:proposal", args=[proposal.pk]), full_post(revision="0")
    )
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).title == "Détecter les fraudes aux prestations"
    assert "Brouillon enregistré à" in text(member.get(response["Location"]))


def test_a_section_over_its_limit_is_flagged_the_rest_saved_and_the_text_stays(
    project_world, member
):
    proposal = draft(project_world)
    typed = "Un contexte très détaillé. " * 60  # 1 620 characters
    response = member.post(
        reverse("projects:proposal", args=[proposal.pk]),
        full_post(revision="0", **{"section-problem": typed, "section-solution": "Bonne."}),
    )
    page = text(response)
    assert response.status_code == 400
    message = (
        "« Contexte et problématique à résoudre » dépasse 1\u202f500 caractères (1\u202f619 "
        "saisis) : raccourcissez-la."
    )
    assert "sauf 1 point(s) à corriger ci-dessous : le texte concerné reste dans le " in page
    assert f'<li><a href="#section-problem">{message}</a></li>' in page  # the summary
    beside = page[page.index('id="section-problem-messages"') :]
    assert beside[: beside.index("</div>")].count(message) == 1  # beside the field
    assert typed.strip() in page
    saved = Proposal.objects.get(pk=proposal.pk)
    assert saved.revision == 1
    assert 'name="revision" id="id_revision" value="1"' in page  # the next save is not stale
    assert saved.title == "Détecter les fraudes aux prestations"
    assert saved.data["sections"]["solution"] == "Bonne."
    assert "problem" not in saved.data["sections"]


def test_add_and_remove_rows_without_javascript(project_world, member):
    proposal = draft(project_world)
    url = reverse("projects:proposal", args=[proposal.pk])
    post = full_post(revision="0", action="add-team")
    post.update({f"team-2-{f}": "" for f in ("name", "role", "status", "percent", "contribution")})
    response = member.post(url, post)
    assert response.status_code == 302
    assert response["Location"] == f"{url}?lignes-equipe=2#equipe"
    page = text(member.get(response["Location"]))
    assert 'name="team-3-name"' in page and 'name="team-4-name"' not in page
    proposal.refresh_from_db()
    post = full_post(revision=str(proposal.revision), remove="team-1")
    assert member.post(url, post)["Location"] == f"{url}#equipe"
    assert Proposal.objects.get(pk=proposal.pk).data["team"] == []


# --- Autosave -----------------------------------------------------------------------


def test_autosave_saves_and_returns_the_new_revision(project_world, member):
    proposal = draft(project_world)
    response = member.post(
        reverse("projects:autosave", args=[proposal.pk]), full_post(revision="0")
    )
    assert response.status_code == 200 and response["X-Autosave"] == "1"
    assert "Brouillon enregistré à" in text(response)
    assert 'name="revision" id="id_revision" value="1" data-hx-swap-oob="true"' in response.text


def test_autosave_from_a_stale_tab_is_refused_and_saves_nothing(project_world, member):
    proposal = draft(project_world)
    url = reverse("projects:autosave", args=[proposal.pk])
    member.post(url, full_post(revision="0", title="Premier onglet"))
    before = db_state(proposal)
    response = member.post(url, full_post(revision="0", title="Second onglet"))
    assert response.status_code == 409
    assert "modifiée ailleurs" in text(response)
    assert db_state(proposal) == before


def test_autosave_saves_the_other_sections_and_says_what_it_could_not_save(project_world, member):
    proposal = draft(project_world)
    response = member.post(
        reverse("projects:autosave", args=[proposal.pk]),
        full_post(revision="0", **{"section-problem": "x" * 1612, "section-solution": "Oui."}),
    )
    message = (
        "« Contexte et problématique à résoudre » dépasse 1\u202f500 caractères (1\u202f612 "
        "saisis) : raccourcissez-la."
    )
    assert response.status_code == 400
    assert response["X-Autosave"] == "1" and response["X-Autosave-Saved"] == "1"
    page = text(response)
    saved = Proposal.objects.get(pk=proposal.pk)
    when = format_clock(saved.updated_at)
    assert f"Brouillon enregistré à {when}, sauf 1 point : {message}" in page
    assert 'name="revision" id="id_revision" value="1" data-hx-swap-oob="true"' in page
    # The banner, swapped in out of band, links to the field.
    assert '<div id="autosave-banner" class="autosave-banner" data-hx-swap-oob="true">' in page
    # Re-sent at every save, the banner is no alert: the status's summary is heard, once.
    assert 'role="alert"' not in page
    assert 'data-summary="Brouillon enregistré, sauf 1 point à corriger."' in page
    assert f'<li><a href="#section-problem">{message}</a></li>' in page
    assert "Non enregistré : 1 point à corriger." in page
    # The message beside the field, swapped in out of band (not live: it changes per key).
    assert (
        '<div class="fr-messages-group" id="section-problem-messages" '
        f'data-hx-swap-oob="true"><p class="fr-message fr-message--error">{message}</p></div>'
    ) in page
    assert saved.revision == 1 and saved.data["sections"]["solution"] == "Oui."
    assert "problem" not in saved.data["sections"]

    # Once fixed, the next autosave empties the banner.
    response = member.post(
        reverse("projects:autosave", args=[proposal.pk]),
        full_post(revision="1", **{"section-problem": "Court.", "section-solution": "Oui."}),
    )
    assert response.status_code == 200
    assert '<div id="autosave-banner" class="autosave-banner" data-hx-swap-oob="true"></div>' in (
        response.content.decode()
    )
    assert Proposal.objects.get(pk=proposal.pk).data["sections"]["problem"] == "Court."


def test_autosave_after_the_session_expired_is_announced(project_world, client):
    proposal = draft(project_world)
    response = client.post(reverse("projects:autosave", args=[proposal.pk]), full_post())
    assert response.status_code == 401
    assert "Votre session a expiré" in text(response)
    assert reverse("account_login") in response.text


# --- Estimate -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "Cofinancement estimé : de 37\u202f200 € à 42\u202f600 € pour 2 EIG."),
        ({"cofunding_requested": "no"}, "Pas de cofinancement demandé."),
        ({"cost-senior": ""}, "Tranches sans coût indiqué : Plus de 5 ans d'expérience."),
        ({"fellows_count": "1", "cost-senior": ""}, "Cofinancement estimé : 18\u202f600 €"),
    ],
)
def test_the_estimate_follows_the_form_without_saving(project_world, member, overrides, expected):
    proposal = draft(project_world)
    response = member.post(
        reverse("projects:estimate", args=[proposal.pk]), full_post(revision="0", **overrides)
    )
    assert response.status_code == 200
    assert expected in text(response)
    assert "Jusqu'à 5 ans d'expérience : " in text(response) or "Pas de" in expected
    assert Proposal.objects.get(pk=proposal.pk).revision == 0


@pytest.mark.parametrize(
    ("overrides", "summary"),
    [
        ({}, "Cofinancement estimé : de 37\u202f200 € à 42\u202f600 € pour 2 EIG."),
        ({"cofunding_requested": "no"}, "Pas de cofinancement demandé."),
        ({"fellows_count": ""}, "Estimation : indiquez le nombre d’EIG demandés."),
        (
            {"cost-senior": "5800000000"},
            "Cofinancement estimé : de 37\u202f200 € à 3\u202f480\u202f000\u202f000 € pour 2 "
            "EIG. Montant à vérifier.",
        ),
    ],
)
def test_the_estimate_carries_the_one_sentence_screen_readers_hear(
    project_world, member, overrides, summary
):
    proposal = draft(project_world)
    response = member.post(
        reverse("projects:estimate", args=[proposal.pk]), full_post(revision="0", **overrides)
    )
    assert re.findall(r'data-summary="([^"]*)"', text(response)) == [summary]


def test_the_estimate_is_recomputed_only_by_the_funding_fields_and_read_only_by_its_summary(
    project_world, member
):
    page = text(member.get(reverse("projects:proposal", args=[project_world.proposal.pk])))
    estimate = page[page.index('<div id="estimation"') :]
    estimate = estimate[: estimate.index(">")]
    assert (
        'data-hx-trigger="change from:#fellows_count delay:300ms, change from:#couts delay:300ms"'
        in estimate
    )
    assert "data-live-summary" in estimate and "aria-live" not in estimate
    costs = page[page.index('id="couts"') : page.index('id="estimation-bloc"')]
    for name in ("cost-junior", "cost-senior", "cofunding_requested-yes", "budget_programme"):
        assert f'id="{name}"' in costs
    assert 'id="fellows_count"' in page
    # The autosave's status: on screen at the bottom of the form, and no live region itself.
    bar = page[page.index('<div class="autosave-bar">') :]
    assert bar.index('id="autosave-banner"') < bar.index(
        '<div id="autosave-status" data-live-summary></div>'
    )
    assert page.count('role="status"') == 1  # the page's one status region, #annonce
    assert '<div id="annonce" class="fr-sr-only" role="status"' in page


def test_the_estimate_warns_of_an_implausible_cost(project_world, member):
    proposal = draft(project_world)
    response = member.post(
        reverse("projects:estimate", args=[proposal.pk]),
        full_post(revision="0", **{"cost-senior": "5800000000"}),
    )
    page = text(response)
    assert "Montant à vérifier : le coût total employeur d’un EIG pour tout le contrat " in page
    assert "dépasse rarement 200\u202f000 €." in page
    assert "Plus de 5 ans d'expérience : 5\u202f800\u202f000\u202f000 €" in page


# --- Files --------------------------------------------------------------------------


def test_a_13_page_pitch_is_refused_with_its_message_the_form_is_saved(project_world, member):
    proposal = draft(project_world)
    attach(proposal)
    post = full_post(revision="0")
    post.update(pdf_files(pitch_pages=13))
    response = member.post(reverse("projects:proposal", args=[proposal.pk]), post)
    assert response.status_code == 400
    page = text(response)
    assert (
        '<li><a href="#pitch">Le pitch « pitch.pdf » compte 13 pages : 12 pages au plus.</a></li>'
    ) in page
    assert "Fichier enregistré :" in page  # the pitch attached before is kept, and shown
    assert Proposal.objects.get(pk=proposal.pk).title == "Détecter les fraudes aux prestations"
    assert ProposalFile.objects.filter(proposal=proposal, kind="pitch").count() == 1


def test_a_non_pdf_is_refused_with_its_message(project_world, member):
    proposal = draft(project_world)
    post = full_post(revision="0", pitch=upload("pitch.pdf", content=EXECUTABLE))
    response = member.post(reverse("projects:proposal", args=[proposal.pk]), post)
    assert response.status_code == 400
    assert "Le fichier « pitch.pdf » n'est pas un PDF" in text(response)
    assert not ProposalFile.objects.filter(proposal=proposal).exists()
    assert Proposal.objects.get(pk=proposal.pk).revision == 1


def test_the_members_download_their_files(project_world, member):
    files = attach(project_world.proposal)
    response = member.get(
        reverse("projects:file", args=[project_world.proposal.pk, files["pitch"].pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="pitch.pdf"')
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# --- Submission ---------------------------------------------------------------------


def test_submit_saves_submits_and_shows_the_receipt(project_world, member):
    proposal = draft(project_world)
    post = full_post(revision="0")
    post.update(pdf_files())
    response = member.post(reverse("projects:submit", args=[proposal.pk]), post)
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:receipt", args=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED and proposal.version == 1
    receipt = text(member.get(response["Location"]))
    moment = windows.format_moment(proposal.submitted_at)
    assert f"version 1, reçue le {moment}, heure de Paris (horodatage du serveur)" in receipt
    assert "pitch.pdf" in receipt and "simulation.pdf" in receipt
    assert ActivityLog.objects.filter(action="proposal.submitted").count() == 1
    assert OutboxMessage.objects.filter(subject__startswith="Proposition de défi reçue").exists()


def test_an_incomplete_submission_saves_the_draft_and_links_to_each_field(project_world, member):
    proposal = draft(project_world)
    response = member.post(
        reverse("projects:submit", args=[proposal.pk]),
        full_post(revision="0", title="", **{"section-impact": ""}),
    )
    page = text(response)
    assert response.status_code == 400
    assert "Votre proposition n'a pas été déposée : 4 point(s) à compléter ou corriger." in page
    for anchor in ("#title", "#section-impact", "#pitch", "#salary_simulation"):
        assert f'<a href="{anchor}">' in page
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DRAFT and proposal.revision == 1
    assert 'name="revision" id="id_revision" value="1"' in response.content.decode()


def test_the_check_page_lists_what_is_missing_then_submits(project_world, member):
    proposal = draft(project_world)
    url = reverse("projects:submit", args=[proposal.pk])
    page = text(member.get(url))
    assert "Indiquez le nom du défi." in page
    assert f"{reverse('projects:proposal', args=[proposal.pk])}#title" in page
    member.post(reverse("projects:proposal", args=[proposal.pk]), full_post(revision="0"))
    attach(proposal)
    proposal.refresh_from_db()
    assert "La proposition est complète." in text(member.get(url))
    response = member.post(url, {"revision": str(proposal.revision), "confirm": "1"})
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).data["team"]  # nothing wiped by the button


def test_a_submission_one_second_late_is_refused_and_changes_nothing(project_world, member):
    proposal = project_world.proposal
    attach(proposal)
    close_call(project_world.call, timezone.now() - datetime.timedelta(seconds=1))
    project_world.call.refresh_from_db()
    before = db_state(proposal)
    response = member.post(
        reverse("projects:submit", args=[proposal.pk]),
        full_post(revision=str(proposal.revision), title="Nouveau nom"),
    )
    moment = windows.format_moment(project_world.call.closes_at)
    assert response.status_code == 403
    assert (
        f"L'appel a fermé le {moment}, heure de Paris : votre proposition n'a pas pu être "
        "déposée." in text(response)
    )
    assert db_state(proposal) == before


def test_another_organisations_proposal_id_is_not_found_in_any_url(project_world, member):
    other = project_world.other_proposal
    files = attach(other)
    ProposalVersion.objects.create(proposal=other, number=1, submitted_at=timezone.now(), data={})
    before = db_state(other)
    post = full_post(revision=str(other.revision))
    for method, url in [
        ("get", reverse("projects:proposal", args=[other.pk])),
        ("post", reverse("projects:proposal", args=[other.pk])),
        ("post", reverse("projects:autosave", args=[other.pk])),
        ("post", reverse("projects:estimate", args=[other.pk])),
        ("get", reverse("projects:submit", args=[other.pk])),
        ("post", reverse("projects:submit", args=[other.pk])),
        ("get", reverse("projects:receipt", args=[other.pk])),
        ("get", reverse("projects:withdraw", args=[other.pk])),
        ("post", reverse("projects:withdraw", args=[other.pk])),
        ("post", reverse("projects:reply", args=[other.pk])),
        ("get", reverse("projects:file", args=[other.pk, files["pitch"].pk])),
        ("get", reverse("projects:organisation", args=[project_world.other_organisation.pk])),
    ]:
        response = getattr(member, method)(url, post if method == "post" else None)
        assert response.status_code == 404, url
        assert "Numériser les archives" not in text(response), url
    assert db_state(other) == before


# --- Withdrawal and thread ----------------------------------------------------------


def test_withdraw_through_the_page(project_world, member):
    url = reverse("projects:withdraw", args=[project_world.proposal.pk])
    assert "Confirmer le retrait" in text(member.get(url))
    response = member.post(url)
    assert response.status_code == 302
    assert Proposal.objects.get(pk=project_world.proposal.pk).status == "withdrawn"
    again = member.post(url)
    assert again.status_code == 409 and "déjà retirée" in text(again)


def test_the_teams_open_question_is_highlighted_and_answered(project_world, member):
    proposal = project_world.proposal
    question = thread.ask(proposal, "Combien d'EIG exactement ?", project_world.preinstructor)
    page = text(member.get(reverse("projects:proposal", args=[proposal.pk])))
    assert "1 question attend votre réponse." in page
    assert "Combien d'EIG exactement ?" in page and "en attente de votre réponse" in page
    OutboxMessage.objects.all().delete()
    response = member.post(reverse("projects:reply", args=[proposal.pk]), {"body": "Deux."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answered_at is not None
    assert ActivityLog.objects.filter(action="proposal.answered").count() == 1
    assert OutboxMessage.objects.get().to == [project_world.preinstructor.email]
    assert "répondue" in text(member.get(reverse("projects:proposal", args=[proposal.pk])))


def test_an_empty_answer_is_refused(project_world, member):
    thread.ask(project_world.proposal, "Une question ?", project_world.team)
    response = member.post(
        reverse("projects:reply", args=[project_world.proposal.pk]), {"body": "  "}
    )
    assert response.status_code == 400
    assert "Écrivez votre message avant de l'envoyer." in text(response)
    assert ProposalMessage.objects.filter(from_team=False).count() == 0


def test_the_team_fields_submission_does_not_require_say_they_are_optional(project_world, member):
    # RGAA 11.10: the form says every field is required unless marked « facultatif ».
    proposal = draft(project_world)
    url = reverse("projects:proposal", args=[proposal.pk])
    post = full_post(revision="0")
    post.update({"team-1-status": "", "team-1-contribution": ""})
    member.post(url, post)
    attach(proposal)

    assert completeness_errors(Proposal.objects.get(pk=proposal.pk)) == {}
    page = text(member.get(url))
    for key, label in [
        ("name", "Prénom et nom"),
        ("role", "Fonction"),
        ("status", "Statut : titulaire, contractuel… (facultatif)"),
        ("percent", "Part du temps de travail (%)"),
        ("contribution", "Apport au projet (facultatif)"),
    ]:
        assert f'<label class="fr-label" for="team-1-{key}">{label}</label>' in page
