from django.contrib import admin

from .models import Committee, CommitteeActivity, CommitteePurpose


class CommitteePurposeInline(admin.TabularInline):
    model = CommitteePurpose
    extra = 0


class CommitteeActivityInline(admin.StackedInline):
    model = CommitteeActivity
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "founded_on", "member_count", "member_count_as_of", "updated_at"]
    list_filter = ["founded_on"]
    search_fields = ["name", "name_en", "description"]
    inlines = [CommitteePurposeInline, CommitteeActivityInline]

    def has_add_permission(self, request):
        # There is one committee: its profile is edited, never added twice.
        return super().has_add_permission(request) and not Committee.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
