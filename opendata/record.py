"""The public record of meetings: each public group's meetings with their agendas,
public papers, decisions and approved minutes; a feed of new papers; the group's
calendar. Readable without signing in, and there only while the council publishes
open data. What is public is decided in opendata/datasets.py."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models.functions import Greatest
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from config.files import download
from config.pages import paginate
from meetings.calendar import calendar_of
from meetings.models import Meeting
from opendata import datasets
from opendata.views import for_anyone, published_only

FEED_LENGTH = 50


def _page_of(meeting):
    return reverse("opendata:record_meeting", args=[meeting.uid])


@published_only
@require_safe
def record(request):
    groups = datasets.public_groups()
    return for_anyone(render(request, "opendata/record.html", {"groups": groups}))


@published_only
@require_safe
def record_group(request, pk):
    group = get_object_or_404(datasets.public_groups(), pk=pk)
    meetings = datasets.public_meetings().filter(group=group)
    today = timezone.localdate()
    upcoming = meetings.filter(date__gte=today).exclude(status=Meeting.Status.CANCELLED)
    past = meetings.exclude(pk__in=upcoming.values("pk")).order_by("-date", "-start_time")
    return for_anyone(
        render(
            request,
            "opendata/record_group.html",
            {"group": group, "upcoming": upcoming, "past": paginate(request, past)},
        )
    )


def _public_meeting(uid):
    try:
        return datasets.public_meetings().get(uid=uid)
    except (Meeting.DoesNotExist, ValueError):
        raise Http404("There is no public meeting at this address.") from None


@published_only
@require_safe
def record_meeting(request, uid):
    meeting = _public_meeting(uid)
    items = list(datasets.public_items(meeting))
    # Said, not shown: how many items the meeting takes in private.
    private = meeting.items.filter(exempt=True).count() if meeting.agenda_published_at else 0
    return for_anyone(
        render(
            request,
            "opendata/record_meeting.html",
            {
                "meeting": meeting,
                "group": meeting.group,
                "items": items,
                "private": private,
                "minutes": datasets.minutes_are_public(meeting),
                "upcoming": meeting.date >= timezone.localdate(),
                "clear_days": settings.AGENDA_CLEAR_DAYS,
            },
        )
    )


@published_only
@require_safe
def record_paper(request, pk):
    paper = get_object_or_404(datasets.public_papers(), pk=pk)
    return for_anyone(download(paper.file))


@published_only
@require_safe
def record_calendar(request, pk):
    group = get_object_or_404(datasets.public_groups(), pk=pk)
    meetings = datasets.public_meetings().filter(group=group)
    body = calendar_of(
        f"{group.name} meetings",
        meetings,
        location=lambda m: m.place or "Online",  # never the joining link
        url=lambda m: request.build_absolute_uri(_page_of(m)),
    )
    return for_anyone(HttpResponse(body, content_type=datasets.MEDIA_TYPES["ics"]))


class PapersFeed(Feed):
    """New public papers, the latest first: of one group, or of every public group."""

    feed_type = Atom1Feed

    def get_object(self, request, pk=None):
        if pk is None:
            return None
        return get_object_or_404(datasets.public_groups(), pk=pk)

    def title(self, group):
        return f"New meeting papers: {group.name if group else settings.COUNCIL_NAME}"

    def subtitle(self, group):
        return "Papers for the public items of published agendas."

    def link(self, group):
        if group is None:
            return reverse("opendata:record")
        return reverse("opendata:record_group", args=[group.pk])

    def items(self, group):
        # Public from the day its agenda was published, if it was filed before.
        papers = (
            datasets.public_papers()
            .select_related("item__meeting__group")
            .annotate(public_at=Greatest("added_at", "item__meeting__agenda_published_at"))
        )
        if group is not None:
            papers = papers.filter(item__meeting__group=group)
        return papers.order_by("-public_at", "-pk")[:FEED_LENGTH]

    def item_title(self, paper):
        meeting = paper.item.meeting
        return f"{meeting.group.name}, {meeting.date:%-d %B %Y}, item {paper.item.position}: {paper.title}"

    def item_description(self, paper):
        return f"Agenda item {paper.item.position}: {paper.item.title}"

    def item_link(self, paper):
        return f"{_page_of(paper.item.meeting)}#item-{paper.item.position}"

    def item_enclosure_url(self, paper):
        return reverse("opendata:record_paper", args=[paper.pk])

    def item_enclosure_length(self, paper):
        try:
            return paper.file.size
        except OSError:
            return 0

    def item_enclosure_mime_type(self, paper):
        return "application/pdf" if paper.file.name.endswith(".pdf") else "application/octet-stream"

    def item_pubdate(self, paper):
        return paper.public_at

    def item_updateddate(self, paper):
        return self.item_pubdate(paper)


_papers_feed = PapersFeed()


@published_only
@require_safe
def papers_feed(request, pk=None):
    return for_anyone(_papers_feed(request, pk=pk))
