#!/usr/bin/python3
"""Joins the JMH results (SampleTime medians) with the reference CSVs into one table: Scorch vs NumPy / PyTorch.

Usage: join_results.py JMH_JSON... REFERENCE_CSV... [--csv OUT] [--results-csv OUT]
Files ending in .json are JMH results, the others the reference scripts' CSVs.
ratio = Scorch ms / reference ms (below 1: Scorch is faster). GFLOP/s = flops / median time, with the flop count the
reference script computed for the same workload. For the convolutions, "sum b<batch>" adds up the score network's
layers and "dcgan sum b<batch>" the DCGAN's, and every suite ends with the geometric mean of its ratios per thread
count.

--results-csv writes one row per case with both sides as name,threads,scorch_ms,reference_ms,ratio (names such as
sgemm_1024, conv2_fwd_b32, train_step_b32, langevin_step_b64), for programs that check the targets.
"""
import argparse
import csv
import json
import math
import os
import sys

# JMH benchmark -> (suite, how its parameters name the case); suites and cases as the reference scripts write them.
BENCHMARKS = {
    "dev.scorch.bench.GemmBenchmark.sgemm": ("sgemm", lambda p: f"n={p['n']}"),
    "dev.scorch.bench.DgemmBenchmark.dgemm": ("dgemm", lambda p: f"n={p['n']}"),
    "dev.scorch.bench.GemmSkinnyBenchmark.gemm": ("skinny", lambda p: p["shape"]),
    "dev.scorch.bench.ConvBenchmark.forward": ("conv-fwd", lambda p: f"{p['layer']} b{p['batch']}"),
    "dev.scorch.bench.ConvBenchmark.forwardBackward": ("conv-fwdbwd", lambda p: f"{p['layer']} b{p['batch']}"),
    "dev.scorch.bench.SmallConvNetBenchmark.forward": ("smallconvnet", lambda p: f"forward_b{p['batch']}"),
    "dev.scorch.bench.SmallConvNetBenchmark.forwardBackward": ("smallconvnet",
                                                              lambda p: f"forwardBackward_b{p['batch']}"),
    "dev.scorch.bench.SmallConvNetBenchmark.trainStep": ("smallconvnet", lambda p: f"trainStep_b{p['batch']}"),
    "dev.scorch.bench.DcGanStepBenchmark.generatorForward": ("dcgan",
                                                            lambda p: f"generatorForward_{p['loss']}_b{p['batch']}"),
    "dev.scorch.bench.DcGanStepBenchmark.discriminatorForward": (
        "dcgan", lambda p: f"discriminatorForward_{p['loss']}_b{p['batch']}"),
    "dev.scorch.bench.DcGanStepBenchmark.trainStep": ("dcgan", lambda p: f"trainStep_{p['loss']}_b{p['batch']}"),
    "dev.scorch.bench.ScoreNetStepBenchmark.trainStep": ("scorenet", lambda p: f"train_step_b{p['batch']}"),
    "dev.scorch.bench.ScoreNetStepBenchmark.eulerMaruyamaStep": ("scorenet", lambda p: f"em_step_b{p['batch']}"),
    "dev.scorch.bench.ScoreNetStepBenchmark.langevinStep": ("scorenet", lambda p: f"langevin_step_b{p['batch']}"),
}
SUITES = ["sgemm", "dgemm", "skinny", "conv-fwd", "conv-fwdbwd", "scorenet", "smallconvnet", "dcgan"]
RESULTS_HEADER = ["name", "threads", "scorch_ms", "reference_ms", "ratio"]


def result_name(suite, case):
    """The name of a case in --results-csv: sgemm_1024, conv2_fwd_b32, dcgan_d1_fwdbwd_b64, train_step_b32, ..."""
    if suite in ("sgemm", "dgemm"):
        return f"{suite}_{case.removeprefix('n=')}"
    if suite.startswith("conv-"):
        layer, batch = case.split(" ")
        return f"{layer}_{suite.removeprefix('conv-')}_{batch}"
    if suite == "dcgan":  # generatorForward_dcgan_b64 -> dcgan_generator_fwd_b64, trainStep_wgan-gp_b64 -> ...
        what, loss, batch = case.split("_")
        what = {"generatorForward": "generator_fwd", "discriminatorForward": "discriminator_fwd",
                "trainStep": "train_step"}.get(what, what)
        return f"{loss.replace('-', '_')}_{what}_{batch}"
    return f"{suite}_{case}".replace(":", "_").replace("=", "_") if suite != "scorenet" else case
