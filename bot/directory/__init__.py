"""The service directory: crisis and help contacts by country, with their sources."""
