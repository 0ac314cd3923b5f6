from rest_framework.routers import DefaultRouter

from .views import ItemViewSet

# Path converters (`<int:pk>`) rather than regular expressions: the schema then types the id.
router = DefaultRouter(use_regex_path=False)
router.register("items", ItemViewSet, basename="item")

urlpatterns = router.urls
