import pytest


@pytest.mark.django_db
def test_it_is_public(client):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    assert "WCAG" in response.content.decode()
