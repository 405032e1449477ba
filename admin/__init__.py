"""The web console: health, and in the offline sandbox the simulated Telegram chat page."""
