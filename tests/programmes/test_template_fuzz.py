"""Any value of a template replaced by a value of the wrong type: refused with a message or
imported, never a crash (a refusal's rollback is tested in test_template_files)."""

import copy

import pytest

from cohorte.programmes.templates_io import TemplateError, dumps, export_template, import_template
from tests.programmes.template_world import configured_programme

pytestmark = pytest.mark.django_db
WRONG = [None, ["x"], {"x": 1}, -1, "x" * 600, True, "\x00"]


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    yield path


def _replaced(template, path, wrong):
    changed = copy.deepcopy(template)
    if not path:
        return wrong
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = wrong
    return changed


def test_no_wrong_value_crashes_the_import():
    programme = configured_programme()
    template = export_template(programme)
    # One call with one question: every kind of value, fewer repeats.
    call = template["sections"]["calls"][0]
    call["questions"] = call["questions"][:1]
    template["sections"]["calls"] = [call]
    crashes = []
    for path in set(_leaves(template)) - {("exported_at",)}:
        for wrong in WRONG:
            content = dumps(_replaced(template, path, wrong)).encode()
            try:
                import_template(programme, content)
            except TemplateError as refusal:
                assert refusal.problems and all(refusal.problems)
            except Exception as error:  # noqa: BLE001
                crashes.append((path, wrong, repr(error)[:200]))
    assert crashes == []
