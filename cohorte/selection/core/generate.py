"""Seeded random instances at the programme's scale, for tests and benchmarks.

The programme's scale is about 500 candidates, 30 défis, 80 seats and 3 choices each;
``generate_matching_instance(scale=10)`` multiplies candidates, défis and seats by 10.
Same arguments and seed give the same instance.
"""

from __future__ import annotations

import random
from itertools import accumulate

from cohorte.selection.core.jury import DefiAudition, Juror, JuryInstance
from cohorte.selection.core.matching_instance import (
    Candidate,
    MatchingInstance,
    Offer,
    Pair,
    Position,
    PositionKey,
)
from cohorte.selection.core.scheduling_instance import (
    Day,
    DefiPanels,
    Interview,
    Panel,
    Preference,
    SchedulingInstance,
    SlotLock,
    TimeWindow,
    Unavailability,
)

PROFILES = ("developer", "data_scientist", "designer")
PROFILE_WEIGHTS = (0.5, 0.3, 0.2)


def generate_matching_instance(
    n_candidates: int = 500,
    n_defis: int | None = None,
    n_seats: int | None = None,
    *,
    n_choices: int = 3,
    ties: bool = False,
    tier_size: int = 3,
    jury_coverage: float = 0.9,
    offer_rate: float = 0.0,
    n_locks: int = 0,
    n_forbidden: int = 0,
    seed: int = 0,
) -> MatchingInstance:
    """Random instance; défis and seats default to the programme's ratios (30 and 80 per 500)."""
    rng = random.Random(seed)
    n_defis = n_defis or max(1, round(30 * n_candidates / 500))
    n_seats = n_seats or max(1, round(80 * n_candidates / 500))
    capacity: dict[PositionKey, int] = {}
    for d in range(n_defis):
        capacity[PositionKey(f"D{d + 1}", PROFILES[0])] = 1
    for _ in range(max(0, n_seats - n_defis)):
        key = PositionKey(
            f"D{rng.randrange(n_defis) + 1}", rng.choices(PROFILES, PROFILE_WEIGHTS)[0]
        )
        capacity[key] = capacity.get(key, 0) + 1
    keys = list(capacity)
    popularity = {key: rng.lognormvariate(0, 0.6) for key in keys}
    by_profile = {p: [k for k in keys if k.profile == p] for p in PROFILES}
    cumulative = {
        p: list(accumulate(popularity[k] for k in ks)) for p, ks in by_profile.items() if ks
    }
    all_cumulative = list(accumulate(popularity[k] for k in keys))
    candidates = []
    quality = []
    applicants: dict[PositionKey, list[int]] = {key: [] for key in keys}
    for i in range(n_candidates):
        profile = rng.choices(PROFILES, PROFILE_WEIGHTS)[0]
        pool, weights = (by_profile[profile], cumulative.get(profile))
        if not pool or rng.random() < 0.1:
            pool, weights = keys, all_cumulative
        wanted = min(n_choices, len(pool))
        choices: list[PositionKey] = []
        while len(choices) < wanted:
            key = rng.choices(pool, cum_weights=weights)[0]
            if key not in choices:
                choices.append(key)
        for key in choices:
            applicants[key].append(i)
        candidates.append(choices)
        quality.append(rng.gauss(0, 1))
    ids = [f"c{i + 1}" for i in range(n_candidates)]
    offers: list[list[Offer]] = [[] for _ in range(n_candidates)]
    for i in range(n_candidates):
        if offer_rate and rng.random() < offer_rate:
            key = rng.choice(keys)
            if key not in candidates[i]:
                offers[i].append(Offer(key, rng.choice([None, 1, 2, 4])))
    positions = []
    for key in keys:
        listed = [i for i in applicants[key] if rng.random() < jury_coverage]
        scored = sorted(listed, key=lambda i: -(quality[i] + rng.gauss(0, 0.5)))
        ranks: dict[str, int] = {}
        rank = 0
        while scored:
            size = rng.randint(1, tier_size) if ties else 1
            rank += 1
            for i in scored[:size]:
                ranks[ids[i]] = rank
            scored = scored[size:]
        positions.append(Position(key.defi, key.profile, capacity[key], ranks))
    locks, forbidden = _locks_and_forbidden(rng, ids, candidates, capacity, n_locks, n_forbidden)
    return MatchingInstance(
        positions=tuple(positions),
        candidates=tuple(
            Candidate(ids[i], tuple(candidates[i]), tuple(offers[i])) for i in range(n_candidates)
        ),
        locks=locks,
        forbidden=forbidden,
    )


