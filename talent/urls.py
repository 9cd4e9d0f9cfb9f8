from django.urls import path

from .views import (
    applications,
    ceremonies,
    dashboard,
    dormitories,
    guidance,
    index,
    public,
    reports,
    review,
)

app_name = "talent"

urlpatterns = [
    path("", public.index, name="index"),
    path("privacy/", index.privacy, name="privacy"),
    # Programmes (schemes) and companies' applications to them; city staff's review.
    path("programmes/<slug:slug>/", public.scheme, name="scheme"),
    path("programmes/<slug:slug>/apply/", applications.apply, name="apply"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/<int:pk>/", applications.application, name="application"),
    path("applications/<int:pk>/autosave/", applications.autosave, name="autosave"),
    path("attachments/<int:pk>/", applications.attachment, name="attachment"),
    path("attachments/<int:pk>/delete/", applications.attachment_delete, name="attachment_delete"),
    path("staff/", dashboard.dashboard, name="dashboard"),
    path("staff/applications/<int:pk>/", review.review, name="review"),
    path("reports/", reports.reports, name="reports"),
    path("reports/csv/", reports.reports_csv, name="reports_csv"),
    # Guidance for hiring from abroad: public, for companies and for the hires themselves.
    path("guidance/", guidance.guidance_list, name="guidance_list"),
    path("guidance/<slug:slug>/", guidance.guidance_detail, name="guidance_detail"),
    # A company's own people: its staff (owners, editors) and city staff.
    path("people/", guidance.people_companies, name="people_companies"),
    path("people/<slug:company>/hires/", guidance.hire_list, name="hire_list"),
    path("people/<slug:company>/hires/<int:pk>/", guidance.hire_detail, name="hire_detail"),
    path("people/<slug:company>/hires/<int:pk>/print/", guidance.hire_print, name="hire_print"),
    path("people/<slug:company>/hires/<int:pk>/delete/", guidance.hire_delete, name="hire_delete"),
    path(
        "people/<slug:company>/ceremonies/",
        ceremonies.registration_list,
        name="registration_list",
    ),
    path(
        "people/<slug:company>/ceremonies/<int:event>/register/",
        ceremonies.registration_create,
        name="registration_create",
    ),
    path(
        "people/<slug:company>/registrations/<int:pk>/",
        ceremonies.registration_edit,
        name="registration_edit",
    ),
    path(
        "people/<slug:company>/registrations/<int:pk>/delete/",
        ceremonies.registration_delete,
        name="registration_delete",
    ),
    path(
        "people/<slug:company>/dormitories/",
        dormitories.dormitory_requests,
        name="dormitory_requests",
    ),
    # City staff.
    path("staff/people/", dormitories.staff_people, name="staff_people"),
    path("staff/ceremonies/<int:pk>/", ceremonies.staff_event, name="staff_event"),
    path(
        "staff/ceremonies/<int:pk>/print/", ceremonies.staff_event_print, name="staff_event_print"
    ),
    path(
        "staff/ceremonies/<int:pk>/badges/",
        ceremonies.staff_event_badges,
        name="staff_event_badges",
    ),
    path(
        "staff/ceremonies/<int:pk>/attendance/",
        ceremonies.staff_attendance,
        name="staff_attendance",
    ),
    path(
        "staff/ceremonies/<int:pk>/attendance/mark/",
        ceremonies.staff_attendance_mark,
        name="staff_attendance_mark",
    ),
    path("staff/dormitories/", dormitories.staff_dormitory_list, name="staff_dormitory_list"),
    path(
        "staff/dormitories/<int:pk>/",
        dormitories.staff_dormitory_detail,
        name="staff_dormitory_detail",
    ),
    path(
        "staff/dormitories/<int:pk>/allocate/",
        dormitories.staff_dormitory_allocate,
        name="staff_dormitory_allocate",
    ),
    path(
        "staff/dormitories/<int:pk>/decline/",
        dormitories.staff_dormitory_decline,
        name="staff_dormitory_decline",
    ),
]
