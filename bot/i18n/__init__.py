"""The bot's own interface strings, from gettext catalogs under `locales/`."""
