"""``@sms-report``: the providers' delivery reports (短信回执) update the messages' status."""
