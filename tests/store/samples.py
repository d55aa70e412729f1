"""A small session page with accents and mixed case, shared by the store tests."""

MINI = """## Mini session
### Session chairs
Élodie Müller
### Schedule
2021-06-01T09:00:00+02:00 - 2021-06-01T09:30:00+02:00
##### 1 - Oral: Über Gradienten
Élodie MÜLLER, Søren Ørsted

Stochastic optimisation in café settings.
2021-06-01T09:30:00+02:00 - 2021-06-01T10:00:00+02:00
##### 2 - Oral: Robust planning
Ada Lovelace

Schedules and calendars.
"""
