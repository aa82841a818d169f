"""Websocket addresses (the ASGI application routes /ws/ here)."""

from django.urls import path

from werkplein.messaging.consumers import ChatConsumer

websocket_urlpatterns = [
    path("ws/gesprekken/<int:conversation_id>/", ChatConsumer.as_asgi(), name="chat_socket"),
]