def _locks_and_forbidden(
    rng: random.Random,
    ids: list[str],
    choices: list[list[PositionKey]],
    capacity: dict[PositionKey, int],
    n_locks: int,
    n_forbidden: int,
) -> tuple[tuple[Pair, ...], tuple[Pair, ...]]:
    left = dict(capacity)
    order = list(range(len(ids)))
    rng.shuffle(order)
    locks = []
    locked = set()
    for i in order:
        if len(locks) >= n_locks:
            break
        if choices[i]:
            key = rng.choice(choices[i])
            if left[key] > 0:
                left[key] -= 1
                locks.append(Pair(ids[i], key))
                locked.add(i)
    forbidden = []
    for i in order[::-1]:
        if len(forbidden) >= n_forbidden:
            break
        if choices[i] and i not in locked:
            forbidden.append(Pair(ids[i], rng.choice(choices[i])))
    return tuple(locks), tuple(forbidden)


STANDARD_WINDOWS = (TimeWindow(9 * 60, 12 * 60 + 30), TimeWindow(14 * 60, 18 * 60))


def generate_scheduling_instance(
    n_interviews: int = 400,
    n_panels: int = 8,
    n_days: int = 5,
    *,
    n_defis: int = 30,
    slot_length: int = 30,
    members_per_panel: int = 3,
    shared_jurors: int = 0,
    unavailability_rate: float = 0.1,
    n_locks: int = 3,
    n_preferences: int = 10,
    seed: int = 0,
) -> SchedulingInstance:
    """Random interview instance: 9:00-12:30 and 14:00-18:00 days, 30-minute slots by default."""
    rng = random.Random(seed)
    days = tuple(Day(f"day{d + 1}", STANDARD_WINDOWS) for d in range(n_days))
    jurors = [f"J{j + 1}" for j in range(n_panels * members_per_panel)]
    panels = []
    for k in range(n_panels):
        members = jurors[k * members_per_panel : (k + 1) * members_per_panel]
        panels.append(Panel(f"P{k + 1}", tuple(members)))
    # A few jurors also sit on the next panel: they cannot be in both at once.
    for _ in range(min(shared_jurors, n_panels - 1)):
        k = rng.randrange(n_panels - 1)
        panels[k + 1] = Panel(panels[k + 1].id, (*panels[k + 1].members, panels[k].members[0]))
    defis = []
    mentors = [f"M{d + 1}" for d in range(n_defis)]
    for d in range(n_defis):
        first = d % n_panels
        allowed = [f"P{first + 1}"]
        if n_panels > 1 and rng.random() < 0.7:
            allowed.append(f"P{(first + 1 + rng.randrange(n_panels - 1)) % n_panels + 1}")
        defi_mentors = [mentors[d]]
        if rng.random() < 0.2:
            defi_mentors.append(mentors[(d + 1) % n_defis])
        defis.append(DefiPanels(f"D{d + 1}", tuple(allowed), tuple(defi_mentors)))
    interviews = []
    candidate = 0
    defi_weights = [rng.uniform(0.5, 1.5) for _ in range(n_defis)]
    # Cap per-défi load so a single mentor (present at all of them) fits in the days.
    per_defi_cap = max(1, (n_days * 15) // 3)
    load = [0] * n_defis
    while len(interviews) < n_interviews:
        candidate += 1
        eligible = [d for d in range(n_defis) if load[d] < per_defi_cap] or list(range(n_defis))
        wanted = rng.choices((1, 2, 3), (0.6, 0.3, 0.1))[0]
        count = min(wanted, n_interviews - len(interviews), len(eligible))
        chosen: list[int] = []
        while len(chosen) < count:
            d = rng.choices(eligible, [defi_weights[e] for e in eligible])[0]
            if d not in chosen:
                chosen.append(d)
        for d in chosen:
            load[d] += 1
            interviews.append(Interview(f"I{len(interviews) + 1}", f"C{candidate}", f"D{d + 1}"))
    people = [f"C{c + 1}" for c in range(candidate)] + jurors + mentors
    unavailabilities = []
    for person in people:
        if rng.random() < unavailability_rate:
            day = rng.choice(days)
            window = rng.choice(day.windows)
            unavailabilities.append(Unavailability(person, day.id, window.start, window.end))
    locks = []
    used: set[tuple[str, str, int]] = set()
    for interview in rng.sample(interviews, min(n_locks, len(interviews))):
        defi = defis[int(interview.defi[1:]) - 1]
        day = days[len(locks) % n_days]
        start = 9 * 60 + slot_length * (2 * len(locks) % 6)
        slot = (defi.panels[0], day.id, start)
        if slot not in used:
            used.add(slot)
            locks.append(SlotLock(interview.id, day.id, start, defi.panels[0]))
    # Locked interviews keep their participants free at the lock time.
    locked_people = {i.candidate for i in interviews if i.id in {lock.interview for lock in locks}}
    unavailabilities = [u for u in unavailabilities if u.person not in locked_people]
    locked_defis = {i.defi for i in interviews if i.id in {lock.interview for lock in locks}}
    locked_mentors = {m for d in defis if d.id in locked_defis for m in d.mentors}
    locked_panels = {lock.panel for lock in locks}
    locked_jurors = {m for p in panels if p.id in locked_panels for m in p.members}
    unavailabilities = [
        u for u in unavailabilities if u.person not in locked_mentors | locked_jurors
    ]
    preferences = []
    for c in rng.sample(range(1, candidate + 1), min(n_preferences, candidate)):
        day = rng.choice(days)
        if rng.random() < 0.5:
            preferences.append(Preference(f"C{c}", day=day.id))
        else:
            preferences.append(Preference(f"C{c}", day=day.id, start=14 * 60, end=18 * 60))
    return SchedulingInstance(
        days=days,
        panels=tuple(panels),
        defis=tuple(defis),
        interviews=tuple(interviews),
        slot_length=slot_length,
        unavailabilities=tuple(unavailabilities),
        locks=tuple(locks),
        preferences=tuple(preferences),
    )


def generate_jury_instance(
    n_jurors: int = 24,
    n_defis: int = 10,
    n_panels: int = 4,
    *,
    n_organisations: int = 6,
    seed: int = 0,
) -> JuryInstance:
    """Random call-for-projects jury: jurors of four categories, défis from a few organisations."""
    rng = random.Random(seed)
    categories = ("administration", "tech", "alumni", "expert")
    organisations = [f"org{o + 1}" for o in range(n_organisations)]
    jurors = tuple(
        Juror(
            f"J{j + 1}",
            categories[j % len(categories)] if rng.random() < 0.8 else rng.choice(categories),
            rng.choice(organisations) if rng.random() < 0.5 else None,
        )
        for j in range(n_jurors)
    )
    defis = tuple(DefiAudition(f"D{d + 1}", rng.choice(organisations)) for d in range(n_defis))
    return JuryInstance(
        jurors=jurors,
        defis=defis,
        n_panels=n_panels,
        days=(Day("day1", STANDARD_WINDOWS), Day("day2", STANDARD_WINDOWS)),
    )
