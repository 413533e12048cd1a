#!/usr/bin/python3
"""OpenTURNS on the Ishigami function, for `make bench`'s comparison.

Sobol' indices with the same design and estimators as `alliance-sim
sensitivity`: a Saltelli experiment drawn from a Sobol' sequence (QMC), N
base rows, first-order indices by Saltelli's estimator and total indices by
Jansen's.  Prints one JSON line: wall time and the largest absolute error of
the first-order and total indices against the analytic values.
"""
import json
import math
import sys
import time

import openturns as ot

N = int(sys.argv[1]) if len(sys.argv) > 1 else 16384
S1_TRUE = [0.3139, 0.4424, 0.0]
ST_TRUE = [0.5576, 0.4424, 0.2437]

t0 = time.perf_counter()
model = ot.SymbolicFunction(
    ["x1", "x2", "x3"], ["sin(x1) + 7 * sin(x2)^2 + 0.1 * x3^4 * sin(x1)"])
distribution = ot.ComposedDistribution([ot.Uniform(-math.pi, math.pi)] * 3)
ot.RandomGenerator.SetSeed(0)
ot.ResourceMap.SetAsString("SobolIndicesExperiment-SamplingMethod", "QMC")
X = ot.SobolIndicesExperiment(distribution, N).generate()
Y = model(X)
first = ot.SaltelliSensitivityAlgorithm(X, Y, N).getFirstOrderIndices()
total = ot.JansenSensitivityAlgorithm(X, Y, N).getTotalOrderIndices()
seconds = time.perf_counter() - t0

print(json.dumps({
    "library": "OpenTURNS " + ot.__version__,
    "N": N,
    "seconds": seconds,
    "s1": list(first), "st": list(total),
    "s1_error": max(abs(a - b) for a, b in zip(first, S1_TRUE)),
    "st_error": max(abs(a - b) for a, b in zip(total, ST_TRUE)),
}))
