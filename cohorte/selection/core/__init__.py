"""Pure algorithmic core of the selection engine: no Django, typed dataclasses in and out.

Each solver can be used alone, from Python or as a JSON filter on the command line:

- ``matching``: candidates to (défi, profile) seats, stable (deferred acceptance, maximum
  weakly stable matching with ties) or optimal (weighted CP-SAT).
  ``python -m cohorte.selection.core.matching < instance.json > solution.json``
- ``scheduling``: interview timetables on a slot grid (CP-SAT with a greedy warm start,
  infeasibility diagnosis).
  ``python -m cohorte.selection.core.scheduling < instance.json > solution.json``
- ``jury``: balanced défi jury panels and their audition slots.
  ``python -m cohorte.selection.core.jury < instance.json > solution.json``
- ``generate``: seeded instance generators for tests and benchmarks.

Submodules are not imported here on purpose: ``python -m`` on a submodule would otherwise
import it twice.
"""
