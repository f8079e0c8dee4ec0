"""The défi jury: pool, panels, auditions, grids, verdicts, consolidation (/jurys/defis/)."""

app_name = "defi_jury"
urlpatterns = []
