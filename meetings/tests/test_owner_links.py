"""An officer gives an owner their link: copied from the action, emailed, or asked of
every owner of a group at once; and revokes one person's links."""

from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings.links import action_link
from meetings.tests.factories import ActionFactory
from partnerships.models import Person
from partnerships.tests.factories import PersonFactory
from reminders.models import Notice


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def test_an_officer_sees_the_owners_link_to_copy(client, officer, board):
    action = ActionFactory(group=board)
    client.force_login(officer)
    page = client.get(action.get_absolute_url()).content.decode()
    assert "/actions/update/" in page and "The owner’s link" in page


def test_others_see_no_link(client, scrutiny_member, other_officer, board):
    action = ActionFactory(group=board)
    for user in (scrutiny_member, other_officer):
        client.force_login(user)
        response = client.get(action.get_absolute_url())
        assert "/actions/update/" not in response.content.decode()


def test_an_officer_emails_the_owner_their_link_once_a_day(client, officer, board, commit):
    owner = PersonFactory(name="Olu Owner", email="olu@example.test")
    action = ActionFactory(group=board, owner=owner)
    mail.outbox.clear()
    client.force_login(officer)
    url = reverse("meetings:action_send_link", args=[action.pk])
    response = commit(lambda: client.post(url, follow=True))
    assert "Olu Owner has been emailed their link." in response.content.decode()
    [email] = mail.outbox
    assert email.to == ["olu@example.test"] and "/actions/update/" in email.body
    response = commit(lambda: client.post(url, follow=True))
    assert "was emailed their link earlier today" in response.content.decode()
    assert len(mail.outbox) == 1


def test_only_an_officer_of_the_group_sends_a_link(client, other_officer, scrutiny_member, board):
    action = ActionFactory(group=board)
    for user in (other_officer, scrutiny_member):
        client.force_login(user)
        assert client.post(reverse("meetings:action_send_link", args=[action.pk])).status_code in (
            403,
            404,
        )
        assert client.get(reverse("meetings:action_send_link", args=[action.pk])).status_code in (
            403,
            404,
        )
    assert not Notice.objects.filter(kind=Notice.Kind.UPDATE_LINK).exists()


def test_an_owner_without_an_email_address_is_explained(client, officer, board):
    action = ActionFactory(group=board, owner=PersonFactory(email=""))
    client.force_login(officer)
    response = client.post(reverse("meetings:action_send_link", args=[action.pk]), follow=True)
    assert "has no email address" in response.content.decode()


def test_request_updates_asks_every_owner_of_open_actions_once_a_day(
    client, officer, board, commit
):
    owners = [PersonFactory(email=f"o{n}@example.test") for n in range(3)]
    ActionFactory(group=board, owner=owners[0])
    ActionFactory(group=board, owner=owners[0])  # two actions, one email
    ActionFactory(group=board, owner=owners[1])
    done = ActionFactory(
        group=board, owner=owners[2], status="done", completed_on=timezone.localdate()
    )
    assert done.pk
    mail.outbox.clear()
    client.force_login(officer)
    url = reverse("meetings:tracker_request_updates", args=[board.pk])
    response = commit(lambda: client.post(url, follow=True))
    assert "Asked 2 owners for an update." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["o0@example.test", "o1@example.test"]
    response = commit(lambda: client.post(url, follow=True))
    assert "Every owner was asked for an update earlier today." in response.content.decode()
    assert len(mail.outbox) == 2


def test_revoking_stops_one_persons_links_and_a_new_one_works(client, officer, board):
    owner, other = PersonFactory(), PersonFactory()
    action = ActionFactory(group=board, owner=owner)
    ActionFactory(group=board, owner=other)
    old, others = action_link(owner), action_link(other)
    client.force_login(officer)
    client.post(reverse("meetings:action_revoke_links", args=[action.pk]))
    client.logout()
    assert Person.objects.get(pk=owner.pk).links_revoked_at is not None
    assert client.get(old).status_code == 410
    assert "no longer works" in client.get(old).content.decode()
    assert client.get(others).status_code == 200
    assert client.get(action_link(owner)).status_code == 200


def test_the_link_is_shown_only_to_who_may_change_all_the_owners_groups(
    client, officer, board, other_officer
):
    """The link opens every open action of its owner: an officer of one partnership
    may have it emailed but not see it when the owner also acts for another."""
    owner = PersonFactory(email="both@example.test")
    here = ActionFactory(group=board, owner=owner)
    client.force_login(officer)
    assert "/actions/update/" in client.get(here.get_absolute_url()).content.decode()
    elsewhere = other_officer.partnerships.get()
    ActionFactory(group__partnership=elsewhere, owner=owner)
    page = client.get(here.get_absolute_url()).content.decode()
    assert "/actions/update/" not in page
    assert "can be emailed to them but not shown to you" in page
    assert "Email" in page and "their link" in page


def test_after_revoking_a_new_link_can_be_emailed_the_same_day(client, officer, board, commit):
    owner = PersonFactory(email="again@example.test")
    action = ActionFactory(group=board, owner=owner)
    mail.outbox.clear()
    client.force_login(officer)
    send = reverse("meetings:action_send_link", args=[action.pk])
    commit(lambda: client.post(send))
    client.post(reverse("meetings:action_revoke_links", args=[action.pk]))
    response = commit(lambda: client.post(send, follow=True))
    assert "has been emailed their link." in response.content.decode()
    assert len(mail.outbox) == 2
    owner.refresh_from_db()
    assert owner.history.first().history_user == officer  # who stopped the links


def test_from_the_tracker_the_officer_is_asked_then_sent_back_to_it(client, officer, board, commit):
    owner = PersonFactory(name="Olu Owner", email="olu@example.test")
    action = ActionFactory(group=board, owner=owner)
    mail.outbox.clear()
    client.force_login(officer)
    tracker = reverse("meetings:tracker", args=[board.pk]) + "?sort=due"
    page = client.get(tracker).content.decode()
    ask = (
        reverse("meetings:action_send_link", args=[action.pk]) + "?next=" + quote(tracker, safe="")
    )
    assert f'href="{ask}"' in page.replace("&amp;", "&")
    asked = client.get(ask).content.decode()
    assert "Email Olu Owner their link" in asked and not mail.outbox
    response = commit(lambda: client.post(ask, {"next": tracker}))
    assert response.status_code == 302 and response.url == tracker
    assert [m.to for m in mail.outbox] == [["olu@example.test"]]
    # Somewhere else is not where it sends anyone back to.
    response = client.post(ask, {"next": "https://elsewhere.example/"})
    assert response.url == action.get_absolute_url()


def test_a_link_waiting_to_be_sent_is_not_sent_once_the_links_are_stopped(
    client, officer, board, commit
):
    owner = PersonFactory(email="waiting@example.test")
    action = ActionFactory(group=board, owner=owner)
    mail.outbox.clear()
    client.force_login(officer)
    client.post(reverse("meetings:action_send_link", args=[action.pk]))  # not yet sent
    [waiting] = Notice.objects.filter(kind=Notice.Kind.UPDATE_LINK)
    assert waiting.status == Notice.Status.PENDING
    commit(lambda: client.post(reverse("meetings:action_revoke_links", args=[action.pk])))
    waiting.refresh_from_db()
    assert waiting.status == Notice.Status.OFF and "links were stopped" in waiting.error
    assert not mail.outbox
