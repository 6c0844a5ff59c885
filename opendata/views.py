"""The public open-data pages: readable without signing in, and not there at all
(404 at every address) unless OPEN_DATA_ENABLED is on."""

import functools

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from opendata import datasets

# Shared caches and browsers may keep a file this long: the data changes by the day.
CACHE_SECONDS = 300


def published_only(view):
    """Every open-data view answers 404 while the council does not publish open data."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.OPEN_DATA_ENABLED:
            raise Http404("No open data is published here.")
        return view(request, *args, **kwargs)

    return wrapped


def for_anyone(response):
    """Cacheable by anyone for a few minutes, and readable by scripts on any site."""
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _url(request, distribution):
    return request.build_absolute_uri(
        reverse("opendata:download", args=[distribution.name, distribution.fmt])
    )


def _listing(request):
    """Each dataset with its date and the files offered, for the page and the index."""
    catalogue = datasets.Catalogue()
    listing = []
    for dataset in datasets.DATASETS:
        offered = catalogue.offered(dataset)
        listing.append(
            {
                "dataset": dataset,
                "modified": catalogue.modified(dataset),
                "files": [
                    {"distribution": d, "url": _url(request, d), "rows": catalogue.rows[d.rows_of]}
                    for d in offered
                ],
                "withheld": [d for d in dataset.distributions if d not in offered],
            }
        )
    return catalogue, listing


@published_only
@require_safe
def index(request):
    _, listing = _listing(request)
    catalogue_url = request.build_absolute_uri(reverse("opendata:catalogue"))
    response = render(
        request,
        "opendata/index.html",
        {
            "listing": listing,
            "catalogue_url": catalogue_url,
            "licence_url": datasets.LICENCE_URL,
            "licence_name": datasets.LICENCE_NAME,
            # A visitor who is not signed in goes back to this page, not to the sign-in.
            "home_url": "" if request.user.is_authenticated else reverse("opendata:open_data"),
        },
    )
    response["Link"] = f'<{catalogue_url}>; rel="alternate"; type="application/json"'
    if request.user.is_authenticated:
        # The page greets whoever is signed in: no shared cache may keep that copy.
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _distribution_entry(file):
    distribution = file["distribution"]
    entry = {
        "title": f"{distribution.title} ({distribution.format_name})",
        "downloadURL": file["url"],
        "mediaType": distribution.media_type.split(";")[0],
        "format": distribution.format_name,
        "rows": file["rows"],
    }
    if distribution.standard:
        entry["conformsTo"] = distribution.standard[0]
    return entry


@published_only
@require_safe
def catalogue(request):
    """Every dataset and file, in the shape of a DCAT catalogue (the field names of
    the Project Open Data data.json), so a harvester can find and fetch them all."""
    catalogue, listing = _listing(request)
    publisher = {"name": settings.COUNCIL_NAME}
    page_url = request.build_absolute_uri(reverse("opendata:open_data"))
    data = {
        "title": f"Open data from {settings.COUNCIL_NAME}: community safety partnerships",
        "description": (
            "The register of partnerships and groups, the dates of public meetings and "
            "the grants awarded, with no personal data."
        ),
        "publisher": publisher,
        "homepage": page_url,
        "license": datasets.LICENCE_URL,
        "modified": _iso(catalogue.latest()),
        "dataset": [
            {
                "identifier": f"{page_url}#{entry['dataset'].key}",
                "title": entry["dataset"].title,
                "description": entry["dataset"].description,
                "keyword": list(entry["dataset"].keywords),
                "modified": _iso(entry["modified"]),
                "publisher": publisher,
                "license": datasets.LICENCE_URL,
                "landingPage": f"{page_url}#{entry['dataset'].key}",
                "distribution": [_distribution_entry(file) for file in entry["files"]],
            }
            for entry in listing
        ]
        + [_record_entry(request, publisher)],
    }
    return for_anyone(JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False}))


def _record_entry(request, publisher):
    """The public record of meetings, as the catalogue lists it: its pages and feed."""
    record_url = request.build_absolute_uri(reverse("opendata:record"))
    return {
        "identifier": record_url,
        "title": "Meetings in public",
        "description": (
            "Each public meeting's agenda, papers, decisions and approved minutes, "
            "never an item exempt under Schedule 12A."
        ),
        "keyword": ["meetings", "agendas", "minutes", "papers"],
        "publisher": publisher,
        "license": datasets.LICENCE_URL,
        "landingPage": record_url,
        "distribution": [
            {
                "title": "New meeting papers (Atom)",
                "downloadURL": request.build_absolute_uri(reverse("opendata:record_feed")),
                "mediaType": "application/atom+xml",
                "format": "Atom",
            }
        ],
    }


@published_only
@require_safe
def download(request, name, fmt):
    distribution = datasets.find(name, fmt)
    if distribution is None:
        raise Http404(f"There is no open-data file called {name}.{fmt}.")
    body = distribution.build()
    if body is None:
        raise Http404(f"{distribution.filename} has nothing in it yet.")
    response = HttpResponse(body, content_type=distribution.media_type)
    if fmt == "csv":
        filename = f"{slugify(settings.COUNCIL_NAME)}-{distribution.filename}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return for_anyone(response)
