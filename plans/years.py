"""The one reading of a year that comes from outside (a query string, a form, a JSON body).

One bound, the one the database holds plans to (`Plan`'s `plan_years_plausible` constraint), and one
message. The API turns the error into a 400 naming the parameter; the admin falls back to a default
year and says so; serializers and forms use `YEAR_BOUNDS` and `YEAR_ERRORS`.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext

FIRST_YEAR, LAST_YEAR = 1949, 2100


def _year_message() -> str:
    return gettext("Enter a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}


# Lazy: translated when shown, in the language of the request.
YEAR_MESSAGE = lazy(_year_message, str)()
# For a DRF or Django form IntegerField: the bounds, and the same message for every way to miss them.
YEAR_BOUNDS: dict[str, Any] = {"min_value": FIRST_YEAR, "max_value": LAST_YEAR}
YEAR_ERRORS: dict[str, Any] = {
    key: YEAR_MESSAGE for key in ("invalid", "min_value", "max_value", "max_string_length")
}


def parse_year(raw: str | int | None) -> int | None:
    """The year, or None when nothing was given; ValidationError (code "invalid") for anything else."""
    if raw is None:
        return None
    text = str(raw).strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise ValidationError(YEAR_MESSAGE, code="invalid")
    return int(text)
