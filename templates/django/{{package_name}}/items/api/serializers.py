from typing import Any

from rest_framework import serializers

from ..models import Item


class ItemInputSerializer(serializers.Serializer[Item]):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ItemOutputSerializer(serializers.Serializer[Item]):
    """An item as the API shows it; the fields describe it to the OpenAPI schema."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True, max_length=200)
    description = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    processed_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def to_representation(self, instance: Item) -> dict[str, Any]:
        # Built directly: DRF's field-by-field way (a generic attribute lookup and a time zone
        # look-up per value) costs more, on a page of items, than the rest of the request. The
        # JSON renderer writes the times as the fields would, in ISO 8601.
        return {
            "id": instance.pk,
            "name": instance.name,
            "description": instance.description,
            "created_at": instance.created_at,
            "processed_at": instance.processed_at,
        }


class ItemFilterSerializer(serializers.Serializer[None]):
    """The list's query parameters: `?name=` matches part of the name, `?processed=` the status."""

    name = serializers.CharField(required=False, default="")
    processed = serializers.BooleanField(required=False, allow_null=True, default=None)
