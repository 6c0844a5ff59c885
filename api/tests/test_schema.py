"""The OpenAPI schema and the documentation page written from it."""

import json
import re

import pytest
from django.urls import reverse

from api.tests.conftest import ENDPOINTS, list_url
from api.tests.factories import token_for


@pytest.fixture
def schema(client, officer):
    response = client.get(
        reverse("api:schema"),
        HTTP_AUTHORIZATION=f"Token {token_for(officer)}",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_is_for_signed_in_users_only(client):
    assert client.get(reverse("api:schema")).status_code == 401


def test_every_endpoint_is_in_the_schema_with_its_errors(schema):
    paths = schema["paths"]
    for endpoint, detail in ENDPOINTS.items():
        listing = paths[f"/api/v1/{endpoint}/"]
        assert set(listing) == {"get"}, endpoint
        assert set(listing["get"]["responses"]) == {"200", "400", "401", "403", "404", "429"}
        if detail is not None:
            one = paths[f"/api/v1/{endpoint}/{{id}}/"]["get"]
            assert set(one["responses"]) == {"200", "401", "403", "404", "429"}
            assert one["parameters"][0]["schema"] == {"type": "integer"}
    assert schema["components"]["securitySchemes"]["knoxApiToken"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }


def test_lists_are_described_as_pages(schema):
    page = schema["components"]["schemas"]["PaginatedMeetingList"]
    assert page["required"] == ["count", "results"]
    assert page["properties"]["next"]["nullable"] is True
    assert page["properties"]["results"]["items"] == {"$ref": "#/components/schemas/Meeting"}
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/meetings/"]["get"]["parameters"]}
    assert parameters["page_size"]["schema"]["maximum"] == 100
    assert parameters["date_from"]["schema"] == {"type": "string", "format": "date"}


def _parameters(schema, endpoint):
    return {p["name"]: p for p in schema["paths"][f"/api/v1/{endpoint}/"]["get"]["parameters"]}


def test_filter_parameters_say_what_the_filters_take(schema):
    organisations = _parameters(schema, "organisations")
    assert organisations["statutory_responsible_authority"]["schema"] == {
        "type": "string",
        "enum": ["no", "yes"],
    }
    an_id = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    meetings = _parameters(schema, "meetings")
    assert meetings["group"]["schema"] == an_id
    assert _parameters(schema, "people")["organisation"]["schema"] == an_id
    assert _parameters(schema, "health-findings")["partnership"]["schema"] == an_id
    for name in ("partnership", "group", "status", "date_from", "date_to"):
        assert meetings[name]["allowEmptyValue"] is True, name
    for name in ("page", "page_size"):
        assert meetings[name]["allowEmptyValue"] is False, name
    year = _parameters(schema, "budgets")["year"]["schema"]
    assert re.fullmatch(year["pattern"].strip("^$"), "2024/25")
    for not_a_year in ("2024/26", "2024-25", "0000/01", "9999/00", "2024"):
        assert not re.fullmatch(year["pattern"].strip("^$"), not_a_year), not_a_year


def test_email_is_optional_and_the_rest_of_a_person_is_always_there(schema):
    person = schema["components"]["schemas"]["Person"]
    assert "email" in person["properties"]
    assert "email" not in person["required"]
    assert "officers" in person["properties"]["email"]["description"]
    assert set(person["required"]) == set(person["properties"]) - {"email"}


def test_nullable_fields_are_marked(schema):
    meeting = schema["components"]["schemas"]["Meeting"]["properties"]
    assert meeting["online_link"]["nullable"] is True
    assert meeting["quorate"]["nullable"] is True
    assert meeting["start_time"]["pattern"] == "^[0-2][0-9]:[0-5][0-9]$"
    assert "nullable" not in meeting["date"]


def test_the_docs_page_lists_each_endpoint_with_its_filters(client, officer, records):
    client.force_login(officer)
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    for endpoint in ENDPOINTS:
        assert f'href="{list_url(endpoint)}"' in page, endpoint
    assert "<code>date_from</code>" in page
    assert "<code>due_before</code>" in page
    assert "Authorization: Token" in page


def test_the_docs_page_asks_you_to_sign_in(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_address_under_the_api_is_a_json_404(client, officer):
    client.force_login(officer)
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert client.get("/api/v1/meetings/0.5/").json() == {"detail": "Not found."}
    assert client.get("/api/v1/meetings").status_code == 301


def test_the_root_of_the_api_leads_to_its_docs(client):
    assert client.get("/api/v1/")["Location"] == reverse("api:docs")
