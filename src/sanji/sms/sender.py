"""The process's SMS sender thread: after a commit the request answers at once, and this thread sends.

A step's page must not wait for an SMS provider (a village agent on a slow line waits enough), so the
after-commit hook hands the keys to one daemon thread, which sends them with the same claim, send and
record steps as the sweep (:mod:`sanji.sms.delivery`), on connections of its own. A process that exits
normally (a console script, a pod stopped by SIGTERM) first lets the thread finish; one that is killed
leaves the messages queued, and the next sweep sends them.
"""

import atexit
import logging
import queue
import threading
from collections.abc import Callable

logger = logging.getLogger("sanji.sms")


class SenderThread:
    """One daemon thread running submitted jobs in order; :meth:`flush` waits until it is idle."""

    def __init__(self, name: str = "sanji-sms-sender"):
        self.name = name
        self._jobs: queue.SimpleQueue[Callable[[], object]] = queue.SimpleQueue()
        self._unfinished = 0
        self._idle = threading.Condition()
        self._thread: threading.Thread | None = None

    def submit(self, job: Callable[[], object]) -> None:
        """Run ``job`` on the thread (started on first use); its errors are logged, never raised."""
        with self._idle:
            self._unfinished += 1
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
        self._jobs.put(job)

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until every submitted job has run; False if ``timeout`` seconds passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._unfinished == 0, timeout)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job()
            except Exception:
                logger.exception("SMS sender job failed; its messages stay queued for the sweep")
            finally:
                with self._idle:
                    self._unfinished -= 1
                    self._idle.notify_all()


#: The sender of this process.
SENDER = SenderThread()
#: Seconds an exiting process waits for the sender (a provider's timeout is 5 s a message).
EXIT_WAIT = 30.0
atexit.register(SENDER.flush, EXIT_WAIT)
