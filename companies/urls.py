from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("", views.company_list, name="company_list"),
    path("mine/", views.my_companies, name="my_companies"),
    path("<slug:slug>/", views.company_detail, name="company_detail"),
    path("<slug:slug>/edit/", views.company_edit, name="company_edit"),
]

urlpatterns += [
    path("<slug:slug>/members/", views.member_list, name="member_list"),
    path("<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/invitations/", views.invitation_create, name="invitation_create"),
    path("<slug:slug>/invitations/<int:pk>/", views.invitation_detail, name="invitation_detail"),
    path("<slug:slug>/invitations/<int:pk>/qr.svg", views.invitation_qr, name="invitation_qr"),
]
