"""The diffusion of the calls: the team's pages and the public share kit."""

from django.urls import path

from . import views

app_name = "campaigns"
one = "gestion/appels/<int:call_id>/diffusion/"
urlpatterns = [
    path(one, views.home, name="home"),
    path(one + "relais/nouveau/", views.relay_new, name="relay_new"),
    path(one + "relais/<int:relay_id>/", views.relay_edit, name="relay_edit"),
    path(one + "relais/<int:relay_id>/envoye/", views.relay_sent, name="relay_sent"),
    path(one + "relais/<int:relay_id>/supprimer/", views.relay_delete, name="relay_delete"),
    path(one + "liens/nouveau/", views.channel_new, name="channel_new"),
    path(one + "kit/", views.kit, name="kit"),
    path(one + "kit/visuels/", views.visual_add, name="visual_add"),
    path(one + "kit/visuels/<int:visual_id>/supprimer/", views.visual_delete, name="visual_delete"),
    path(one + "question/", views.question, name="question"),
    path(one + "resultats/", views.dashboard, name="dashboard"),
    path("appels/<slug:slug>/kit/", views.public_kit, name="public_kit"),
]
