"""Exporters: events in, bytes out. Writing files is planner.fileio's job."""
