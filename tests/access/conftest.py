from tests.cohort_world import cohort_world  # noqa: F401
