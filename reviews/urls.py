from django.urls import path

from reviews.views import duties, evaluations, records

app_name = "reviews"
urlpatterns = [
    path("", duties.calendar, name="calendar"),
    path("duties/", duties.duty_list, name="duties"),
    path("tasks/<int:pk>/", duties.task_open, name="task"),
    path("cycles/", duties.cycle_list, name="cycles"),
    path("cycles/new/", duties.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/", duties.cycle_detail, name="cycle"),
    path("checklist/", duties.checklist, name="checklist"),
    path("checklist/<int:pk>/toggle/", duties.checklist_toggle, name="checklist_toggle"),
    path("visits/", records.visit_list, name="visits"),
    path("visits/new/", records.visit_create, name="visit_create"),
    path("visits/<int:pk>/", records.visit_detail, name="visit"),
    path("inspections/", records.inspection_list, name="inspections"),
    path("inspections/new/", records.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", records.inspection_detail, name="inspection"),
    path("rectifications/<int:pk>/done/", records.rectification_done, name="rectification_done"),
    path("zero-reports/", records.zero_report_list, name="zero_reports"),
    path("zero-reports/<int:pk>/", records.zero_report_detail, name="zero_report"),
    path("duties/<int:pk>/zero-report/", records.zero_report_file, name="zero_report_file"),
    path("evaluations/", evaluations.evaluation_list, name="evaluations"),
    path("evaluations/new/", evaluations.evaluation_create, name="evaluation_create"),
    path("evaluations/<int:pk>/", evaluations.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/items/", evaluations.item_add, name="item_add"),
    path("evaluations/<int:pk>/representatives/", evaluations.representative_add, name="representative_add"),
    path("evaluations/<int:pk>/open/", evaluations.evaluation_open, name="evaluation_open"),
    path("evaluations/<int:pk>/rate/", evaluations.evaluation_rate, name="evaluation_rate"),
    path("evaluations/<int:pk>/publish/", evaluations.evaluation_publish, name="evaluation_publish"),
]
