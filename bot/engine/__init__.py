"""The pure flow engine: no I/O, the clock and ids come in with the events."""