TO_MS = {"s/op": 1e3, "ms/op": 1.0, "us/op": 1e-3, "ns/op": 1e-6}
HEADER = ["suite", "case", "threads", "scorch_ms", "ref_ms", "ratio", "scorch_gflops", "ref_gflops", "reference"]


def read_jmh(path):
    """{(suite, case, threads): median ms}, and the JVM that ran them."""
    with open(path) as f:
        runs = json.load(f)
    if not isinstance(runs, list):
        raise TypeError(f"top level is a {type(runs).__name__}, not a list")
    scorch = {}
    for run in runs:
        if run["benchmark"] not in BENCHMARKS:
            continue
        suite, case = BENCHMARKS[run["benchmark"]]
        metric = run["primaryMetric"]
        unit = metric["scoreUnit"]
        if unit not in TO_MS:
            raise SystemExit(f"join_results: unexpected JMH unit '{unit}' in {path}, expected one of {list(TO_MS)}")
        # SampleTime gives percentiles; AverageTime (-bm avgt) only the mean.
        value = metric.get("scorePercentiles", {}).get("50.0", metric["score"])
        scorch[(suite, case(run["params"]), int(run["params"]["threads"]))] = value * TO_MS[unit]
    jvm = f"JDK {runs[0]['jdkVersion']} ({runs[0]['vmName']})" if runs else None
    return scorch, jvm


CSV_COLUMNS = ["suite", "case", "threads", "median_ms", "flops", "reps", "note"]


def read_reference(paths):
    """{(suite, case, threads): (median ms, flops, note)}."""
    ref = {}
    for path in paths:
        with open(path) as f:
            reader = csv.DictReader(f)
            missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise KeyError(f"missing column(s) {missing}")
            for row in reader:
                ref[(row["suite"], row["case"], int(row["threads"]))] = (
                    float(row["median_ms"]), int(row["flops"]), row["note"])
    return ref


def row(suite, case, threads, scorch_ms, ref_ms, flops, note):
    def rate(ms):
        return flops / (ms * 1e6) if flops and ms else None

    ratio = scorch_ms / ref_ms if scorch_ms and ref_ms else None
    return [suite, case, threads, scorch_ms, ref_ms, ratio, rate(scorch_ms), rate(ref_ms), note]


def build_table(scorch, ref):
    """The rows of the table: every case, then per conv suite the layer sums, then per suite the geometric means."""
    order = {}  # first appearance of each (suite, case): the reference scripts list them in a sensible order
    for key in list(ref) + list(scorch):
        order.setdefault(key[:2], len(order))

    def suite_rank(suite):
        return SUITES.index(suite) if suite in SUITES else len(SUITES)

    placed = []  # (sort key, row)
    ratios = {}
    for key in set(scorch) | set(ref):
        suite, case, threads = key
        ref_ms, flops, note = ref.get(key, (None, None, "no reference"))
        r = row(suite, case, threads, scorch.get(key), ref_ms, flops, note)
        family = "dcgan" if suite.startswith("conv-") and case.startswith("dcgan_") else ""
        placed.append(((suite_rank(suite), 0, (family, order[key[:2]]), threads), r))
        if r[5]:
            ratios.setdefault((suite, threads), []).append(r[5])

    sums = {}
    for key in scorch.keys() & ref.keys():
        suite, case, threads = key
        if suite.startswith("conv-"):
            batch = case.split(" b")[1]
            family = "dcgan " if case.startswith("dcgan_") else ""
            sums.setdefault((suite, family, batch, threads), []).append(key)
    for (suite, family, batch, threads), keys in sums.items():
        r = row(suite, f"{family}sum b{batch}", threads, sum(scorch[k] for k in keys), sum(ref[k][0] for k in keys),
                sum(ref[k][1] for k in keys), f"{len(keys)} layers")
        placed.append(((suite_rank(suite), 1, (family, int(batch)), threads), r))

    for (suite, threads), rs in ratios.items():
        geomean = math.exp(sum(map(math.log, rs)) / len(rs))
        placed.append(((suite_rank(suite), 2, ("", 0), threads),
                       [suite, "geomean", threads, None, None, geomean, None, None, f"{len(rs)} cases"]))
    return [r for _, r in sorted(placed, key=lambda p: p[0])]


