"""The items API: thin views that validate input, call a service or selector, and serialise."""

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from ...users.models import User
from ..models import Item
from ..selectors import item_list
from ..services import item_create
from .serializers import ItemFilterSerializer, ItemInputSerializer, ItemOutputSerializer

# The errors the API answers with, so that the schema lists every status a client can get.
DETAIL = inline_serializer("Detail", fields={"detail": serializers.CharField()})
NOT_AUTHENTICATED = OpenApiResponse(
    DETAIL, description="No session, or a write without its CSRF token"
)
NOT_FOUND = OpenApiResponse(DETAIL, description="No such item among yours, or no such page")
INVALID = OpenApiResponse(OpenApiTypes.OBJECT, description="The errors, by field")


@extend_schema_view(
    retrieve=extend_schema(
        responses={200: ItemOutputSerializer, 403: NOT_AUTHENTICATED, 404: NOT_FOUND}
    ),
)
class ItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Item]):
    """The signed-in user's items: list (paginated, filtered, ordered), read one, create."""

    serializer_class = ItemOutputSerializer
    lookup_value_converter = "int"
    ordering_fields = ("created_at", "name")

    def get_queryset(self) -> QuerySet[Item]:
        # Only the owner's items: another user's item answers 404, not 403. IsAuthenticated has
        # already turned anonymous requests away, so the user is a real one.
        owner = cast(User, self.request.user)
        if self.action != "list":
            return item_list(owner=owner)
        filters = ItemFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return item_list(
            owner=owner,
            name_contains=filters.validated_data["name"],
            processed=filters.validated_data["processed"],
        )

    @extend_schema(
        parameters=[ItemFilterSerializer],
        responses={
            200: ItemOutputSerializer(many=True),
            400: INVALID,
            403: NOT_AUTHENTICATED,
            404: NOT_FOUND,
        },
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=ItemInputSerializer,
        responses={201: ItemOutputSerializer, 400: INVALID, 403: NOT_AUTHENTICATED},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ItemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = item_create(owner=cast(User, request.user), **data.validated_data)
        return Response(ItemOutputSerializer(item).data, status=status.HTTP_201_CREATED)
