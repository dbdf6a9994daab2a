"""Throwaway servers on loopback for the scale-out test and the benchmarks.

- `RedisServer`: Debian's `redis-server` on 127.0.0.1 and a free port, no persistence
  (`--save '' --appendonly no`), in a temp dir that is removed on stop.
- `Backend`: one production backend of the app, `reflex run --env prod --backend-only`, in its
  own process group so that stopping it also stops Granian's worker processes.

Both stop by themselves: `stop()` sends SIGTERM, waits, then SIGKILLs what is left.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from workflow_app.config import PROJECT_ROOT

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
REFLEX = PROJECT_ROOT / ".venv" / "bin" / "reflex"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop_group(proc: subprocess.Popen, *, grace: float = 15) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    try:  # whatever is left of the group (workers that ignored SIGTERM)
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=5)


class RedisServer:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="wf-redis-"))
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 20) -> RedisServer:
        if not Path(REDIS_SERVER).exists():
            raise RuntimeError("redis-server is missing: `make test` installs Debian's redis-server")
        self.proc = subprocess.Popen(
            [
                REDIS_SERVER,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
                "--logfile",
                str(self.dir / "redis.log"),
                "--daemonize",
                "no",
                "--protected-mode",
                "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited: {self.log_tail()}")
            try:
                if client.ping():
                    client.close()
                    return self
            except redis.RedisError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def log_tail(self) -> str:
        log = self.dir / "redis.log"
        return log.read_text()[-2000:] if log.exists() else ""

    def stop(self) -> None:
        if self.proc is not None:
            _stop_group(self.proc, grace=10)
            self.proc = None
        shutil.rmtree(self.dir, ignore_errors=True)


class Backend:
    """`reflex run --env prod --backend-only` on 127.0.0.1:`port`, logging to a temp file."""

    def __init__(
        self,
        *,
        database_url: str,
        redis_url: str = "",
        port: int | None = None,
        workers: int = 1,
        extra_env: dict[str, str] | None = None,
        name: str = "backend",
    ) -> None:
        self.port = port or free_port()
        self.name = name
        self.dir = Path(tempfile.mkdtemp(prefix=f"wf-{name}-"))
        self.log_path = self.dir / "backend.log"
        env = {k: v for k, v in os.environ.items() if k not in {"PORT", "REFLEX_REDIS_URL", "GRANIAN_WORKERS"}}
        env.update(
            {
                "WORKFLOW_DB_URL": database_url,
                "GRANIAN_WORKERS": str(workers),
                "REFLEX_TELEMETRY_ENABLED": "false",
                "REFLEX_CHECK_LATEST_VERSION": "false",
                "REFLEX_USE_SYSTEM_BUN": "1",
                "SMTP_ENABLED": "false",
                "PYTHONUNBUFFERED": "1",
                # Reflex empties its states folder on every start (prod keeps tab state in memory, but
                # the folder is still cleared): one of its own, so two backends never clear each other's.
                "REFLEX_STATES_WORKDIR": str(self.dir / "states"),
            }
        )
        if redis_url:
            env["REFLEX_REDIS_URL"] = redis_url
        env.update(extra_env or {})
        self.env = env
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Backend:
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                str(REFLEX),
                "run",
                "--env",
                "prod",
                "--backend-only",
                "--backend-port",
                str(self.port),
                "--backend-host",
                "127.0.0.1",
                "--loglevel",
                "warning",
            ],
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        return self

    def wait_ready(self, *, timeout: float = 90) -> Backend:
        assert self.proc is not None, "start first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/ping", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready after {timeout} s:\n{self.log_tail()}")

    def pids(self) -> list[int]:
        """The backend's processes (the reflex CLI and Granian's workers), for CPU accounting."""
        import psutil

        if self.proc is None or self.proc.poll() is not None:
            return []
        try:
            root = psutil.Process(self.proc.pid)
            return [root.pid, *(p.pid for p in root.children(recursive=True))]
        except psutil.Error:
            return []

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None:
            _stop_group(self.proc)
            self.proc = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
