"""Serve a stored upload as a download, after the caller has checked permission."""

from django.http import FileResponse, Http404


def download(field, filename=None):
    """A FileResponse for a FileField's file; 404 when nothing is stored."""
    if not field:
        raise Http404("No file is stored.")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    return FileResponse(
        handle, as_attachment=True, filename=filename or field.name.rsplit("/", 1)[-1]
    )
