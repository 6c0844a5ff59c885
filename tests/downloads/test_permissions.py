"""A download has the permissions of its page: no exempt item for those not
entitled, and no email address for those who may not see one."""

import pytest

from tests.downloads.reading import read_csv, read_xlsx, with_query


@pytest.mark.parametrize(
    "url",
    [
        "/partnerships/?format=csv",
        "/groups/?format=csv",
        "/organisations/?format=xlsx",
        "/people/?format=csv",
        "/funding/?format=csv",
        "/funding/grants/?format=csv",
        "/scrutiny/reviews/?format=csv",
        "/health/?format=csv",
        "/partnerships/{p}/dashboard/?format=csv",
        "/partnerships/{p}/terms-of-reference/?format=csv",
        "/groups/{g}/actions/?format=csv",
        "/groups/{g}/meetings/?format=csv",
        "/people/{person}/actions/?format=csv",
    ],
)
def test_whoever_may_not_see_the_page_may_not_download_it(client, world, url):
    url = url.format(p=world.partnership.pk, g=world.board.pk, person=world.people[0].pk)
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    client.force_login(world.outsider)
    assert client.get(url).status_code == 403


def _in_csv(response, text):
    assert response.status_code == 200
    return text in response.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    "url",
    [
        "/groups/{g}/actions/?format=csv",
        "/people/{person}/actions/?format=csv",
        "/partnerships/{p}/dashboard/?format=csv&table=overdue-actions",
        "/health/?partnership={p}&format=csv",
        "/scrutiny/reviews/{r}/?format=csv&table=recommendations",
    ],
)
def test_exempt_items_are_only_in_the_downloads_of_those_entitled(client, world, url):
    url = url.format(
        p=world.partnership.pk, g=world.board.pk, person=world.people[0].pk, r=world.review.pk
    )
    client.force_login(world.scrutiny_member)
    assert not _in_csv(client.get(url), "Visit the named family")
    client.force_login(world.officer)
    assert _in_csv(client.get(url), "Visit the named family")


@pytest.mark.parametrize(
    "persona, shown",
    [("officer", True), ("admin", True), ("scrutiny_member", False), ("chair", False)],
)
def test_email_addresses_are_only_for_those_who_may_see_contact_details(
    client, world, persona, shown
):
    client.force_login(getattr(world, persona))
    url = f"/people/?organisation={world.police.pk}"
    for fmt in ("csv", "xlsx"):
        response = client.get(with_query(url, format=fmt))
        header, rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
        assert ("Email" in header) is shown
        emails = {r[header.index("Email")] for r in rows} if shown else set()
        assert ("officer1@police.example" in emails) is shown
    assert (
        b"officer1@police.example" in client.get(with_query(url, format="csv")).content
    ) is shown
    assert ("officer1@police.example" in client.get(url).content.decode()) is shown
    # Nor does a search by address tell anyone else whose it is.
    found = client.get("/people/?q=officer1@police&format=csv").content.decode("utf-8-sig")
    assert ("Officer 1" in found) is shown
