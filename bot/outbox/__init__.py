"""Outgoing messages: written in the caller's transaction, delivered after commit."""
