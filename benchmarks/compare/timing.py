"""Timing and output shared by gemm_numpy.py and conv_torch.py.

Each case runs a time-based warm-up, then repeats until both a minimum count and a minimum time are reached, and
reports the median of the single-call times (JMH's SampleTime median is the figure it is compared with).
"""
import argparse
import csv
import statistics
import sys
import time

# note: how the reference ran the case (the library, or the backend that won when several were tried)
CSV_HEADER = ["suite", "case", "threads", "median_ms", "flops", "reps", "note"]


def parse_args(description, choices=None, lists=None):
    """--threads and --quick, plus options with a fixed set of values, {"--name": (default, [values])}, and options
    that take a comma-separated subset of values, {"--name": [values]} (default: all of them), parsed into lists."""
    p = argparse.ArgumentParser(description=description)
    for name, (default, values) in (choices or {}).items():
        p.add_argument(name, default=default, choices=values, help=f"one of {', '.join(values)} (default {default})")
    for name, values in (lists or {}).items():
        p.add_argument(name, default=",".join(map(str, values)),
                       help=f"comma-separated, from {', '.join(map(str, values))} (default all)")
    p.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    p.add_argument("--quick", action="store_true", help="short warm-up and measurement, to check that it runs")
    args = p.parse_args()
    try:
        args.threads = [int(t) for t in args.threads.split(",")]
    except ValueError:
        p.error(f"--threads: expected comma-separated integers, got '{args.threads}'")
    if any(t < 1 for t in args.threads):
        p.error(f"--threads: thread counts must be >= 1, got {args.threads}")
    for name, values in (lists or {}).items():
        attr = name.lstrip("-").replace("-", "_")
        known = {str(v): v for v in values}
        picked = getattr(args, attr).split(",")
        unknown = [v for v in picked if v not in known]
        if unknown:
            p.error(f"{name}: unknown value(s) {unknown}, expected some of {list(known)}")
        if len(set(picked)) != len(picked):
            p.error(f"{name}: a value is given twice in {picked}")
        setattr(args, attr, [known[v] for v in picked])
    # seconds of warm-up, seconds of measurement, minimum measured calls
    args.budget = (0.1, 0.3, 3) if args.quick else (1.0, 3.0, 10)
    return args


def median_ms(fn, budget):
    """Median wall time of one call of fn, in milliseconds, and the number of calls measured."""
    warmup_s, measure_s, min_reps = budget
    end = time.perf_counter() + warmup_s
    fn()
    while time.perf_counter() < end:
        fn()
    times = []
    end = time.perf_counter() + measure_s
    while len(times) < min_reps or time.perf_counter() < end:
        t0 = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - t0)
    return statistics.median(times) / 1e6, len(times)


class CsvOut:
    """Rows of CSV_HEADER on stdout, flushed one by one so that a long run shows progress."""

    def __init__(self):
        self._w = csv.writer(sys.stdout, lineterminator="\n")
        self._w.writerow(CSV_HEADER)
        sys.stdout.flush()

    def row(self, suite, case, threads, ms, flops, reps, note):
        self._w.writerow([suite, case, threads, f"{ms:.6f}", flops, reps, note])
        sys.stdout.flush()
