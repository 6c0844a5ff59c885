"""Every demo record says where it comes from, on its page: the report and section,
or that it was written to illustrate."""

import pytest
from django.core.management import call_command

from accounts.models import User
from agreements.models import Agreement
from demo.facts import citation
from meetings.models import Meeting
from ops.models import Source
from partnerships.models import Group, Partnership
from strategy.models import Priority

pytestmark = pytest.mark.django_db


def test_a_source_reads_as_its_reports_and_sections():
    assert citation("worcs-2011 §2; worcs-2015 §6.16") == (
        "Future Worcestershire Community Safety Partnership arrangements (Worcestershire "
        "Safer Communities Board, 2011), §2; Peer Review of Partnership Governance "
        "Arrangements (West Midlands Peer Support Programme, for the Worcestershire Safer "
        "Communities Board, 2015), §6.16",
        False,
    )
    assert citation("swindon-2020 §4.1; demo")[1] is True
    assert citation("demo") == ("", True)


def test_the_demo_records_show_their_sources(settings, client):
    settings.DEBUG = True
    call_command("load_demo", quiet_accounts=True)
    call_command("load_demo", quiet_accounts=True)  # noted again, not twice
    board = Partnership.objects.get(name="Safer Communities Board")
    assert Source.objects.of(board).count() == 1
    assert Source.objects.filter(illustrative=True).exists()

    client.force_login(User.objects.get(email="scrutiny@demo.test"))
    page = client.get(board.get_absolute_url()).content.decode()
    assert "Future Worcestershire Community Safety Partnership arrangements" in page
    assert "Illustrative" not in page

    # A meeting of the demo's year is illustrative, on the page whose queries are counted.
    meeting = Meeting.objects.filter(group__partnership__name__startswith="Swindon").first()
    client.force_login(User.objects.get(email="officer@demo.test"))
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Illustrative" in page and "not taken from a published report" in page

    group = Group.objects.filter(partnership__name__startswith="Swindon").first()
    assert "Source:" in client.get(group.get_absolute_url()).content.decode()

    # The agreements: the memorandum of worcs-2011, and Swindon's illustrative one.
    memorandum = Agreement.objects.get(partnership=board)
    page = client.get(memorandum.get_absolute_url()).content.decode()
    assert "Future Worcestershire Community Safety Partnership arrangements" in page
    sharing = Agreement.objects.get(partnership__name="Swindon Community Safety Partnership")
    assert "Illustrative" in client.get(sharing.get_absolute_url()).content.decode()

    # North Worcestershire's priorities the PCC's money added, from the peer review.
    rural = Priority.objects.get(title="Rural crime")
    page = client.get(rural.get_absolute_url()).content.decode()
    assert "Added outside the strategic assessment" in page
    assert "§8.5" in page and "Illustrative" not in page
