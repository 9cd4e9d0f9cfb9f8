from django.urls import path

from . import feeds, opendata_views, post_views, views

app_name = "companies"

urlpatterns = [
    path("", views.company_list, name="company_list"),
    path("mine/", views.my_companies, name="my_companies"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("opendata.csv", opendata_views.companies_csv, name="opendata_csv"),
    path("opendata.json", opendata_views.companies_json, name="opendata_json"),
    path("posts/", post_views.post_list, name="post_list"),
    path("posts/feed/", feeds.post_feed, name="post_feed"),
    path(
        "photos/<int:pk>/<str:size>.<str:fmt>",
        post_views.photo_rendition,
        name="photo_rendition",
    ),
    path("<slug:slug>/", views.company_detail, name="company_detail"),
    path("<slug:slug>/edit/", views.company_edit, name="company_edit"),
    path("<slug:slug>/audit/", views.audit_list, name="audit_list"),
    path("<slug:slug>/members/", views.member_list, name="member_list"),
    path("<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/invitations/", views.invitation_create, name="invitation_create"),
    path("<slug:slug>/invitations/<int:pk>/", views.invitation_detail, name="invitation_detail"),
    path("<slug:slug>/invitations/<int:pk>/qr.svg", views.invitation_qr, name="invitation_qr"),
    path("<slug:slug>/posts/", post_views.company_posts, name="company_posts"),
    path("<slug:slug>/posts/feed/", feeds.company_post_feed, name="company_post_feed"),
    path("<slug:slug>/posts/manage/", post_views.post_manage, name="post_manage"),
    path("<slug:slug>/posts/new/", post_views.post_create, name="post_create"),
    path("<slug:slug>/posts/<int:pk>/", post_views.post_detail, name="post_detail"),
    path("<slug:slug>/posts/<int:pk>/edit/", post_views.post_edit, name="post_edit"),
    path("<slug:slug>/posts/<int:pk>/delete/", post_views.post_delete, name="post_delete"),
    path(
        "<slug:slug>/posts/<int:pk>/unpublish/",
        post_views.post_unpublish,
        name="post_unpublish",
    ),
    path(
        "<slug:slug>/posts/<int:pk>/review/",
        post_views.post_review_request,
        name="post_review_request",
    ),
    path(
        "<slug:slug>/posts/<int:pk>/reinstate/",
        post_views.post_reinstate,
        name="post_reinstate",
    ),
    path(
        "<slug:slug>/posts/<int:pk>/decline/",
        post_views.post_review_decline,
        name="post_review_decline",
    ),
]
