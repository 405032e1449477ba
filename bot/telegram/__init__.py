"""The aiogram adapter: turns updates into engine events and domain calls. Thin."""
