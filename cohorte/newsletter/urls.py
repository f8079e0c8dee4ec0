"""The newsletter: the public subscription and links, the team's pages."""

from django.urls import path

from . import views

app_name = "newsletter"
one = "gestion/lettre/<int:edition_id>/"
urlpatterns = [
    path("lettre/", views.subscribe, name="subscribe"),
    path("lettre/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("lettre/desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("gestion/lettre/", views.home, name="home"),
    path("gestion/lettre/nouvelle/", views.edition_new, name="new"),
    path("gestion/lettre/export/", views.export, name="export"),
    path(one, views.edition, name="edition"),
    path(one + "modifier/", views.edition_edit, name="edit"),
    path(one + "test/", views.edition_test, name="test"),
    path(one + "envoyer/", views.edition_send, name="send"),
]
