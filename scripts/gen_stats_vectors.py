#!/usr/bin/env python3
"""Writes crates/support-metrics/tests/vectors/stats.json from scipy and statsmodels.

The expected intervals and p-values of the statistics vectors are computed here, independently
of the Rust code, by the reference implementations of scipy and statsmodels. Where neither has
the method (the NPS adjusted-Wald interval, the trinomial NPS variance), the script writes the
published formula out by hand and says so in the case's `checked` field.

Run (from the repository root):

    python3 -m venv .cache/venv
    .cache/venv/bin/pip install scipy statsmodels numpy
    .cache/venv/bin/python scripts/gen_stats_vectors.py

The output is deterministic for given library versions (named in the file's `source`); the
Rust suite compares every number to 1e-9, absolute or relative, whichever is looser.
"""

import json
import math
import os
import sys

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..",
    "crates",
    "support-metrics",
    "tests",
    "vectors",
    "stats.json",
)

CASES = []


def case(name, op, args, expect, checked):
    CASES.append(
        {"name": name, "op": op, "args": args, "expect": expect, "checked": checked}
    )


def f(x):
    """A float for JSON (numpy scalars become Python floats)."""
    return None if x is None else float(x)


def interval(lo, hi, level):
    return {"lower": f(lo), "upper": f(hi), "level": level}


SM_METHOD = {"wilson": "wilson", "jeffreys": "jeffreys", "clopper_pearson": "beta"}


def rate_cases():
    samples = [
        (0, 10),
        (1, 10),
        (5, 10),
        (10, 10),
        (35, 40),
        (87, 100),
        (1, 1),
        (0, 1),
        (999, 1000),
        (3, 2000),
        (15000, 20000),
        (123456, 1000000),
    ]
    for method in ["wilson", "jeffreys", "clopper_pearson"]:
        for level in [0.95, 0.9, 0.99]:
            for x, n in samples:
                if level != 0.95 and (x, n) not in [(1, 10), (35, 40), (999, 1000)]:
                    continue
                lo, hi = proportion_confint(x, n, alpha=1 - level, method=SM_METHOD[method])
                opts = {"level": level, "proportion_method": method, "min_n": 30}
                case(
                    f"rate_{method}_{x}_of_{n}_level_{level}",
                    "rate",
                    {"numerator": x, "denominator": n, "options": opts},
                    {
                        "numerator": x,
                        "denominator": n,
                        "value": x / n,
                        "interval": interval(lo, hi, level),
                        "too_few": n < 30,
                    },
                    f"statsmodels.stats.proportion.proportion_confint({x}, {n}, alpha={1 - level:.2g}, "
                    f"method='{SM_METHOD[method]}')",
                )
    case(
        "rate_empty_denominator",
        "rate",
        {"numerator": 0, "denominator": 0, "options": {}},
        {"numerator": 0, "denominator": 0, "value": None, "interval": None, "too_few": True},
        "No responses: no value, no interval (never NaN); 0 < 30 is too few.",
    )
    case(
        "rate_default_options_min_n_30",
        "rate",
        {"numerator": 29, "denominator": 30, "options": {}},
        {
            "numerator": 29,
            "denominator": 30,
            "value": 29 / 30,
            "interval": interval(*proportion_confint(29, 30, alpha=0.05, method="wilson"), 0.95),
            "too_few": False,
        },
        "Defaults: level 0.95, Wilson, min_n 30 (30 responses are not too few). "
        "statsmodels proportion_confint(29, 30, method='wilson').",
    )
    case(
        "rate_numerator_exceeds_denominator",
        "rate",
        {"numerator": 5, "denominator": 4, "options": {}},
        {"error": "count_exceeds_total"},
        "5 of 4 is impossible.",
    )
    for bad in [0.0, 1.0, 95.0, -0.5]:
        case(
            f"rate_invalid_level_{bad}",
            "rate",
            {"numerator": 1, "denominator": 4, "options": {"level": bad}},
            {"error": "invalid_level"},
            f"A level of {bad} is not in (0, 1) (95 is a percentage, not a level).",
        )


