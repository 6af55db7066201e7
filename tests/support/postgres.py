"""The tests' PostgreSQL server: the throwaway cluster the benchmarks use too (its one copy is
in `benchmarks._postgres`, as the simulated attendees' is in `benchmarks._page_client`)."""

from __future__ import annotations

from benchmarks._postgres import PostgresServer, PostgresUnavailable, find_bin

__all__ = ["PostgresServer", "PostgresUnavailable", "find_bin"]
