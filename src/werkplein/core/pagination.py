from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def paginate(rows: QuerySet, page_number: str | int | None, per_page: int | None = None) -> Page:
    """A page of rows; a page number out of range or malformed gives the nearest valid page."""
    paginator = Paginator(rows, per_page or settings.WERKPLEIN_PAGE_SIZE)
    return paginator.get_page(page_number)
