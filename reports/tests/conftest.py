import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db, settings, tmp_path):
    """The demo data, its meeting papers saved under this test's own folder."""
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True  # the demo loader refuses to run in production
    call_command("load_demo", quiet_accounts=True)
    settings.DEBUG = False
