"""Scheduled check-ins: when each is due, quiet hours, reminders, snooze, pause and stop."""