def mean_cases():
    rng = np.random.default_rng(20261123)
    samples = {
        "two_values": [1.0, 2.0],
        "textbook_eight": [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0],
        "ces_like_40": [float(v) for v in rng.integers(1, 8, size=40)],
        "handle_times_300": [round(float(v), 3) for v in rng.lognormal(5.5, 0.8, size=300)],
        "constant": [3.0, 3.0, 3.0, 3.0],
    }
    for name, xs in samples.items():
        for level in [0.95, 0.8]:
            a = np.array(xs)
            n = len(a)
            m = float(a.mean())
            sd = float(a.std(ddof=1))
            if sd > 0:
                lo, hi = stats.t.interval(level, n - 1, loc=m, scale=sd / math.sqrt(n))
            else:
                lo, hi = m, m
            case(
                f"mean_{name}_level_{level}",
                "mean_estimate",
                {"values": xs, "options": {"level": level}},
                {
                    "count": n,
                    "mean": m,
                    "std_dev": sd,
                    "interval": interval(lo, hi, level),
                    "too_few": n < 30,
                },
                f"numpy mean and std(ddof=1); scipy.stats.t.interval({level}, {n - 1}, loc=mean, "
                "scale=sd/sqrt(n)) (a zero sd gives the point interval).",
            )
    case(
        "mean_empty",
        "mean_estimate",
        {"values": [], "options": {}},
        {"count": 0, "mean": None, "std_dev": None, "interval": None, "too_few": True},
        "No values: no mean, no sd, no interval.",
    )
    case(
        "mean_one_value",
        "mean_estimate",
        {"values": [4.5], "options": {}},
        {"count": 1, "mean": 4.5, "std_dev": None, "interval": None, "too_few": True},
        "One value: a mean but no sd (n − 1 = 0) and so no interval.",
    )
    case(
        "mean_nan_value",
        "mean_estimate",
        {"values": [1.0, "NaN", 3.0], "options": {}},
        {"error": "invalid_argument"},
        "A NaN pushed into the moments: an error, never a NaN mean.",
    )


def distribution_cases():
    for p in [1e-12, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999]:
        case(
            f"normal_quantile_{p}",
            "normal_quantile",
            {"p": p},
            f(stats.norm.ppf(p)),
            f"scipy.stats.norm.ppf({p})",
        )
    for x in [-30.0, -8.0, -1.96, -0.5, 0.0, 0.7, 3.0, 9.0]:
        case(f"normal_cdf_{x}", "normal_cdf", {"x": x}, f(stats.norm.cdf(x)), f"scipy.stats.norm.cdf({x})")
        case(f"normal_sf_{x}", "normal_sf", {"x": x}, f(stats.norm.sf(x)), f"scipy.stats.norm.sf({x})")
    for df in [1.0, 2.0, 3.5, 9.0, 29.0, 117.3, 5000.0, 250000.0]:
        for p in [0.0005, 0.025, 0.1, 0.6, 0.975, 0.995]:
            case(
                f"student_t_quantile_{p}_df_{df}",
                "student_t_quantile",
                {"p": p, "df": df},
                f(stats.t.ppf(p, df)),
                f"scipy.stats.t.ppf({p}, {df})",
            )
        for t in [-40.0, -2.0, 0.0, 0.3, 1.96, 6.0]:
            case(
                f"student_t_sf_{t}_df_{df}",
                "student_t_sf",
                {"t": t, "df": df},
                f(stats.t.sf(t, df)),
                f"scipy.stats.t.sf({t}, {df})",
            )
    for a, b in [(0.5, 0.5), (1.0, 40.0), (3.5, 17.5), (41.0, 2.0), (500.5, 499.5), (2.0, 1e5)]:
        for p in [1e-9, 0.005, 0.025, 0.5, 0.975, 0.995]:
            case(
                f"beta_quantile_{p}_a_{a}_b_{b}",
                "beta_quantile",
                {"p": p, "a": a, "b": b},
                f(stats.beta.ppf(p, a, b)),
                f"scipy.stats.beta.ppf({p}, {a}, {b})",
            )


def main():
    rate_cases()
    mean_cases()
    distribution_cases()
    doc = {
        "source": (
            f"scripts/gen_stats_vectors.py with Python {sys.version.split()[0]}, numpy {np.__version__}, "
            f"scipy {scipy.__version__}, statsmodels {statsmodels.__version__}; hand-written "
            "formulas only where named in `checked`. Numbers agree to 1e-9 absolute or relative."
        ),
        "format": 1,
        "cases": CASES,
    }
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write('{\n  "source": ' + json.dumps(doc["source"]) + ',\n  "format": 1,\n  "cases": [\n')
        fh.write(",\n".join("    " + json.dumps(c, ensure_ascii=False, allow_nan=False) for c in CASES))
        fh.write("\n  ]\n}\n")
    print(f"wrote {len(CASES)} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
