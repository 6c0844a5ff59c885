"""Uploaded files: the checks an upload passes on the way in, and serving a stored
upload as a download, after the caller has checked permission, on the way out.

Every file goes through Django's storage API (the disk, or the council's object
store: see STORAGES in settings), never a path on this server, so that whichever
web server or worker opens a file finds it."""

import contextlib
import datetime
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat

DOCUMENT_EXTENSIONS = {".pdf", ".docx", ".odt"}
# The first bytes of each allowed kind: PDF, and the zip container of DOCX and ODT.
DOCUMENT_SIGNATURES = (b"%PDF-", b"PK\x03\x04")


def check_document(upload, what="The paper"):
    """A PDF, DOCX or ODT file of an allowed size, by name and by content."""
    name = upload.name.lower()
    if not any(name.endswith(ext) for ext in DOCUMENT_EXTENSIONS):
        raise ValidationError(f"{what} must be a PDF, .docx or .odt file.")
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The file must be smaller than {settings.MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        )
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(DOCUMENT_SIGNATURES):
        raise ValidationError("The file is not a real PDF, .docx or .odt document.")


def document_extension(name):
    """The extension of a stored document's name (.pdf, .docx or .odt), to name its
    download; empty for any other."""
    name = name.lower()
    return next((ext for ext in sorted(DOCUMENT_EXTENSIONS) if name.endswith(ext)), "")


def check_data_file(upload, extensions, what="The file"):
    """A spreadsheet or CSV upload: by name, and no larger than MAX_UPLOAD_BYTES."""
    if not upload.name.lower().endswith(extensions):
        raise ValidationError(f"{what} must be a {' or '.join(extensions)} file.")
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"{what} must be smaller than {filesizeformat(settings.MAX_UPLOAD_BYTES)}."
        )
    return upload


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


# An upload held between its preview and its confirmation (which another web
# server may answer) is kept in storage under held/<token>/ for this long at most.
HELD_FOR = datetime.timedelta(days=1)


def hold(token, files):
    """Keep {name: upload} under the token until the person confirms or gives up."""
    for name, upload in files.items():
        default_storage.save(f"held/{token}/{name}", upload)


def held(token):
    """{name: bytes} of what hold() kept under the token; {} when nothing is."""
    names = _held_names(token)
    return {name: _read(f"held/{token}/{name}") for name in names}


def release(token):
    """Forget what is held under the token."""
    for name in _held_names(token):
        default_storage.delete(f"held/{token}/{name}")
    # An object store has no folders; the disk keeps an empty one unless told.
    if isinstance(default_storage, FileSystemStorage):
        with contextlib.suppress(OSError):
            os.rmdir(default_storage.path(f"held/{token}"))


def release_abandoned(now):
    """Forget anyone's held uploads older than HELD_FOR: previews nobody confirmed."""
    cutoff = now - HELD_FOR
    try:
        tokens, _ = default_storage.listdir("held")
    except FileNotFoundError:
        return
    for token in tokens:
        names = _held_names(token)
        if all(default_storage.get_modified_time(f"held/{token}/{n}") < cutoff for n in names):
            release(token)


def _held_names(token):
    try:
        return default_storage.listdir(f"held/{token}")[1]
    except FileNotFoundError:
        return []


def _read(name):
    with default_storage.open(name, "rb") as handle:
        return handle.read()
