"""The aiogram adapter: each handler turns an update into one use-case call (`bot.app`)."""
