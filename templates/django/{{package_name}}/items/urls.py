from django.urls import path

from .views import home, item_new

urlpatterns = [
    path("", home, name="home"),
    path("items/new", item_new, name="item-new"),
]
