"""Single sign-on with the council's directory: OpenID Connect's code flow with PKCE,
Microsoft Entra ID first (mozilla-django-oidc does the protocol).

Who someone is comes from the ID token the directory signed: its issuer and
audience are checked here (the library checks neither), and the person is matched
on the directory's stable id for them (OIDC_SUBJECT_CLAIM), never on an email
address alone. An email address links a directory account to an account here
once, and only when an administrator has allowed it (User.directory_link_allowed);
nobody is created by signing in, and roles are given here, never by the directory.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from accounts.views import after_sign_in

log = logging.getLogger(__name__)

# What the backend learned about a sign-in, kept on the request for the callback view.
CLAIMS = "directory_claims"
REFUSAL = "directory_refusal"


class DirectoryBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        """Only the directory's answer (BackFromDirectory, which gives the nonce) is
        looked at here: a password sign-in, whatever its address says, is not. A
        token the directory will not give, or one that fails its checks, signs
        nobody in."""
        if not settings.SINGLE_SIGN_ON or "nonce" not in kwargs or "password" in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, jwt.PyJWTError, KeyError, ValueError) as exc:
            log.warning("single sign-on refused: %s: %s", type(exc).__name__, exc)
            return None

    def get_user(self, user_id):
        """The signed-in account of a session, while it may still sign in: an account
        closed since ends its sessions at their next request, as a password's do."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def verify_token(self, token, **kwargs):
        """The signature (and expiry) as the library checks them, then who issued the
        token and for whom: a token another application was given is refused."""
        claims = super().verify_token(token, **kwargs)
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if claims.get("iss") != settings.OIDC_ISSUER:
            raise SuspiciousOperation(f"The ID token's issuer is {claims.get('iss')!r}.")
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was not issued to this application.")
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        """The signed ID token's claims: nothing is read from anywhere else."""
        setattr(self.request, CLAIMS, payload)
        return payload

    def verify_claims(self, claims):
        return bool(subject_of(claims))

    def filter_users_by_claims(self, claims):
        """The account linked to this directory id; else, the one an administrator has
        allowed to be linked, by the email address the directory gives."""
        User = self.UserModel
        linked = User.objects.filter(directory_subject=subject_of(claims))
        if linked:
            return linked
        # The email claim only, and only when the directory has not said it is
        # unverified: a username (Entra ID's preferred_username) may be changed by
        # its holder and is never used to decide who someone is.
        email = claims.get("email") or ""
        verified = claims.get("email_verified", True) is not False
        allowed = User.objects.filter(email__iexact=email, directory_link_allowed=True)
        if email and verified and allowed:
            return allowed
        self._refuse(
            f"Your council account ({email or 'with no email address'}) is not linked to an "
            "account here. Ask an administrator to allow the link, or sign in with your "
            "email address and password."
        )
        return User.objects.none()

    def update_user(self, user, claims):
        """Link the account at its first sign-in through the directory (kept in its
        history); the permission to link is used up."""
        subject = subject_of(claims)
        if not user.is_active:
            self._refuse("This account is closed. Ask an administrator if you need it again.")
            return user
        if user.directory_subject != subject:
            user.directory_subject = subject
            user.directory_link_allowed = False
            user.save(update_fields=["directory_subject", "directory_link_allowed"])
            log.info("account %s linked to the council directory", user.pk)
        return user

    def _refuse(self, reason):
        setattr(self.request, REFUSAL, reason)


def subject_of(claims):
    return str(claims.get(settings.OIDC_SUBJECT_CLAIM) or "")


class SignInThroughDirectory(OIDCAuthenticationRequestView):
    """Off to the directory's sign-in page, remembering where to come back to."""

    def get(self, request):
        if not settings.SINGLE_SIGN_ON:
            raise Http404("Single sign-on is not set up.")
        return super().get(request)


class BackFromDirectory(OIDCAuthenticationCallbackView):
    """The directory's answer: signed in, on to the code step, or back to the sign-in
    page with the reason."""

    def get(self, request):
        if not settings.SINGLE_SIGN_ON:
            raise Http404("Single sign-on is not set up.")
        try:
            return super().get(request)
        except (requests.RequestException, SuspiciousOperation) as exc:
            # An unknown or replayed state, a token the directory would not give, or
            # one that fails its checks: nobody is signed in.
            log.warning("single sign-on failed: %s", exc)
            return self.login_failure()

    def login_failure(self):
        name = settings.OIDC_PROVIDER_NAME
        messages.error(
            self.request,
            getattr(self.request, REFUSAL, None)
            or f"Signing in with {name} did not work. Try again, or sign in with your "
            "email address and password.",
        )
        return redirect(settings.LOGIN_URL)

    def login_success(self):
        previous = self.user.last_login
        response = super().login_success()
        methods = getattr(self.request, CLAIMS, {}).get("amr") or []
        code_step = after_sign_in(
            self.request,
            self.user,
            previous,
            self.success_url,
            second_factor_given="mfa" in methods,
        )
        return code_step or response
