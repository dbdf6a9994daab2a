"""The benchmarks' no-op floor (bench/): a tiny state that only `WORKFLOW_BENCH=1` registers.

`noop(seq)` does nothing but echo `seq` back in its delta, so a client can match the reply to
its event: the cheapest round trip a Reflex event can have on this backend, against which
bench/ compares a keystroke, a Save Draft, and N typists at the same event rate.
"""

from __future__ import annotations

import reflex as rx


class BenchNoopState(rx.State):
    seq: int = 0

    @rx.event
    def noop(self, seq: int):
        self.seq = seq
