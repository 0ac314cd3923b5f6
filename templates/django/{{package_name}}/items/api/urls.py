from rest_framework.routers import SimpleRouter

from .views import ItemViewSet

# Path converters (`<int:pk>`) rather than regular expressions: the schema then types the id.
# SimpleRouter: no `.json`-suffixed copy of each route (DefaultRouter's), which the schema would
# list as paths of their own; the docs pages list the API instead of a browsable root.
router = SimpleRouter(use_regex_path=False)
router.register("items", ItemViewSet, basename="item")

urlpatterns = router.urls
