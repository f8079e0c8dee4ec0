"""Proposed posts: the authors' pages under /mon-espace/, the team's under /gestion/."""

from django.urls import path

from . import views

app_name = "contributions"
mine = "mon-espace/publications/"
one = mine + "<int:contribution_id>/"
team = "gestion/contributions/"
urlpatterns = [
    path(mine, views.mine, name="mine"),
    path(mine + "nouvelle/", views.new, name="new"),
    path(one, views.detail, name="detail"),
    path(one + "modifier/", views.edit, name="edit"),
    path(one + "proposer/", views.submit, name="submit"),
    path(one + "repondre/", views.answer, name="answer"),
    path(one + "image/", views.image, name="image"),
    path(team, views.team_list, name="team_list"),
    path(team + "<int:contribution_id>/", views.review, name="review"),
    path(team + "<int:contribution_id>/commenter/", views.team_comment, name="comment"),
    path(team + "<int:contribution_id>/modifications/", views.request_changes, name="changes"),
    path(team + "<int:contribution_id>/accepter/", views.accept, name="accept"),
    path(team + "<int:contribution_id>/refuser/", views.decline, name="decline"),
    path(team + "<int:contribution_id>/publier/", views.publish, name="publish"),
]
