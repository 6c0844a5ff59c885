"""The client's address behind trusted proxies: a port some load balancers add is
dropped, and an entry that is not an address is not believed."""

import pytest

from config.proxies import client_address


@pytest.mark.parametrize(
    "forwarded, address",
    [
        ("203.0.113.5", "203.0.113.5"),
        ("203.0.113.5:54321", "203.0.113.5"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("198.51.100.9, 203.0.113.5:54321", "203.0.113.5"),
    ],
)
def test_it_reads_the_address_past_the_trusted_proxy_without_a_port(
    rf, settings, forwarded, address
):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == address


@pytest.mark.parametrize("forwarded", ["unknown", "", "203.0.113", "[2001:db8::1", "a:b:c"])
def test_an_entry_that_is_not_an_address_falls_back_to_the_connection(rf, settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == "10.0.0.2"
