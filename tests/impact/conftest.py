import pytest
import time_machine

from .world import NOW, build_impact_world


@pytest.fixture
def impact_world(db):
    with time_machine.travel(NOW, tick=False):
        yield build_impact_world()
