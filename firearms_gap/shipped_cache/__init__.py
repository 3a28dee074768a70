"""Ruleset cache entries shipped with the package, one per bundled ruleset (cache.py says how they
are found and checked; tests/test_cache.py makes them and fails when they are not current)."""
