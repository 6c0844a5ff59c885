import pytest

from dhr.tests.factories import ReviewFactory


@pytest.fixture
def review(partnership, board):
    return ReviewFactory(partnership=partnership, case_reference="DHR 2026/01")
