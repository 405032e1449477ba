"""Benchmarks behind `qadam bench`: they print their figures, they assert nothing."""
