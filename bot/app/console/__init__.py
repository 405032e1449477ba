"""The web console's use cases: signing in and out, what a member may see, the queue."""
