"""Every ?page= value shows a page of the list: past the end the last one, never a 404."""

import pytest
from django.test import RequestFactory

from cohorte.pagination import page_number, paginate


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, 1), ("", 1), ("1", 1), ("2", 2), ("3", 3), ("4", 3), ("9999", 3),
        ("99999999999999999999999", 3), ("0", 1), ("-2", 1), ("x", 1), ("2.5", 1),
        ("²", 1), (" 2 ", 2),
    ],
)  # fmt: skip
def test_page_number(value, expected):
    assert page_number(value, 3) == expected


def test_past_the_last_page_is_the_last_page():
    request = RequestFactory().get("/", {"page": "12"})
    page = paginate(request, list(range(25)), 10)
    assert page.number == 3
    assert list(page) == [20, 21, 22, 23, 24]
    assert page.elided_range == [1, 2, 3]


def test_an_empty_list_is_one_empty_page():
    page = paginate(RequestFactory().get("/", {"page": "5"}), [], 10)
    assert page.number == 1
    assert list(page) == []
