"""The API's JSON (orjson, api/renderers.py): keys that are not strings are written as json.dumps
writes them, and data with string keys only renders the same with or without orjson's option."""

from __future__ import annotations

import json
from decimal import Decimal

import orjson
from django.utils.translation import gettext_lazy

from api.renderers import JSONRenderer, _drf_default

DATA = [
    {"plan": {2021: Decimal("1.5"), 7: [gettext_lazy("Plan")]}},
    {"名称": "泰安市", "count": 1, "value": Decimal("2.25"), "label": gettext_lazy("Plan")},
]


def test_the_json_is_orjsons_with_keys_that_are_not_strings_as_strings():
    for data in DATA:
        rendered = JSONRenderer().render(data)
        assert rendered == orjson.dumps(data, default=_drf_default, option=orjson.OPT_NON_STR_KEYS)
    assert json.loads(JSONRenderer().render(DATA[0]))["plan"]["2021"] == 1.5
    assert JSONRenderer().render(None) == b""
