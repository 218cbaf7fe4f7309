"""Filters of the list queries, as hashable values turned into SQL conditions."""
