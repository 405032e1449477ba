"""Qadam: anonymous check-ins, self-help and a safe path to a counsellor."""
