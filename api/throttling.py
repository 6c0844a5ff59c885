"""How often the API answers one caller: each user (with a token or a session) has
a count of their own, a caller not signed in one per address. The counts are kept
in the default cache, Redis in production, so every worker shares them.

DRF's own classes read their rates once, when imported; these read the settings at
each request, and take the client's address as the sign-in lockout does
(config/proxies.py), past TRUSTED_PROXY_COUNT load balancers.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from config.proxies import client_address


class _FromSettings:
    rate_setting = None

    def get_rate(self):
        return getattr(settings, self.rate_setting)

    def get_ident(self, request):
        return client_address(request)


class PerUser(_FromSettings, UserRateThrottle):
    rate_setting = "API_RATE_PER_USER"


class PerAddress(_FromSettings, AnonRateThrottle):
    rate_setting = "API_RATE_PER_ADDRESS"
