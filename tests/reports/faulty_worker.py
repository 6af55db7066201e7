"""A card worker that misbehaves for chosen attendees: burns CPU, eats memory, or sleeps.

Run as ``python faulty_worker.py BURNER HOG [SLEEPER] --cpu N --memory M CONTENT``: the real
worker (`workshop.reports.card_batch`) with its limits, whose drawing is swapped for one that
breaks them for those pseudonyms, so the tests see what a real runaway card does.
"""

from __future__ import annotations

import resource
import sys
import time

from workshop.reports import card_batch

burner, hog = sys.argv[1], sys.argv[2]
sleeper = sys.argv[3] if not sys.argv[3].startswith("--") else ""
args = sys.argv[4:] if sleeper else sys.argv[3:]


def misbehaving(job_name: str, *rest: object) -> bytes:
    if job_name == burner:
        while True:  # past the CPU limit the kernel ends this process
            pass
    if job_name == hog:
        # A test of the memory limit alone: the hog gets a CPU limit it cannot reach, or on a
        # busy machine it may run into its 2 s of CPU time first (zeroing pages is CPU).
        _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
        hoard = [bytearray(64 * 2**20) for _ in range(1000)]  # past the address-space limit
        return bytes(len(hoard))
    if job_name == sleeper:
        time.sleep(3600)  # past the wall-clock timeout the parent ends this process
    # The others stand in for well-behaved cards, drawn at once: a real drawing on a busy
    # machine can itself take 2 s of CPU or the whole wall-clock budget, and a test of one
    # card's limit must not race the others' (the real drawing has tests of its own).
    return b"%PDF-1.4\n% a well-behaved card\n%%EOF\n"


card_batch.draw_card = misbehaving
raise SystemExit(card_batch.main(args))
