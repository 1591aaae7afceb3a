"""``@track``: a citizen's case by receipt number and the last four digits of the phone (see sanji.tracking)."""
