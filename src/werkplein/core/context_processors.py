from django.http import HttpRequest

from werkplein.messaging.absences import COACH_ROLES
from werkplein.messaging.selectors import unread_count


def navigation(request: HttpRequest) -> dict:
    """What the menu offers this user; pages decide access themselves."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "caseload": user.has_perm("clients.view_caseload"),
            "search": user.has_perm("clients.search_clients"),
            "register": user.has_perm("intake.register_at_counter"),
            "availability": user.has_perm("appointments.manage_availability"),
            "access_log": user.has_perm("audit.view_access_log"),
            "samples": user.role == "quality_officer",
            "draw_sample": user.has_perm("audit.draw_sample"),
            "admin": user.is_staff,
            "portal": user.role == "client",
            "messages": user.has_perm("messaging.use_messages"),
            "absences": user.role in COACH_ROLES,
            "registrations": user.has_perm("intake.view_registrations"),
            "routing": user.has_perm("intake.manage_routing"),
            "team_dashboard": user.has_perm("allocation.view_dashboard"),
            "applications": user.has_perm("benefits.view_queue"),
            "conferences": user.has_perm("conferences.view_conferences"),
            # Counted (one query) only when the menu shows it.
            "unread": lambda: unread_count(user),
        }
    }
