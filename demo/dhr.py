"""The demo's domestic homicide review, from data/dhr.yaml: one illustrative review of
Swindon Community Safety Partnership (the reports name none), published, with its
recommendations tracked as actions. Made once: a partnership with reviews is left
alone. Its dates count from the day it is loaded."""

import datetime

from django.db import transaction
from django.utils import timezone

from demo import facts
from dhr.models import Review
from meetings.models import Action
from partnerships.models import Group, Organisation, Partnership, Person


@transaction.atomic  # one recompute of the findings, once all is made
def load_dhr():
    today = timezone.localdate()
    for spec in facts.read("dhr"):
        partnership = Partnership.objects.filter(name=spec["partnership"]).first()
        if partnership is None or partnership.homicide_reviews.exists():
            continue
        review = Review.objects.create(
            partnership=partnership,
            case_reference=spec["case_reference"],
            notified_on=_ago(today, spec["notified_days_ago"]),
            decision=spec["decision"],
            decided_on=_ago(today, spec.get("decided_days_ago")),
            decision_reason=spec.get("decision_reason", ""),
            independent_chair=spec.get("independent_chair", ""),
            report_completed_on=_ago(today, spec.get("report_completed_days_ago")),
            submitted_on=_ago(today, spec.get("submitted_days_ago")),
            quality_assured_on=_ago(today, spec.get("quality_assured_days_ago")),
            qa_outcome=spec.get("qa_outcome", ""),
            published_on=_ago(today, spec.get("published_days_ago")),
            notes=spec.get("notes", ""),
        )
        review.panel.set(Organisation.objects.filter(name__in=spec.get("panel", [])))
        facts.note(review, spec["source"])
        for item in spec.get("recommendations", []):
            recommendation = review.add_recommendation(
                text=item["text"],
                addressed_to=Organisation.objects.filter(name=item.get("addressed_to")).first(),
                action=item["action"],
                group=Group.objects.get(partnership=partnership, name=item["group"]),
                owner=Person.objects.filter(email=item.get("owner_email")).first(),
                due=today + datetime.timedelta(days=item["due_in_days"]),
                by=None,
            )
            if "done_days_ago" in item:
                action = recommendation.action
                action.status = Action.Status.DONE
                action.completed_on = _ago(today, item["done_days_ago"])
                action.save(update_fields=["status", "completed_on"])
            facts.note(recommendation, item["source"])


def _ago(today, days):
    return None if days is None else today - datetime.timedelta(days=days)
