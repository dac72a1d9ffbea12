"""Performance harness: `python -m bench [NAME ...]` runs the benches and writes
bench/results/NAME.json. Benches report figures and ratios; they do not pass or fail."""

BENCHES: tuple[str, ...] = ("gauges", "llm")
