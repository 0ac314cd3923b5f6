from rest_framework import serializers

from ..models import Item


class ItemInputSerializer(serializers.Serializer[Item]):
    # min_length puts into the schema what "may not be blank" already enforces.
    name = serializers.CharField(min_length=1, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ItemOutputSerializer(serializers.Serializer[Item]):
    """An item as the API shows it."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True, max_length=200)
    description = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    processed_at = serializers.DateTimeField(read_only=True, allow_null=True)


class ItemFilterSerializer(serializers.Serializer[None]):
    """The list's query parameters: `?name=` matches part of the name, `?processed=` the status."""

    name = serializers.CharField(required=False, allow_blank=True, default="")
    processed = serializers.BooleanField(required=False, allow_null=True, default=None)
