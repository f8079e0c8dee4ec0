"""manage.py demo: build the synthetic demonstration programme."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from cohorte.calls.models import Call
from cohorte.challenges.models import Challenge
from cohorte.demo import STAGE_SLUGS, build_demo

ADMIN_EMAIL = "admin@demo.cohorte.local"


def staged_calls():
    """The demo's calls past their opening, with the stage each is at."""
    calls = {call.slug: call for call in Call.objects.filter(slug__in=STAGE_SLUGS.values())}
    return [(label, calls[slug]) for label, slug in STAGE_SLUGS.items() if slug in calls]


def team_url(call) -> str:
    """Where the team follows this call: its dashboard, or its défi jury's composition."""
    if call.kind == Call.Kind.PROJECTS:
        return reverse("defi_jury:composition", args=[call.pk])
    return reverse("team:call_dashboard", args=[call.pk])


class Command(BaseCommand):
    help = (
        "Construit un programme de démonstration (promotions, défis, personnes, articles, appels)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Ne fait rien si la base contient déjà des défis.",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, if_empty=False, seed=2026, **options):
        if Challenge.objects.exists():
            if if_empty:
                self.stdout.write("La base contient déjà des données : démo non chargée.")
                return
            raise CommandError(
                "La base contient déjà des défis : la démo se charge sur une base vide."
            )
        summary = build_demo(seed=seed, with_accounts=settings.DEBUG)
        counts = ", ".join(f"{key}: {value}" for key, value in summary.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Démo chargée ({counts})."))
        opened = Call.objects.open_at(timezone.now()).order_by("kind", "pk")
        self.stdout.write(
            "Appels ouverts : " + ", ".join(call.get_absolute_url() for call in opened) + "."
        )
        self.stdout.write(
            "Appels aux étapes suivantes (espace de l'équipe) : "
            + ", ".join(f"{label} {team_url(call)}" for label, call in staged_calls())
            + "."
        )
        if settings.DEBUG:
            # A known back-office account only in development: never with DEBUG off.
            # It signs in like everyone, through /compte/ (the admin's own login is closed).
            user_model = get_user_model()
            if not user_model.objects.filter(username="admin").exists():
                admin = user_model.objects.create_superuser("admin", ADMIN_EMAIL, "admin")
                EmailAddress.objects.create(
                    user=admin, email=ADMIN_EMAIL, verified=True, primary=True
                )
            self.stdout.write(
                "Comptes de démonstration (mot de passe « demo ») : equipe@demo.cohorte.local, "
                "direction@demo.cohorte.local, mentor@demo.cohorte.local, "
                "candidat@demo.cohorte.local (une candidature déposée, une audition à "
                "confirmer), administration@demo.cohorte.local (une proposition de défi en "
                "brouillon). Administration : /admin/ "
                f"({ADMIN_EMAIL}, mot de passe « admin »)."
            )
