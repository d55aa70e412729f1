"""The window's parts: timeline, cards, models, detail pane, agenda, banner, reminders, printing.

Nothing is imported here, so importing one widget module does not load the others.
"""
