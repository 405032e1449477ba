"""Application use cases: one function for each thing a person or a staff member does."""
