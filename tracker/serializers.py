"""The base classes of every API serializer (the api app's, and the reports app's)."""

from __future__ import annotations

import copy

from django.utils.translation import get_language
from rest_framework import serializers

# Fields that hold other fields bound to them (a nested serializer, a list's child, a relation's
# `many=True`): a shallow copy would share those with every other copy.
COMPOSITE_FIELDS = (
    serializers.BaseSerializer,
    serializers.ListField,
    serializers.DictField,
    serializers.ManyRelatedField,
)


class PrototypeFields:
    """Mixed into every API serializer: its fields are copied from prototypes built once per class
    and language, not built again for each serializer.

    DRF deep-copies the declared fields for every serializer it makes, which builds each field
    again from its arguments, validators included (a fifth of the CPU of a single figure's POST),
    and a ModelSerializer also reads its model's fields again. A field is not changed after it is
    built except by binding it to its serializer, which sets attributes of its own: a shallow copy
    of the prototype binds without touching it. Fields holding other fields are deep-copied as DRF
    does. Per language, because DRF's validators keep their message's text once shown
    (`lazy_format`), in the language of the request that showed it.
    """

    prototypes: dict[tuple[type, str | None], dict[str, serializers.Field]] = {}

    def get_fields(self) -> dict[str, serializers.Field]:
        key = (type(self), get_language())
        prototypes = PrototypeFields.prototypes.get(key)
        if prototypes is None:
            prototypes = super().get_fields()  # type: ignore[misc]
            for field in prototypes.values():
                field.validators  # noqa: B018 - DRF builds them when first read; once, shared
            PrototypeFields.prototypes[key] = prototypes
        return {
            name: copy.deepcopy(field) if isinstance(field, COMPOSITE_FIELDS) else copy.copy(field)
            for name, field in prototypes.items()
        }


class Serializer(PrototypeFields, serializers.Serializer):
    pass


class ModelSerializer(PrototypeFields, serializers.ModelSerializer):
    pass
