"""Run one function over many items on every core, results in the items' order.

`ordered_map(function, items, jobs=N)` yields `function(item)` for each item, in
order, computed by N worker processes (`multiprocessing.Pool.imap`, in chunks). It is what lets
`compare` use every core (issue 17); batch.py decides when it is worth it.

- Workers are forked: they inherit what the parent has loaded (the rulebook, the modules) instead
  of importing and loading it again, which is most of the cost of a small comparison. Where fork is
  not available (Windows) or not safe (macOS), `available()` is False and callers run serially.
- Ctrl-C: the workers ignore SIGINT, so only the parent sees it; leaving the `with Pool` block on the
  KeyboardInterrupt terminates and joins the workers: no traceback from them, no process left.
- On Linux a worker also asks to receive SIGTERM when its parent dies, so even a parent killed with
  SIGKILL leaves no worker waiting forever for tasks.

Nothing here prints or imports click.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from typing import Callable, Iterator


def available() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def cores() -> int:
    """The cores this process may run on (not all the machine's, under taskset or a container's cpuset)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _start(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass                                     # not Linux's libc: the pool's own clean-up still applies
    if os.getppid() != parent:                   # the parent died before prctl took effect
        os._exit(1)


def ordered_map(function: Callable, items: list, *, jobs: int) -> Iterator:
    """`function` must be a module-level function (workers find it by name); whatever it needs
    that is not in the items (the rulebook) it finds in its module, set before the first result
    is asked for: the fork copies it into each worker."""
    chunk = max(1, min(32, len(items) // (jobs * 8)))   # few round trips, yet the work stays balanced
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_start, initargs=(os.getpid(),)) as pool:
        yield from pool.imap(function, items, chunksize=chunk)

