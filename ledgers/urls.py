"""Pages of the ledgers (mounted at /ledgers/, namespace ledgers): the four lists and secretary projects."""

from django.urls import path

from ledgers.views import contact_points, excel, lists, secretary

app_name = "ledgers"
urlpatterns = [
    path("", lists.index, name="index"),
    path("needs/", lists.need_list, name="needs"),
    path("needs/new/", lists.need_create, name="need_create"),
    path("needs/<int:pk>/", lists.need_detail, name="need"),
    path("needs/<int:pk>/edit/", lists.need_edit, name="need_edit"),
    path("needs/<int:pk>/status/", lists.need_status, name="need_status"),
    path("needs/<int:pk>/match/", lists.need_match, name="need_match"),
    path("resources/", lists.resource_list, name="resources"),
    path("resources/new/", lists.resource_create, name="resource_create"),
    path("resources/<int:pk>/", lists.resource_detail, name="resource"),
    path("resources/<int:pk>/edit/", lists.resource_edit, name="resource_edit"),
    path("projects/", lists.project_list, name="projects"),
    path("projects/new/", lists.project_create, name="project_create"),
    path("projects/<int:pk>/", lists.project_detail, name="project"),
    path("projects/<int:pk>/edit/", lists.project_edit, name="project_edit"),
    path("projects/<int:pk>/status/", lists.project_status, name="project_status"),
    path("projects/<int:pk>/milestones/", lists.milestone_add, name="milestone_add"),
    path("projects/<int:pk>/responsibilities/new/", lists.responsibility_create, name="responsibility_create"),
    path("milestones/<int:pk>/reached/", lists.milestone_reach, name="milestone_reach"),
    path("responsibilities/", lists.responsibility_list, name="responsibilities"),
    path("responsibilities/<int:pk>/", lists.responsibility_detail, name="responsibility"),
    path("responsibilities/<int:pk>/edit/", lists.responsibility_edit, name="responsibility_edit"),
    path("responsibilities/<int:pk>/complete/", lists.responsibility_complete, name="responsibility_complete"),
    path("excel/", excel.excel, name="excel"),
    path("excel/<slug:dataset>.<slug:fmt>", excel.export_download, name="export"),
    path("secretary-projects/", secretary.secretary_project_list, name="secretary_projects"),
    path("secretary-projects/new/", secretary.secretary_project_create, name="secretary_project_create"),
    path("secretary-projects/<int:pk>/", secretary.secretary_project_detail, name="secretary_project"),
    path("secretary-projects/<int:pk>/edit/", secretary.secretary_project_edit, name="secretary_project_edit"),
    path("secretary-projects/<int:pk>/step/", secretary.secretary_project_step, name="secretary_project_step"),
    path("contact-points/", contact_points.contact_point_list, name="contact_points"),
    path("contact-points/new/", contact_points.contact_point_create, name="contact_point_create"),
    path("contact-points/<int:pk>/", contact_points.contact_point_detail, name="contact_point"),
    path("contact-points/<int:pk>/log/", contact_points.contact_log_add, name="contact_log_add"),
]
