"""Turning planned pages into bytes with Jinja."""
