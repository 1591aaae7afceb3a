"""短信提醒: SMS reminders to staff and citizens, through a gateway chosen in the control panel.

Subscribers (:mod:`.subscribers`) decide who gets what and call :func:`sanji.sms.api.notify`, which
queues the message in the ZODB (:mod:`.queue`) under an idempotency key, inside the current
transaction. Only after that transaction commits is the message sent (:mod:`.delivery`), in a
transaction of its own that claims it first, so a failed step sends nothing and two instances never
send the same message. Failures are retried with backoff by the sweep task ``50-sms``; citizens'
messages wait for the end of the quiet hours. Providers' delivery reports (``@sms-report``) and
citizens' queries by SMS (``@sms-inbound``, "CX <receipt number>") come back through plone.restapi.

Gateways (:mod:`.gateways`) are named utilities providing :class:`.interfaces.ISmsGateway`: the local
``outbox``, Alibaba Cloud (``aliyun``) and Tencent Cloud (``tencent``). Credentials come from the
environment or files (:mod:`.credentials`), never from the ZODB.
"""
