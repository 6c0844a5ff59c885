from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders and notifications"

    def ready(self):
        from reminders import notices

        notices.connect()
