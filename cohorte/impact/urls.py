"""The impact report: public (/impact/) and the team's version with the PDF per cohort."""

from django.urls import path

from . import views

app_name = "impact"
urlpatterns = [
    path("impact/", views.public, name="public"),
    path("gestion/impact/", views.team, name="team"),
    path("gestion/impact/<int:cohort_id>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("gestion/impact/<int:cohort_id>/envoyer/", views.send_report, name="send"),
]
