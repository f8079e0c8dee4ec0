"""The weekly bulletins (/bulletins/): a team's défis, one week's bulletin, the archive and
the Friday digest's subscription."""

from django.urls import path

from . import views

app_name = "bulletins"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("archive/", views.archive, name="archive"),
    path("recapitulatif/", views.digest, name="digest"),
    path("defis/<int:challenge_id>/", views.this_week, name="this_week"),
    path("defis/<int:challenge_id>/semaine/<str:week>/", views.week, name="week"),
    path(
        "defis/<int:challenge_id>/bulletins/<int:bulletin_id>/commenter/",
        views.comment,
        name="comment",
    ),
]
