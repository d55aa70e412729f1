"""Talking to servers: downloading schedules over HTTP (fetch). No Qt."""
