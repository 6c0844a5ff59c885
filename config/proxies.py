"""The address a request comes from, when load balancers may stand in between.

Each trusted proxy adds the address it was reached from to the end of
X-Forwarded-For, so with TRUSTED_PROXY_COUNT proxies the client is that many
entries from the end; whatever is before it the client may have written itself.
With no trusted proxy the header is ignored: anyone can send it. The sign-in
lockout and the API's request limits both read the address here.
"""

from django.conf import settings


def client_address(request):
    connected = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if not count or not forwarded:
        return connected
    addresses = [address.strip() for address in forwarded.split(",")]
    return addresses[-min(count, len(addresses))]
