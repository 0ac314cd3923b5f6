from rest_framework import serializers

from ..models import Item


class ItemInputSerializer(serializers.Serializer[Item]):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ItemOutputSerializer(serializers.ModelSerializer[Item]):
    class Meta:
        model = Item
        fields = ("id", "name", "description", "created_at", "processed_at")
        read_only_fields = fields


class ItemFilterSerializer(serializers.Serializer[None]):
    """The list's query parameters: `?name=` matches part of the name, `?processed=` the status."""

    name = serializers.CharField(required=False, default="")
    processed = serializers.BooleanField(required=False, allow_null=True, default=None)
