"""``@assessment`` on the site: rankings and one's own scores (GET), manual assessments (POST)."""
