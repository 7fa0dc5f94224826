"""JSON encoded by orjson: the same output as DRF's renderer, several times faster on large pages."""

from __future__ import annotations

from typing import Any

import orjson
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

_drf_default = JSONEncoder().default  # lazy translations, Decimals, dates, querysets … as DRF does


class JSONRenderer(renderers.JSONRenderer):
    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        try:
            return orjson.dumps(data, default=_drf_default)
        except orjson.JSONEncodeError:
            # Keys that are not strings (years, ids) as json.dumps writes them: an option that costs
            # a third more on every dict, so only for the data that needs it.
            return orjson.dumps(data, default=_drf_default, option=orjson.OPT_NON_STR_KEYS)
