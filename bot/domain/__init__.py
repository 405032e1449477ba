"""Domain services: async functions over one SQLAlchemy session, one transaction each."""
