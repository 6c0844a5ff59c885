"""The address a request comes from, when load balancers may stand in between.

Each trusted proxy adds the address it was reached from to the end of
X-Forwarded-For, so with TRUSTED_PROXY_COUNT proxies the client is that many
entries from the end; whatever is before it the client may have written itself.
With no trusted proxy the header is ignored: anyone can send it. The sign-in
lockout and the API's request limits both read the address here.

Some load balancers write the client's port too (203.0.113.5:54321, or
[2001:db8::1]:443): the port is dropped. An entry that is not an address at
all is not trusted, and the connected address is used instead.
"""

import ipaddress
import logging

from django.conf import settings

log = logging.getLogger(__name__)


def client_address(request):
    connected = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if not count or not forwarded:
        return connected
    addresses = [address.strip() for address in forwarded.split(",")]
    given = addresses[-min(count, len(addresses))]
    address = _without_port(given)
    if address is None:
        log.warning("X-Forwarded-For entry %r is not an address; using %s", given, connected)
        return connected
    return address


def _without_port(text):
    """The address in `text`, without a port or brackets; None if there is none."""
    if text.startswith("["):  # [IPv6]:port
        text, closed, _ = text[1:].partition("]")
        if not closed:
            return None
    elif text.count(":") == 1:  # IPv4:port
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
