#!/usr/bin/python3
"""OpenTURNS on the Ishigami function, for `make bench`'s comparison.

    openturns_ishigami.py N
        Sobol' indices from a Saltelli experiment drawn from a Sobol'
        sequence (QMC) of N base rows, first-order indices by OpenTURNS's
        Saltelli estimator, total indices by Jansen's; one JSON line: wall
        time and the largest absolute error against the analytic indices.

    openturns_ishigami.py N R FILE
        R Monte Carlo experiments of N base rows (seeds 1..R): OpenTURNS's
        indices for each, and the evaluations written to FILE (float64,
        experiment by experiment, OpenTURNS's order: A, B, then A with column
        i from B for each i) so that alliance-sim's estimators run on the very
        same numbers.  One JSON line: the root mean square over the R
        experiments of the largest absolute error.
"""
import array
import json
import math
import sys
import time

import openturns as ot

A, B = 7.0, 0.1


def truth():
    """Analytic first-order and total indices of Ishigami (a = 7, b = 0.1)."""
    v1 = 0.5 * (1 + B * math.pi ** 4 / 5) ** 2
    v2 = A * A / 8
    v13 = B * B * math.pi ** 8 / 18 - B * B * math.pi ** 8 / 50
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


S1_TRUE, ST_TRUE = truth()
MODEL = ot.SymbolicFunction(
    ["x1", "x2", "x3"], ["sin(x1) + 7 * sin(x2)^2 + 0.1 * x3^4 * sin(x1)"])
DISTRIBUTION = ot.ComposedDistribution([ot.Uniform(-math.pi, math.pi)] * 3)


def indices(n, seed):
    """Design, evaluations and indices; the evaluations and both errors."""
    ot.RandomGenerator.SetSeed(seed)
    x = ot.SobolIndicesExperiment(DISTRIBUTION, n).generate()
    y = MODEL(x)
    first = ot.SaltelliSensitivityAlgorithm(x, y, n).getFirstOrderIndices()
    total = ot.JansenSensitivityAlgorithm(x, y, n).getTotalOrderIndices()
    return (y,
            max(abs(a - b) for a, b in zip(first, S1_TRUE)),
            max(abs(a - b) for a, b in zip(total, ST_TRUE)))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 16384
    if len(sys.argv) > 3:
        repeats, path = int(sys.argv[2]), sys.argv[3]
        ot.ResourceMap.SetAsString("SobolIndicesExperiment-SamplingMethod",
                                   "MonteCarlo")
        sq1 = sqt = 0.0
        with open(path, "wb") as out:
            for seed in range(1, repeats + 1):
                y, e1, et = indices(n, seed)
                array.array("d", (row[0] for row in y)).tofile(out)
                sq1 += e1 * e1
                sqt += et * et
        print(json.dumps({"library": "OpenTURNS " + ot.__version__, "N": n,
                          "R": repeats,
                          "s1_rms": math.sqrt(sq1 / repeats),
                          "st_rms": math.sqrt(sqt / repeats)}))
        return
    ot.ResourceMap.SetAsString("SobolIndicesExperiment-SamplingMethod", "QMC")
    t0 = time.perf_counter()
    _, e1, et = indices(n, 0)
    seconds = time.perf_counter() - t0
    print(json.dumps({"library": "OpenTURNS " + ot.__version__, "N": n,
                      "seconds": seconds, "s1_error": e1, "st_error": et}))


main()
