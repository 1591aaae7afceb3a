"""Paper the station hands to the citizen: the acceptance receipt (受理回执)."""
