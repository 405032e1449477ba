"""Routers, one per concern; composed in `bot.telegram.dispatcher`."""
