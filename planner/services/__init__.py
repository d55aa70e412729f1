"""The use cases the command line and the window share, written once.

Each takes a Library and plain values and returns plain values: no printing, no Qt.
"""
