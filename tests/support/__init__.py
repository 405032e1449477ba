"""What tests share: databases, the bot in-process or as a process, and chat helpers."""
