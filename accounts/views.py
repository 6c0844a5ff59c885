from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import two_factor
from accounts.forms import ChangePasswordForm, CodeForm, LoginForm, SetupCodeForm
from accounts.models import User
from config.health import (
    beat_status,
    broker_status,
    database_status,
    is_ready,
    storage_status,
    worker_status,
)
from config.pages import safe_next

# The time of the sign-in before this one, kept in the session for "since your last
# visit" (the home page).
PREVIOUS_SIGN_IN = "previous_sign_in"


def accessibility(request):
    return render(
        request,
        "accounts/accessibility.html",
        {
            "prepared": settings.ACCESSIBILITY_STATEMENT_PREPARED,
            "reviewed": settings.ACCESSIBILITY_STATEMENT_REVIEWED,
            **_council(),
        },
    )


def _council():
    return {
        "contact_email": settings.COUNCIL_CONTACT_EMAIL,
        "address": settings.COUNCIL_ADDRESS,
        "dpo_email": settings.DATA_PROTECTION_OFFICER_EMAIL,
        "ico_registration": settings.ICO_REGISTRATION,
        "response_days": settings.ACCESSIBILITY_RESPONSE_DAYS,
    }


def privacy(request):
    return render(
        request,
        "accounts/privacy.html",
        {
            "session_minutes": settings.SESSION_COOKIE_AGE // 60,
            "report_days": settings.REPORT_KEEP_DAYS,
            "confidential_days": settings.CONFIDENTIAL_REPORT_KEEP_DAYS,
            "sign_in_days": settings.SIGN_IN_RECORD_DAYS,
            "anonymise_years": settings.PEOPLE_ANONYMISED_AFTER_YEARS,
            **_council(),
        },
    )


def cookies(request):
    return render(
        request,
        "accounts/cookies.html",
        {
            "session_minutes": settings.SESSION_COOKIE_AGE // 60,
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "session_cookie": settings.SESSION_COOKIE_NAME,
            **_council(),
        },
    )


