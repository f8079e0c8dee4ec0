"""The running cohort's world, as a fixture for the bulletins' tests."""

from tests.cohort_world import cohort_world  # noqa: F401
