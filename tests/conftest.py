"""The world of tests/routes.py: every kind of record, open and exempt, built once
for each module that asks for it and rolled back after."""

import pytest

from tests.routes import seeded_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from seeded_world(django_db_blocker, tmp_path_factory)
