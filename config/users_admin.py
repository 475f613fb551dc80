"""The Users admin with one more action: unlock a locked-out account."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from config.login import unlock


@admin.action(description="Unlock sign-in (clear failed sign-in lock)")
def unlock_sign_in(modeladmin, request, queryset):
    for user in queryset:
        unlock(user.get_username())
        modeladmin.log_change(request, user, "Unlocked sign-in.")
    modeladmin.message_user(request, f"Unlocked sign-in for {queryset.count()} account(s).")


class UserAdminWithUnlock(UserAdmin):
    actions = [*(UserAdmin.actions or []), unlock_sign_in]  # type: ignore[misc]


admin.site.unregister(User)
admin.site.register(User, UserAdminWithUnlock)
