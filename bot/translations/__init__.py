"""Translating flow and instrument texts through gettext PO files (`qadam flows export-po`)."""
