"""The domain kernel: participants, the services every layer above is given, and
messaging through the outbox; async functions over one SQLAlchemy session."""
