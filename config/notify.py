"""Email through GOV.UK Notify, as a Django email backend: chosen when NOTIFY_API_KEY
is set (config/settings.py), so every email the service sends (reminders, agendas,
notices, password resets) goes through Notify without the senders knowing.

Notify sends from a template. The council creates one email template whose subject
is ((subject)) and whose message is ((body)), and gives its id as NOTIFY_TEMPLATE_ID;
each email fills the two with its own subject and plain-text body. Notify does not
take attachments by email: an attachment (a meeting's calendar invitation) is left
out, and the body says where the same thing is on the service.

Each message goes to one address (as every email the service sends does). A message
Notify refuses (a 4xx answer: a bad address, a team-only key) raises NotifyRefused,
as an SMTP server's refusal of a recipient would: the reminder and notice runs record
the error against that one message, go on with the others, and try it again on their
next run. A Notify that cannot be reached or fails (a 5xx answer) raises
NotifyUnavailable, an OSError as a mail server that went away is: the run stops and
what is left waits for the next.
"""

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient


class NotifyRefused(ValueError):
    """Notify would not take this message: its status and what it said."""


class NotifyUnavailable(OSError):
    """Notify could not be reached, or failed: the client's 503, or a 5xx."""


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.client = None

    def open(self):
        if self.client is None:
            self.client = NotificationsAPIClient(
                settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=30
            )
        return True

    def close(self):
        self.client = None

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        self.open()
        sent = 0
        for message in email_messages:
            try:
                for address in message.recipients():
                    self._send(message, address)
            except (NotifyRefused, NotifyUnavailable):
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent

    def _send(self, message, address):
        body = message.body
        if message.attachments:
            body += "\n\n(The attachment of this email is on the service.)"
        try:
            self.client.send_email_notification(
                email_address=address,
                template_id=settings.NOTIFY_TEMPLATE_ID,
                personalisation={"subject": message.subject, "body": body},
                reference=message.extra_headers.get("X-Reference", "")[:100] or None,
            )
        except APIError as error:
            if error.status_code >= 500:  # an unreachable Notify is the client's 503
                raise NotifyUnavailable(f"Notify is not answering: {error}") from error
            raise NotifyRefused(f"Notify refused the email to {address}: {error}") from error
