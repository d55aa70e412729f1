"""Making schedule text readable: LaTeX (readable), HTML and Markdown abstracts, links
in them, and the few words Planner writes itself (wording).

Every function takes the event's Markup: only session pages go through the LaTeX
converter; every other format's text is shown as written.
"""
