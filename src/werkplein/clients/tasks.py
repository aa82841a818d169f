"""Background work for clients: notices that go out after a change has been committed."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from werkplein.accounts.models import User


@task()
def notify_new_coach(*, client_id: int, coach_id: int) -> None:
    """Tells a coach that a client was handed to him. No personal data in the e-mail: a link."""
    coach = User.objects.get(pk=coach_id)
    if not coach.email:
        return
    link = settings.WERKPLEIN_BASE_URL + reverse("clients:dossier", args=[client_id])
    send_mail(
        subject=_("Er is een klant aan u toegewezen"),
        message=_("Er is een klant aan uw caseload toegevoegd. Bekijk het dossier: %(link)s")
        % {"link": link},
        from_email=None,
        recipient_list=[coach.email],
    )
