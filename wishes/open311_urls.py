"""URLs of the Open311 GeoReport v2 server (``wishes.open311``): every document in XML and JSON."""

from django.urls import path, register_converter

from wishes import open311


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "open311fmt")

app_name = "open311"
urlpatterns = [
    path("discovery.<open311fmt:fmt>", open311.discovery, name="discovery"),
    path("v2/", open311.root, name="root"),
    path("v2/services.<open311fmt:fmt>", open311.service_list, name="services"),
    path("v2/services/<str:code>.<open311fmt:fmt>", open311.service_definition, name="service"),
    path("v2/requests.<open311fmt:fmt>", open311.requests, name="requests"),
    path("v2/requests/<str:pk>.<open311fmt:fmt>", open311.request_detail, name="request"),
    path("v2/tokens/<str:token>.<open311fmt:fmt>", open311.token, name="token"),
]
