"""Uploaded files: the checks an upload passes on the way in, and serving a stored
upload as a download, after the caller has checked permission, on the way out."""

from django.conf import settings
from django.core.exceptions import ValidationError
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
