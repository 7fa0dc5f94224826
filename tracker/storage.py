"""Names for stored files: unguessable, so a file's address says nothing and cannot be tried.

Files are never public: MEDIA_URL points at the view in tracker/files.py, which serves a file only to
someone who may see the entry or report it belongs to.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any

from django.utils import timezone

MAX_SUFFIX = 10  # ".xlsx", ".docx", ".pdf": a longer "suffix" is part of the name, not a type


def unguessable(folder: str, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    suffix = suffix if len(suffix) <= MAX_SUFFIX and suffix[1:].isalnum() else ""
    return f"{folder}/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"


def attachment_path(instance: Any, filename: str) -> str:
    return unguessable("attachments", filename)


def report_path(instance: Any, filename: str) -> str:
    return unguessable("reports", filename)
