"""``@sms-inbound``: citizens' SMS to the county's number ("CX <receipt number>") as the providers push them."""
