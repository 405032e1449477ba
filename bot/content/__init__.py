"""Content as a whole: flows, instruments, risk rules and contacts, checked together."""
