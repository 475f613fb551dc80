from django.contrib import admin
from django.utils.html import format_html

from articles.reports.forms import is_site_page
from articles.reports.models import MistakeReport, ReportStatus


@admin.register(MistakeReport)
class MistakeReportAdmin(admin.ModelAdmin):
    """Readers' reports. Their words are kept as sent; editors add a note and close them."""

    list_display = ["received_at", "page", "excerpt", "status", "handled_by"]
    list_filter = ["status"]
    search_fields = ["page", "message"]
    list_select_related = ["handled_by"]
    readonly_fields = ["page_link", "message", "email", "received_at", "handled_by", "closed_at"]
    fields = [
        "page_link",
        "message",
        "email",
        "received_at",
        "status",
        "editor_note",
        "handled_by",
        "closed_at",
    ]
    actions = ["close_reports"]

    def has_add_permission(self, request):
        return False  # reports come from readers only

    @admin.display(description="report")
    def excerpt(self, report):
        return report.message[:80] + ("…" if len(report.message) > 80 else "")

    @admin.display(description="page")
    def page_link(self, report):
        # Reports kept before the form checked addresses may hold another
        # site's: shown as text, never as a link.
        if not is_site_page(report.page):
            return report.page
        return format_html('<a href="{}">{}</a>', report.page, report.page)

    def save_model(self, request, obj, form, change):
        if obj.status == ReportStatus.CLOSED and obj.closed_at is None:
            obj.close(request.user)
        elif obj.status == ReportStatus.OPEN:
            obj.handled_by, obj.closed_at = None, None
        super().save_model(request, obj, form, change)

    @admin.action(description="Close the selected reports (checked and handled)")
    def close_reports(self, request, queryset):
        closed = 0
        for report in queryset.filter(status=ReportStatus.OPEN):
            report.close(request.user)
            report.save()
            closed += 1
        self.message_user(request, f"Closed {closed} report{'s' if closed != 1 else ''}.")
