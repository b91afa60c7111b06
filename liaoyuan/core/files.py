"""Uploaded files: stored under generated names, and sent only through views that checked the scope.

There is no public ``/media/`` URL. A view decides who may have a file, then ``protected_file_response``
sends it: Django streams it itself (the embedded default), or, with ``MEDIA_ACCEL`` set, tells the web
server in front to send it from disk (``X-Accel-Redirect`` for nginx, ``X-Sendfile`` for Apache/lighttpd;
``docs/deploy.md``), so that gunicorn workers are not tied up with bytes.
"""

import mimetypes
import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.encoding import escape_uri_path

_EXTENSION = re.compile(r"\.[a-z0-9]{1,8}")


@deconstructible
class GeneratedName:
    """``upload_to`` that stores a file as ``<prefix>/<year>/<random hex><extension>``: the name a user gave a
    file is never part of a path, so it can neither be guessed nor collide nor leak what the file is about."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        extension = PurePath(filename or "").suffix.lower()
        if not _EXTENSION.fullmatch(extension):
            extension = ""
        return f"{self.prefix}/{timezone.localdate():%Y}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and self.prefix == other.prefix


def protected_file_response(file: FieldFile, *, download_name: str, as_attachment: bool) -> HttpResponse:
    """Returns the response that sends ``file`` to a user whom the calling view has allowed to have it, named
    ``download_name`` (its extension added). Raises ``Http404`` when the file is missing on disk."""
    if not file or not file.storage.exists(file.name):
        raise Http404
    extension = PurePath(file.name).suffix
    filename = f"{download_name}{extension}"
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    accel = settings.MEDIA_ACCEL
    if accel in ("x-accel-redirect", "x-sendfile"):
        response = HttpResponse(content_type=content_type)
        if accel == "x-accel-redirect":
            response["X-Accel-Redirect"] = escape_uri_path(settings.MEDIA_ACCEL_PREFIX + file.name)
        else:
            response["X-Sendfile"] = file.path
        disposition = "attachment" if as_attachment else "inline"
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{escape_uri_path(filename)}"
    else:
        response = FileResponse(
            file.open("rb"), as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    response["Cache-Control"] = "private, max-age=3600"
    return response
