"""What machine a benchmark ran on: the line each bench prints beside its figures; and the
environment a timed command runs in."""

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def command_env() -> dict[str, str]:
    """The environment for a timed run of one of our commands: with cached bytecode, as an
    installed program has it. An environment that sets PYTHONDONTWRITEBYTECODE (this
    machine's does) would compile the package anew every run, and time the compiler."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
