"""The secrets in one-time links and private URLs: only their hash is ever stored."""

import hashlib


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which a link's secret is stored and looked up."""
    return hashlib.sha256(token.encode()).hexdigest()
