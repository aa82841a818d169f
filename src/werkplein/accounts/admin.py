"""Configuration of a Werkplein by its functional admin: organisations, teams, users.

No client data is registered here: the admin site never shows dossier contents.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from werkplein.accounts.models import Organisation, Role, Team, User
from werkplein.core.models import Werkplein


class OwnWerkpleinAdmin(admin.ModelAdmin):
    """A functional admin sees and edits only his own Werkplein's rows."""

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        return rows.filter(werkplein_id=request.user.werkplein_id)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.werkplein_id = request.user.werkplein_id
        super().save_model(request, obj, form, change)

    def get_exclude(self, request, obj=None):
        return () if request.user.is_superuser else ("werkplein",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser and db_field.related_model in (Organisation, User):
            kwargs["queryset"] = db_field.related_model.objects.filter(
                werkplein_id=request.user.werkplein_id
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser and db_field.related_model is User:
            kwargs["queryset"] = User.objects.filter(werkplein_id=request.user.werkplein_id)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Organisation)
class OrganisationAdmin(OwnWerkpleinAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(OwnWerkpleinAdmin):
    list_display = ("name", "lead", "target_group", "shares_caseloads")
    filter_horizontal = ("members",)


@admin.register(User)
class UserAdmin(OwnWerkpleinAdmin, BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "organisation", "role", "is_active")
    list_filter = ("role", "organisation", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets[:2],
        (_("Werkplein"), {"fields": ("organisation", "role", "target_caseload")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Werkplein"), {"fields": ("organisation", "role", "first_name", "last_name", "email")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_exclude(self, request, obj=None):
        return ()

    def save_model(self, request, obj, form, change):
        obj.is_staff = obj.is_superuser or obj.role == Role.FUNCTIONAL_ADMIN
        if obj.organisation_id:
            obj.werkplein_id = obj.organisation.werkplein_id
        elif not request.user.is_superuser:
            obj.werkplein_id = request.user.werkplein_id
        admin.ModelAdmin.save_model(self, request, obj, form, change)


@admin.register(Werkplein)
class WerkpleinAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
