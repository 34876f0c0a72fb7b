"""Run one command under an address-space limit and a timeout; write what happened as JSON.

Usage: python limited.py RESULT.json TIMEOUT_SECONDS MEMORY_BYTES COMMAND...

This process only waits, so its RUSAGE_CHILDREN is the command's own peak memory.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    result_file, timeout, memory, command = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    start = time.monotonic()
    try:
        done = subprocess.run(command, preexec_fn=limit, capture_output=True, timeout=timeout, check=False)
        code, out, err, hung = done.returncode, done.stdout, done.stderr, False
    except subprocess.TimeoutExpired as expired:
        code, out, err, hung = None, expired.stdout or b"", expired.stderr or b"", True
    seconds = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    with open(result_file, "w", encoding="utf-8") as stream:
        json.dump(
            {
                "code": code,
                "hung": hung,
                "seconds": seconds,
                "cpu": cpu,
                "peak_kb": peak_kb,
                "stdout": out.decode("utf-8", "replace"),
                "stderr": err.decode("utf-8", "replace"),
            },
            stream,
        )


if __name__ == "__main__":
    main()
