"""County profiles: the data that makes one county's site (one folder a county)."""
