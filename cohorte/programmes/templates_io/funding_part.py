"""Co-funding rules and salary bands: the newest promotion's, onto the newest promotion."""

from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.projects.models import FundingRules, SalaryBand

from .base import (
    Part,
    Shape,
    TemplateError,
    assign,
    rows_of,
    save_checked,
    save_children,
    values_of,
)  # fmt: skip

RULES_FIELDS = ["contract_months", "funded_months", "envelope", "plausible_employer_cost"]
BAND_FIELDS = ["order", "key", "label", "net_monthly", "cap"]


class Funding(Part):
    name = "funding_rules"
    label = gettext_lazy("Règles de cofinancement")
    fields = frozenset({*RULES_FIELDS, "bands"})
    required = frozenset({"contract_months", "funded_months"})

    def export(self, programme) -> list:
        rules = (
            FundingRules.objects.filter(cohort__programme=programme)
            .order_by("-cohort__year", "-cohort__number", "-pk")
            .first()
        )
        if rules is None:
            return []
        bands = [values_of(b, BAND_FIELDS) for b in rules.bands.all()]
        return [{**values_of(rules, RULES_FIELDS), "bands": bands}]

    def check(self, row, where) -> Shape:
        bands = row.get("bands")
        required = {"key", "label", "net_monthly"}
        return rows_of(bands, set(BAND_FIELDS), required, where, "bands", texts={"key"})

    def apply(self, programme, rows, report) -> None:
        if len(rows) > 1:
            raise TemplateError([_("« funding_rules » : une seule règle de cofinancement.")])
        cohort = programme.cohorts.first()
        if cohort is None:
            if rows:
                report.skipped.append(
                    _("Règles de cofinancement : le programme n'a pas encore de promotion.")
                )
            return
        for row in rows:
            self._apply(cohort, row, report)

    def _apply(self, cohort, row, report) -> None:
        where = f"« {self.name} »"
        rules = FundingRules.objects.filter(cohort=cohort).first()
        created = rules is None
        rules = rules or FundingRules(cohort=cohort)
        changed = assign(rules, row, RULES_FIELDS, where) or created
        if changed:
            save_checked(rules, where)
        bands = {b.key: b for b in rules.bands.all()}
        new_band = partial(SalaryBand, rules=rules)
        if save_children(row.get("bands"), bands, new_band, BAND_FIELDS, where, "key", "bands"):
            changed = True
        report.count(self.name, "created" if created else "updated" if changed else "unchanged")
