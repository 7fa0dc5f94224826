"""Evidence files: what a file is, judged by its content, and whether its name says the same.

Accepted: images (JPEG, PNG, GIF, BMP, WebP, TIFF; opened with Pillow), PDF, Office files (the
OOXML zip packages .docx/.xlsx/.pptx, checked for their main part; the older .doc/.xls/.ppt
compound files) and OFD. Everything else is refused, executables and scripts with a message of
their own. The size limit is the setting SUPERVISION_MAX_ATTACHMENT_BYTES.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

if TYPE_CHECKING:
    from supervision.models import FeedbackAttachment

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
HEAD_BYTES = 16

EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"#!")
EXECUTABLE_SUFFIXES = {
    ".exe", ".dll", ".com", ".bat", ".cmd", ".msi", ".scr", ".ps1", ".vbs", ".js", ".jar", ".sh",
    ".apk", ".app", ".bin", ".elf", ".so", ".dylib", ".py", ".pl", ".php", ".hta", ".lnk",
}  # fmt: skip
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", {".jpg", ".jpeg"}),
    "PNG": ("image/png", {".png"}),
    "GIF": ("image/gif", {".gif"}),
    "BMP": ("image/bmp", {".bmp"}),
    "WEBP": ("image/webp", {".webp"}),
    "TIFF": ("image/tiff", {".tif", ".tiff"}),
}
OOXML = {  # the part every package of the kind holds
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {".docx"},
    ),
    "xl/workbook.xml": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        {".pptx"},
    ),
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_SUFFIXES = {".doc": "application/msword", ".xls": "application/vnd.ms-excel",
                ".ppt": "application/vnd.ms-powerpoint"}  # fmt: skip


class AttachmentRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int


def max_bytes() -> int:
    return int(getattr(settings, "SUPERVISION_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_BYTES))


def check_attachment(name: str, stream: IO[bytes], size: int) -> CheckedFile:
    """The file's type from its content; AttachmentRefused (a Chinese message naming it) otherwise."""
    suffix = PurePosixPath(name).suffix.lower()
    if size > max_bytes():
        raise AttachmentRefused(
            _("%(name)s is %(size)s; attachments may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
        )
    if size == 0:
        raise AttachmentRefused(_("%(name)s is empty.") % {"name": name})
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if suffix in EXECUTABLE_SUFFIXES or head.startswith(EXECUTABLE_MAGIC):
        raise AttachmentRefused(
            _("%(name)s is a program or a script; those are not accepted.") % {"name": name}
        )
    detected = detect(head, stream)
    stream.seek(0)
    if detected is None:
        raise AttachmentRefused(
            _("%(name)s is not an image, a PDF or an Office file; only those are accepted.") % {"name": name}
        )
    content_type, suffixes = detected
    if suffix not in suffixes:
        raise AttachmentRefused(
            _("%(name)s is not what its name says: its content is %(kind)s.")
            % {"name": name, "kind": content_type}
        )
    return CheckedFile(name=name, content_type=OLE_SUFFIXES.get(suffix, content_type), size=size)


def detect(head: bytes, stream: IO[bytes]) -> tuple[str, set[str]] | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf", {".pdf"}
    if head.startswith(OLE_MAGIC):
        return "application/x-ole-storage", set(OLE_SUFFIXES)
    if head.startswith(b"PK\x03\x04"):
        return ooxml_kind(stream)
    return image_kind(stream)


def ooxml_kind(stream: IO[bytes]) -> tuple[str, set[str]] | None:
    try:
        with zipfile.ZipFile(stream) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return ("application/ofd", {".ofd"}) if "OFD.xml" in names else None
    for part, kind in OOXML.items():
        if part in names:
            return kind
    return None


def image_kind(stream: IO[bytes]) -> tuple[str, set[str]] | None:
    try:
        with Image.open(stream) as image:
            image.verify()
            found = IMAGE_FORMATS.get(image.format or "")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return found


def attachment_response(attachment: FeedbackAttachment) -> FileResponse:
    """The file under its original name, never rendered inline by the browser (no sniffing)."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