@never_cache
def healthz(request):
    """Database and broker status, for load balancers and compose healthchecks."""
    checks = {"database": database_status(connection), "broker": broker_status()}
    healthy = all(v in ("ok", "not configured") for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


@never_cache
def readyz(request):
    """Whether the whole service is ready: the database, the broker, the file storage,
    a worker that answers and a beat that keeps the schedules (config/health.py). 503
    with each check's status when one is not."""
    checks = {"database": database_status(connection), "broker": broker_status()}
    checks["storage"] = storage_status()
    # A worker is asked through the broker, beat's last run read from the database:
    # with either away, they are not asked.
    away = "not asked: the broker or the database is not answering"
    reachable = all(is_ready(checks[name]) for name in ("database", "broker"))
    checks["worker"] = worker_status() if reachable else away
    checks["beat"] = beat_status() if reachable else away
    ready = all(is_ready(v) for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", **checks}, status=200 if ready else 503
    )


def _with_next(url, target):
    return f"{url}?{urlencode({'next': target})}" if target else url


def _signed_in_fully(request, device):
    """Mark the session verified by `device`; no code is owed any more."""
    request.session.cycle_key()
    django_otp.login(request, device)
    if request.session.pop(two_factor.PENDING_SESSION_KEY, None):  # the code of a sign-in
        User.objects.filter(pk=request.user.pk).update(last_login=timezone.now())


class SignInView(LoginView):
    """The password step. Someone with two-factor on then owes a code (two_factor_verify);
    until they give it, TwoFactorMiddleware lets them nowhere else."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "single_sign_on": settings.SINGLE_SIGN_ON,
            "provider_name": settings.OIDC_PROVIDER_NAME,
        }

    def form_valid(self, form):
        user = form.get_user()
        previous = user.last_login
        response = super().form_valid(form)
        # get_redirect_url() keeps `next` only when it is on this site.
        code_step = after_sign_in(self.request, user, previous, self.get_redirect_url())
        return code_step or response


def after_sign_in(request, user, previous, target, *, second_factor_given=False):
    """What follows a sign-in, with a password or through the council's directory: the
    code step (a redirect) for someone with an authenticator, unless the directory
    has already asked them for a second factor; None when they are signed in."""
    # "Since your last visit" on the home page counts from the sign-in before this.
    request.session[PREVIOUS_SIGN_IN] = previous.isoformat() if previous else None
    request.session[two_factor.DIRECTORY_VERIFIED_SESSION_KEY] = second_factor_given
    if second_factor_given or not django_otp.user_has_device(user):
        return None
    # Not signed in until the code is given: the last sign-in stays as it was.
    User.objects.filter(pk=user.pk).update(last_login=previous)
    two_factor.forget_verification(request.session)
    request.session[two_factor.PENDING_SESSION_KEY] = True
    return redirect(_with_next(reverse("accounts:two_factor_verify"), target))


@never_cache
@login_required
def two_factor_verify(request):
    """The second step of signing in: a code from the app or a backup code."""
    target = safe_next(request)
    if not two_factor.owes_code(request):
        return redirect(target or settings.LOGIN_REDIRECT_URL)
    if not django_otp.user_has_device(request.user):
        return redirect(_with_next(reverse("accounts:two_factor_setup"), target))
    form = CodeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        _signed_in_fully(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = two_factor.backup_codes_left(request.user)
            messages.info(
                request,
                f"You used a backup code. You have {left} left: make new ones from Your account.",
            )
        return redirect(target or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": target})


@never_cache
@login_required
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "authenticator": two_factor.authenticator(user),
            "backup_codes_left": two_factor.backup_codes_left(user),
            "two_factor_required": two_factor.required_for(user),
            "digest_stopped": user.person.digest_opt_out if user.person_id else user.digest_opt_out,
        },
    )


@require_POST
@login_required
def reminders(request):
    """Stop or restart the daily digest, for the account and its register entry."""
    user = request.user
    stop = request.POST.get("send") == "no"
    with transaction.atomic():
        user.digest_opt_out = stop
        user.save(update_fields=["digest_opt_out"])
        if user.person_id:
            user.person.digest_opt_out = stop
            user.person.save(update_fields=["digest_opt_out"])
    messages.success(
        request,
        "You will get no daily reminder emails. Escalations about overdue actions still come."
        if stop
        else "You will get a daily reminder email when something is due.",
    )
    return redirect("accounts:account")


@login_required
def password_change(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, "Your password has been changed.")
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


@require_POST
@login_required
def two_factor_start(request):
    """Begin set-up with a fresh secret (replacing any unfinished attempt)."""
    if django_otp.user_has_device(request.user):
        return redirect("accounts:account")
    two_factor.start_setup(request.user)
    return redirect(_with_next(reverse("accounts:two_factor_setup"), safe_next(request)))


@never_cache
@login_required
def two_factor_setup(request):
    """Scan the QR code (or type the key), then confirm with the app's first code."""
    user = request.user
    target = safe_next(request)
    if django_otp.user_has_device(user):
        return redirect("accounts:account")
    device = two_factor.pending_authenticator(user)
    if device is None:
        return render(
            request,
            "accounts/two_factor_start.html",
            {"next": target, "two_factor_required": two_factor.required_for(user)},
        )
    form = SetupCodeForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.finish_setup(device)
        _signed_in_fully(request, device)
        request.session[two_factor.NEW_CODES_SESSION_KEY] = codes
        return redirect(_with_next(reverse("accounts:backup_codes"), target))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": target,
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_for_people(device),
        },
    )


@never_cache
@login_required
def backup_codes(request):
    """New backup codes, shown once. POST makes a new set; the old ones stop working."""
    user = request.user
    if not (user.is_verified() and two_factor.authenticator(user)):
        return redirect("accounts:account")
    target = safe_next(request)
    if request.method == "POST":
        request.session[two_factor.NEW_CODES_SESSION_KEY] = two_factor.new_backup_codes(user)
        return redirect(_with_next(reverse("accounts:backup_codes"), target))
    codes = request.session.pop(two_factor.NEW_CODES_SESSION_KEY, None)
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "next": target or reverse("accounts:account")},
    )


@login_required
def two_factor_turn_off(request):
    """Turning two-factor off takes a current code; administrators cannot."""
    user = request.user
    if not (user.is_verified() and two_factor.authenticator(user)):
        return redirect("accounts:account")
    if two_factor.required_for(user):
        return render(request, "accounts/two_factor_turn_off.html", {"required": True}, status=403)
    form = CodeForm(user, request.POST or None, submit_label="Turn off two-factor authentication")
    if request.method == "POST" and form.is_valid():
        two_factor.turn_off(user)
        two_factor.forget_verification(request.session)
        messages.success(request, "Two-factor authentication is off.")
        return redirect("accounts:account")
    return render(request, "accounts/two_factor_turn_off.html", {"form": form})
