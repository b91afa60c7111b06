"""Pages of the alliances app: structure, rotation, meetings and problems; activities, four ones, calendars, exports."""

from alliances.urls import activities, structure

app_name = "alliances"
urlpatterns = [*structure.urlpatterns, *activities.urlpatterns]
