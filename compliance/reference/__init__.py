"""Reference data with its sources: divisions, vocabularies, identifier checks, venues, working days."""