class InputError(Exception):
    """A file that is missing or not what the scripts write: reported in one line."""


def checked(read, path):
    """read(path), with any sign of a missing or malformed file turned into an InputError naming the file."""
    try:
        return read(path)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}")
    except json.JSONDecodeError as e:
        raise InputError(f"{path} is not JSON ({e.msg} at line {e.lineno}); expected JMH's -rf json output")
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        kind = "a JMH result file (a list of runs with benchmark, params and primaryMetric)" if path.endswith(
            ".json") else "a reference CSV with columns " + ",".join(CSV_COLUMNS)
        raise InputError(f"{path} is not {kind} ({type(e).__name__}: {e})")


def main():
    try:
        run()
    except InputError as e:
        print(f"join_results: {e}", file=sys.stderr)
        sys.exit(1)


def run():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("inputs", nargs="+", help="JMH results (.json) and reference CSVs")
    p.add_argument("--csv", help="also write the table as CSV here")
    p.add_argument("--results-csv", help="write name,threads,scorch_ms,reference_ms,ratio here")
    args = p.parse_args()
    for out in (args.csv, args.results_csv):
        folder = os.path.dirname(os.path.abspath(out)) if out else None
        if folder and not os.path.isdir(folder):
            raise InputError(f"cannot write {out}: no folder {folder}")
    jmh = [f for f in args.inputs if f.endswith(".json")]
    if not jmh:
        p.error("expected at least one JMH result file (.json)")
    scorch, jvm = {}, None
    for f in jmh:
        s, v = checked(read_jmh, f)
        scorch.update(s)
        jvm = jvm or v
    if not scorch:
        raise InputError(f"no results of the benchmarks this script knows in {', '.join(jmh)} (known: "
                         f"{', '.join(sorted({b.rsplit('.', 2)[-2] for b in BENCHMARKS}))})")
    ref = {}
    for f in args.inputs:
        if not f.endswith(".json"):
            ref.update(checked(lambda path: read_reference([path]), f))
    table = build_table(scorch, ref)

    def cell(v, digits):
        return "-" if v is None else f"{v:.{digits}f}"

    print(f"Scorch: JMH SampleTime median, {jvm or 'no JMH results'}. Reference: median of repetitions, NumPy for GEMM, PyTorch for "
          "convolutions. ratio = Scorch / reference.")
    widths = [11, max([20] + [len(t[1]) for t in table]), 7, 10, 10, 7, 13, 10]
    print("  ".join(h.ljust(w) if i < 2 else h.rjust(w) for i, (h, w) in enumerate(zip(HEADER, widths)))
          + "  " + HEADER[-1])
    for t in table:
        cells = [t[0], t[1], str(t[2]), cell(t[3], 3), cell(t[4], 3), cell(t[5], 2), cell(t[6], 1), cell(t[7], 1)]
        print("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
              + "  " + t[8])
    if args.csv:
        with open(args.csv + ".tmp", "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(HEADER)
            for t in table:
                w.writerow(["" if v is None else (f"{v:.6g}" if isinstance(v, float) else v) for v in t])
        os.replace(args.csv + ".tmp", args.csv)
    if args.results_csv:
        with open(args.results_csv + ".tmp", "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(RESULTS_HEADER)
            for t in table:
                if t[3] is None or t[4] is None or "sum" in t[1].split(" "):
                    continue
                w.writerow([result_name(t[0], t[1]), t[2], f"{t[3]:.6g}", f"{t[4]:.6g}", f"{t[5]:.4g}"])
        os.replace(args.results_csv + ".tmp", args.results_csv)
    one_sided = sorted((scorch.keys() | ref.keys()) - (scorch.keys() & ref.keys()))
    if one_sided:
        print(f"join_results: {len(one_sided)} cases have only one side, e.g. {one_sided[0]}", file=sys.stderr)


if __name__ == "__main__":
    main()
