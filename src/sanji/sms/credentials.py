"""Provider credentials and the callbacks' shared secret: from the environment or files, never the ZODB.

Each variable may instead name a file with ``<NAME>_FILE`` (a Kubernetes Secret mounted as a file);
the file wins. The Helm chart passes every ``SANJI_SMS_*`` key of the Secret ``secrets.sms`` as
environment variables.

==================================  ===============================================================
variable                            meaning
==================================  ===============================================================
SANJI_SMS_ACCESS_KEY_ID             Alibaba Cloud AccessKey ID (RAM user allowed to SendSms)
SANJI_SMS_ACCESS_KEY_SECRET         Alibaba Cloud AccessKey secret
SANJI_SMS_SECRET_ID                 Tencent Cloud SecretId
SANJI_SMS_SECRET_KEY                Tencent Cloud SecretKey
SANJI_SMS_SDK_APP_ID                Tencent Cloud SMS SdkAppId (e.g. 1400006666)
SANJI_SMS_CALLBACK_SECRET           token the providers' callback URLs carry (``@sms-report``, ``@sms-inbound``)
SANJI_SMS_ALIYUN_ENDPOINT           Alibaba Cloud API base URL (default https://dysmsapi.aliyuncs.com/)
SANJI_SMS_TENCENT_ENDPOINT          Tencent Cloud API base URL (default https://sms.tencentcloudapi.com/)
SANJI_SMS_TENCENT_REGION            Tencent Cloud region (default ap-guangzhou)
SANJI_SMS_TIMEOUT                   seconds to wait for a provider (default 5)
==================================  ===============================================================
"""

import os
from collections.abc import Mapping
from pathlib import Path

ACCESS_KEY_ID = "SANJI_SMS_ACCESS_KEY_ID"
ACCESS_KEY_SECRET = "SANJI_SMS_ACCESS_KEY_SECRET"
SECRET_ID = "SANJI_SMS_SECRET_ID"
SECRET_KEY = "SANJI_SMS_SECRET_KEY"
SDK_APP_ID = "SANJI_SMS_SDK_APP_ID"
CALLBACK_SECRET = "SANJI_SMS_CALLBACK_SECRET"
TIMEOUT = "SANJI_SMS_TIMEOUT"
DEFAULT_TIMEOUT = 5.0


def credential(name: str, environ: Mapping[str, str] = os.environ) -> str:
    """The value of ``name`` (from ``<name>_FILE`` when set), stripped; "" when not configured.

    A named file that cannot be read counts as not configured: the gateway's check then says so,
    instead of the site failing to start.
    """
    path = environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError:
            return ""
    return (environ.get(name) or "").strip()


def timeout(environ: Mapping[str, str] = os.environ) -> float:
    """Seconds to wait for a provider: short, because a step's page waits for the first attempt."""
    try:
        value = float(environ.get(TIMEOUT) or DEFAULT_TIMEOUT)
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT
