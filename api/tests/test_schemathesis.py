"""The API against its own live schema, as a signed-in reader (an officer) meets it:
schemathesis reads /api/v1/schema/ from the application, generates requests for
every operation (valid and invalid filters, page numbers and sizes, ids, other
methods, missing credentials) and runs every check it has: no server error; every
status, content type, header and body as the schema says; what the schema allows
is accepted and what it forbids is refused; credentials are not ignored.

Bounded and deterministic, so CI gives the same answer each run."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from api.tests.factories import records_of, token_for
from config.wsgi import application
from partnerships.tests.factories import GroupFactory, PartnershipFactory


@pytest.fixture(autouse=True)
def _node_id(request):
    """pytest 9.2 keeps a test's id in `_id`; schemathesis 4.32 still reads `_nodeid`
    to name each operation's subtest."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@pytest.fixture
def application_in_the_test_transaction():
    """The application as Django's test client runs it: it must not close the database
    connection after a request, for the connection holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_headers(officer, records):
    """A reader's token: an officer of one partnership, with the records of another
    partnership beside it that the officer does not support."""
    partnership = PartnershipFactory()
    records_of(partnership, GroupFactory(partnership=partnership, kind="board"))
    return {"Authorization": f"Token {token_for(officer)}"}


@pytest.fixture
def api_schema(application_in_the_test_transaction, api_headers):
    return schemathesis.openapi.from_wsgi(
        "/api/v1/schema/", application_in_the_test_transaction, headers=api_headers
    )


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_schema_says(case, api_headers):
    """With no checks named, schemathesis runs every one it has."""
    case.call_and_validate(headers=api_headers)
