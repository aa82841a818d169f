"""Notices used by the outbox tests only."""

from werkplein.notifications.notices import Rendered, notice

calls: list[dict] = []


@notice("tests.ping")
def ping(params: dict, channel: str) -> Rendered | None:
    calls.append(dict(params))
    if params.get("gone"):
        return None
    if params.get("boom"):
        raise RuntimeError("the record is gone")
    return Rendered(subject="Melding", text=f"Er is iets nieuws ({channel}) #{params.get('n', 0)}")
