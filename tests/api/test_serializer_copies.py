"""Each serializer works on fields of its own, as DRF's deep copies gave it, though they are shallow
copies of prototypes kept per class and language (api/base.py `PrototypeFields`): should an upgrade of
DRF change how fields are built, bound or keep their messages, these fail."""

from __future__ import annotations

import pytest
from django.utils import translation

from api.inputs import ProgressEntryCreateInput
from api.serializers import IndicatorDetailSerializer, ProgressEntrySerializer
from tracker.serializers import PrototypeFields

URL = "/api/v1/progress/"


def test_serializers_bind_fields_of_their_own_and_leave_the_prototypes_alone():
    first = ProgressEntryCreateInput(context={"request": "first"})
    second = ProgressEntryCreateInput(context={"request": "second"})
    prototypes = PrototypeFields.prototypes[(ProgressEntryCreateInput, translation.get_language())]
    assert list(first.fields) == list(second.fields) == list(prototypes)
    for name, prototype in prototypes.items():
        assert first.fields[name] is not prototype and first.fields[name] is not second.fields[name]
        assert first.fields[name].parent is first and second.fields[name].parent is second
        assert prototype.parent is None
    assert first.fields["indicator"].context == {"request": "first"}
    assert second.fields["indicator"].context == {"request": "second"}


def test_nested_serializers_are_copied_whole():
    first, second = IndicatorDetailSerializer(), IndicatorDetailSerializer()
    nested = [name for name, field in first.fields.items() if hasattr(field, "fields")]
    assert nested, "IndicatorDetailSerializer nests serializers"
    for name in nested:
        assert first.fields[name] is not second.fields[name]
        for inner in first.fields[name].fields.values():
            assert inner.parent is first.fields[name]
            assert inner.root is first


def test_a_model_serializer_reads_its_model_once_per_language():
    ProgressEntrySerializer().fields  # noqa: B018
    key = (ProgressEntrySerializer, translation.get_language())
    kept = PrototypeFields.prototypes[key]
    ProgressEntrySerializer().fields  # noqa: B018
    assert PrototypeFields.prototypes[key] is kept


@pytest.mark.django_db
def test_a_refusal_is_worded_in_the_language_of_each_request(api, world):
    """DRF's validators keep the text of their message once shown: a prototype shared by languages
    would answer the second language in the first one's words."""
    client = api("alice")
    body = {"indicator": world.science_indicator.pk, "year": 2022, "quarter": 5, "value": "1"}

    def refusal(language: str) -> str:
        answer = client.post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE=language)
        assert answer.status_code == 400, answer.json()
        [error] = [e for e in answer.json()["errors"] if e["field"] == "quarter"]
        return str(error["message"])

    chinese, english, chinese_again = refusal("zh-hans"), refusal("en"), refusal("zh-hans")
    assert "4" in chinese and "4" in english
    assert not chinese.isascii() and english.isascii()
    assert chinese_again == chinese
