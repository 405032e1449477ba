"""The self-help library: which modules suit a person, what they did, their safety plan."""
