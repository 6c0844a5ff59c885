"""What happens to meetings and actions that people are told of. The apps above
(reminders) listen; these models and views only say that it happened, once the
change is saved."""

from django.dispatch import Signal

# meeting=: its agenda is published.
agenda_published = Signal()
# meeting=: its minutes are recorded as circulated.
minutes_circulated = Signal()
# action=: it has a new owner (or is created with one).
action_assigned = Signal()
# person=, by=: an officer sends a person the link to update their actions.
link_sent = Signal()
# person=: the links the person was given no longer work.
links_revoked = Signal()
# group=, owners=, by=: an officer asks every owner of the group's open actions for
# an update.
updates_requested = Signal()
