"""The staff console's use cases: what a page shows (read models, each view of case
content audited) and what a form does (case actions, over the same capabilities as the
Telegram commands). Every permission is checked here, on the server."""
