"""What happens to governance findings that people are told of: the apps above
(reminders) listen."""

from django.dispatch import Signal

# finding=, by=: an officer or chair answered it.
finding_answered = Signal()
# findings=: findings whose answer no longer stands, their facts having changed.
finding_reopened = Signal()
