"""The demo's documents rendered in a second process while the loader writes.

Rendering an in-house standard's .docx is pure work (text in, bytes out, no database) and the
loader is one process on one core: with two cores or more, the documents it will upload are
rendered ahead in a forked worker while it writes the adopted standards, so that each upload
finds its bytes ready. With one core, or where fork is not available, each is rendered when it
is asked for, as before. The bytes are the same either way (the same renderer)."""

import multiprocessing
import os
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ProcessPoolExecutor


class Ahead:
    """`render(item)` for each of `items` (key -> item), started at once in a worker process;
    `get(key, item)` waits for its bytes (renders here what was not given, or everything without a
    worker).
    A context manager: the worker is stopped on leaving."""

    def __init__(self, render: Callable, items: dict[Hashable, object]):
        self.render, self.items = render, items
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[Hashable, Future] = {}

    def __enter__(self):
        if self.items and (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods():
            # Forked: the worker has the renderer's modules loaded already; it never touches the
            # parent's database connection and leaves by os._exit (no clean-up of inherited state).
            self.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            self.futures = {key: self.pool.submit(self.render, item) for key, item in self.items.items()}
        return self

    def __exit__(self, *exc_info):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def get(self, key: Hashable, item) -> bytes:
        """The bytes of `item`: those rendered ahead under `key` if it was given as `item`, else
        rendered here (an item the caller has changed since is never taken from the worker)."""
        future = self.futures.pop(key, None)
        if future is not None and self.items[key] == item:
            return future.result()
        return self.render(item)
