"""``stance`` run on a pseudo-terminal, for the tests that drive it as a person does (POSIX only).

The child process has the pty as its standard input, output and error, so keys arrive without
Enter and the session sees a real terminal. A subclass decides what to keep of the output
(:meth:`PtyProcess.received`).
"""

import os
import pty
import select
import signal
import sys
import time


class PtyProcess:
    """``python -m stance ARGS`` in ``cwd`` on a new pty, with environment ``env``."""

    def __init__(self, args, cwd, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child: the terminal is our stdin/stdout/stderr
            try:
                os.chdir(cwd)
                os.execvpe(sys.executable, [sys.executable, "-m", "stance", *args], env)
            finally:
                os._exit(127)

    def received(self, data: bytes) -> None:
        """Keep ``data``, the next bytes the process wrote."""
        raise NotImplementedError

    def _pump(self, timeout: float) -> bool:
        """Read what arrives within ``timeout`` seconds; False once the process is gone."""
        if not select.select([self.fd], [], [], timeout)[0]:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # the process is gone and the pty closed
            return False
        if not data:
            return False
        self.received(data)
        return True

    def press(self, keys: str) -> None:
        os.write(self.fd, keys.encode("utf-8"))

    def exit_code(self, timeout: float = 60.0) -> int:
        """Wait for the process to end, reading all it wrote; kill it if it does not.

        The limit only guards against a session that never ends. (Sessions that "took over
        20 s" after Ctrl-C had never seen it: run as a background job, they had inherited
        SIGINT ignored; the session now reads Ctrl-C as a key, see stance.terminal.Terminal.)
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._pump(0.05)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                while self._pump(0.05) and select.select([self.fd], [], [], 0)[0]:
                    pass
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        self.kill()
        raise AssertionError("the session did not end")

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
