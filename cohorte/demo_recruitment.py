"""The demo's running cohort in recruitment: contracts, arrivals and checklists of the
fellows published from its call, one early departure, and the administration account
acting for the host of the first fellow, so that every recruitment page can be tried.

Written through the domain functions the pages use (their log entries and e-mails included).
"""

import datetime
import random
from decimal import Decimal

from .people.models import Role
from .projects.models import FundingRules, OrganisationMember, SalaryBand
from .recruitment import contracts, decree, onboarding
from .recruitment.models import Contract

BANDS = [
    ("junior", "Jusqu'à 5 ans d'expérience", 3500),
    ("senior", "Plus de 5 ans d'expérience", 4000),
]


def recruiting(cohort, team, rng: random.Random, administration=None) -> int:
    """Record the cohort's recruitment as its administrations would; returns the contracts."""
    rules, _ = FundingRules.objects.get_or_create(
        cohort=cohort, defaults={"contract_months": 10, "funded_months": 3, "envelope": 1500000}
    )
    bands = [
        SalaryBand.objects.get_or_create(
            rules=rules, key=key, defaults={"order": order, "label": label, "net_monthly": net}
        )[0]
        for order, (key, label, net) in enumerate(BANDS, start=1)
    ]
    if not cohort.onboarding_items.exists():
        onboarding.add_default_items(cohort, team)
    items = list(cohort.onboarding_items.all())
    fellows = list(
        Role.objects.filter(kind=Role.Kind.FELLOW, cohort=cohort)
        .select_related("challenge__host_organisation", "person")
        .order_by("challenge__title", "pk")
    )
    if administration is not None and fellows and fellows[0].challenge.host_organisation:
        OrganisationMember.objects.get_or_create(
            organisation=fellows[0].challenge.host_organisation, user=administration
        )
    start = cohort.start_date or datetime.date.today()
    recorded = 0
    # The last quarter of the fellows has no contract yet: the team chases them.
    for index, fellow in enumerate(fellows[: len(fellows) * 3 // 4]):
        if index == 0:
            continue  # the administration account's own fellow, left for the visitor to type
        band = rng.choice(bands)
        terms = contracts.Terms(
            employer=fellow.challenge.host_organisation.name,
            kind=Contract.Kind.PROJECT,
            start_date=start,
            end_date=start + datetime.timedelta(days=335),
            salary_band=band,
            employer_cost=Decimal(62000 if band.key == "junior" else 71000),
            arrival_date=start + datetime.timedelta(days=rng.choice([0, 7, 14])),
        )
        contracts.save_contract(fellow, terms, team)
        recorded += 1
        done = items if index % 3 else items[: rng.randrange(1, len(items))]
        for item in done:
            onboarding.set_check(fellow, item, True, team, terms.arrival_date)
        if index == 2:
            left_on = start + datetime.timedelta(days=120)
            reason = "Recruté·e par une autre administration."
            contracts.record_departure(fellow, left_on, reason, team)
    # The decree is drafted a month after the start and sent a fortnight later, when the
    # demo is loaded that late in the year.
    today = datetime.date.today()
    drafted, sent = start + datetime.timedelta(days=30), start + datetime.timedelta(days=45)
    if recorded and sent <= today:
        current = decree.start(cohort, drafted, team, today)
        decree.advance(current, decree.Stage.SENT, sent, team, today)
    return recorded
