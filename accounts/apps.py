from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth import signals
        from django.contrib.auth.models import update_last_login

        from config import checks  # noqa: F401 - registers the production start-up checks

        # The time of a sign-in is kept on the account but not in its history (it is
        # not a change anyone made): without this, every sign-in would add a version
        # of the account, and the audit trail a change with nothing changed.
        signals.user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        signals.user_logged_in.connect(
            _signed_in_without_a_version, dispatch_uid="update_last_login"
        )


def _signed_in_without_a_version(sender, user, **kwargs):
    from django.contrib.auth.models import update_last_login

    user.skip_history_when_saving = True
    try:
        update_last_login(sender, user, **kwargs)
    finally:
        del user.skip_history_when_saving
