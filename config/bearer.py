"""How a service outside proves who it is: a bearer token it was given (a metrics
scraper with METRICS_TOKEN, GOV.UK Notify with NOTIFY_CALLBACK_TOKEN)."""

import hmac


def brings_token(request, token):
    """Whether the request brings `token` as its bearer token, compared in constant time."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )
