#!/usr/bin/env python3
"""Writes crates/support-metrics/tests/vectors/stats.json from scipy and statsmodels.

The expected intervals and p-values of the statistics vectors are computed here, independently
of the Rust code, by the reference implementations of scipy and statsmodels. Where neither has
the method (the NPS adjusted-Wald interval, the trinomial NPS variance), the script writes the
published formula out by hand and says so in the case's `checked` field.

Run (from the repository root):

    python3 -m venv .cache/venv
    .cache/venv/bin/pip install scipy statsmodels numpy
    .cache/venv/bin/python scripts/gen_stats_vectors.py          # rewrite the file
    .cache/venv/bin/python scripts/gen_stats_vectors.py --check  # exit 1 if it is stale

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
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

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
    # A seeded random sweep. Upper-tail probabilities stop at 1 - 1e-4: beyond that scipy's
    # t.ppf and beta.ppf lose precision themselves (they are handed p, not 1 - p), so they would
    # test scipy rather than us.
    rng = np.random.default_rng(20261123)
    for i in range(60):
        df = float(10 ** rng.uniform(-0.3, 6))
        p = float(10 ** rng.uniform(-10, -0.31)) if i % 2 else float(1 - 10 ** rng.uniform(-4, -0.31))
        case(f"student_t_quantile_sweep_{i}", "student_t_quantile", {"p": p, "df": df},
             f(stats.t.ppf(p, df)), f"scipy.stats.t.ppf({p!r}, {df!r}) (seeded sweep)")
        t = float(rng.normal() * 10 ** rng.uniform(-2, 1.5))
        case(f"student_t_sf_sweep_{i}", "student_t_sf", {"t": t, "df": df},
             f(stats.t.sf(t, df)), f"scipy.stats.t.sf({t!r}, {df!r}) (seeded sweep)")
        a, b = float(10 ** rng.uniform(-0.3, 5)), float(10 ** rng.uniform(-0.3, 5))
        p = float(10 ** rng.uniform(-10, -0.31)) if i % 2 else float(1 - 10 ** rng.uniform(-4, -0.31))
        case(f"beta_quantile_sweep_{i}", "beta_quantile", {"p": p, "a": a, "b": b},
             f(stats.beta.ppf(p, a, b)), f"scipy.stats.beta.ppf({p!r}, {a!r}, {b!r}) (seeded sweep)")
    for a, b in [(0.5, 0.5), (1.0, 40.0), (3.5, 17.5), (41.0, 2.0), (500.5, 499.5), (2.0, 1e5)]:
        for p in [1e-9, 0.005, 0.025, 0.5, 0.975, 0.995]:
            case(
                f"beta_quantile_{p}_a_{a}_b_{b}",
                "beta_quantile",
                {"p": p, "a": a, "b": b},
                f(stats.beta.ppf(p, a, b)),
                f"scipy.stats.beta.ppf({p}, {a}, {b})",
            )


def nps_by_hand(P, A, D, method, level):
    """The NPS interval written out from its published definition (no library has it)."""
    n = P + A + D
    z = stats.norm.ppf(0.5 + level / 2)
    if method == "adjusted_wald":
        # Lewis & Sauro (MeasuringU 2021): add 3 to n and 3/4 to promoters and detractors.
        nn = n + 3
        p, d = (P + 0.75) / nn, (D + 0.75) / nn
    else:
        nn = n
        p, d = P / n, D / n
    var = p + d - (p - d) ** 2
    half = z * math.sqrt(var / nn)
    return max(-100.0, 100 * (p - d - half)), min(100.0, 100 * (p - d + half))


def comparison(est, lo, hi, stat, df, p, level, too_few):
    return {
        "estimate": f(est),
        "interval": None if lo is None else interval(lo, hi, level),
        "statistic": f(stat),
        "degrees_of_freedom": f(df),
        "p_value": f(p),
        "significant": bool(p is not None and p < 1 - level),
        "too_few": too_few,
    }


def nps_cases():
    samples = [(50, 30, 20), (0, 0, 10), (10, 0, 0), (3, 1, 1), (412, 300, 95), (7, 20, 13), (1, 0, 0)]
    for method in ["adjusted_wald", "trinomial"]:
        for level in [0.95, 0.9]:
            for P, A, D in samples:
                lo, hi = nps_by_hand(P, A, D, method, level)
                n = P + A + D
                case(
                    f"nps_{method}_{P}_{A}_{D}_level_{level}",
                    "nps_estimate",
                    {"promoters": P, "passives": A, "detractors": D, "method": method, "options": {"level": level}},
                    {
                        "counts": {"promoters": P, "passives": A, "detractors": D},
                        "count": n,
                        "value": 100 * (P - D) / n,
                        "interval": interval(lo, hi, level),
                        "too_few": n < 30,
                    },
                    "Hand-written formula (no scipy/statsmodels implementation): "
                    + (
                        "adjusted Wald, n' = n + 3, p' = (P + 3/4)/n', d' = (D + 3/4)/n', "
                        "(p' - d') +- z sqrt((p' + d' - (p' - d')^2)/n'), x100, clipped to [-100, 100]; "
                        "z = scipy.stats.norm.ppf."
                        if method == "adjusted_wald"
                        else "trinomial Wald, (p - d) +- z sqrt((p + d - (p - d)^2)/n), x100, clipped; "
                        "z = scipy.stats.norm.ppf."
                    ),
                )
    case(
        "nps_empty",
        "nps_estimate",
        {"promoters": 0, "passives": 0, "detractors": 0, "method": "adjusted_wald", "options": {}},
        {"counts": {"promoters": 0, "passives": 0, "detractors": 0}, "count": 0, "value": None, "interval": None, "too_few": True},
        "No answers: no score and no interval, even though the adjusted counts would allow one.",
    )
    pairs = [((120, 50, 30), (90, 60, 50)), ((40, 30, 30), (45, 25, 30)), ((10, 0, 0), (10, 0, 0)), ((5, 5, 5), (0, 0, 0))]
    for (a, b) in pairs:
        na, nb = sum(a), sum(b)
        name = f"nps_difference_{'_'.join(map(str, a))}_vs_{'_'.join(map(str, b))}"
        too_few = na < 30 or nb < 30
        if nb == 0:
            case(name, "nps_difference", {"a": dict(zip(["promoters", "passives", "detractors"], a)), "b": dict(zip(["promoters", "passives", "detractors"], b)), "options": {}},
                 comparison(None, None, None, None, None, None, 0.95, too_few), "An empty group: nothing to compare.")
            continue
        sa, sb = (a[0] - a[2]) / na, (b[0] - b[2]) / nb
        va = a[0] / na + a[2] / na - sa ** 2
        vb = b[0] / nb + b[2] / nb - sb ** 2
        se = math.sqrt(va / na + vb / nb)
        est = 100 * (sa - sb)
        if se == 0:
            exp = comparison(est, None, None, None, None, None, 0.95, too_few)
        else:
            z = stats.norm.ppf(0.975)
            stat = (sa - sb) / se
            p = 2 * stats.norm.sf(abs(stat))
            exp = comparison(est, est - 100 * z * se, est + 100 * z * se, stat, None, p, 0.95, too_few)
        case(
            name,
            "nps_difference",
            {"a": dict(zip(["promoters", "passives", "detractors"], a)), "b": dict(zip(["promoters", "passives", "detractors"], b)), "options": {}},
            exp,
            "Hand-written (Rocks' NPS R package nps_test): se = sqrt(v_a/n_a + v_b/n_b) with v = p + d - (p - d)^2, "
            "z = (s_a - s_b)/se, p = 2 scipy.stats.norm.sf(|z|); estimate and interval x100. No test when se = 0.",
        )


def proportion_difference_cases():
    samples = [(140, 200, 80, 100), (45, 50, 30, 50), (0, 20, 0, 30), (20, 20, 30, 30), (0, 10, 10, 10), (7, 9, 2, 11), (5123, 6000, 4800, 6000)]
    for level in [0.95, 0.9]:
        for xa, na, xb, nb in samples:
            lo, hi = confint_proportions_2indep(xa, na, xb, nb, method="newcomb", compare="diff", alpha=1 - level)
            pooled = (xa + xb) / (na + nb)
            if 0 < pooled < 1:
                stat, p = proportions_ztest([xa, xb], [na, nb])
            else:
                stat, p = None, None
            case(
                f"proportion_difference_{xa}_{na}_vs_{xb}_{nb}_level_{level}",
                "proportion_difference",
                {"x_a": xa, "n_a": na, "x_b": xb, "n_b": nb, "options": {"level": level}},
                comparison(xa / na - xb / nb, lo, hi, stat, None, p, level, na < 30 or nb < 30),
                f"statsmodels confint_proportions_2indep({xa}, {na}, {xb}, {nb}, method='newcomb', compare='diff', "
                f"alpha={1 - level:.2g}); proportions_ztest([{xa}, {xb}], [{na}, {nb}]) (pooled; undefined when the "
                "pooled share is 0 or 1).",
            )
    case(
        "proportion_difference_empty_group",
        "proportion_difference",
        {"x_a": 0, "n_a": 0, "x_b": 3, "n_b": 10, "options": {}},
        comparison(None, None, None, None, None, None, 0.95, True),
        "An empty group: no estimate, no interval, no test.",
    )
    case(
        "proportion_difference_count_exceeds_total",
        "proportion_difference",
        {"x_a": 11, "n_a": 10, "x_b": 3, "n_b": 10, "options": {}},
        {"error": "count_exceeds_total"},
        "11 of 10.",
    )


def welch_cases():
    rng = np.random.default_rng(42)
    samples = {
        "small": ([3.0, 4.0, 5.0, 6.0], [1.0, 2.0, 3.0]),
        "ces_two_teams": ([float(v) for v in rng.integers(1, 8, 45)], [float(v) for v in rng.integers(2, 8, 38)]),
        "aht_unequal": ([round(float(v), 2) for v in rng.lognormal(5.8, 0.5, 120)], [round(float(v), 2) for v in rng.lognormal(5.6, 0.9, 35)]),
        "one_constant": ([2.0, 2.0, 2.0], [1.0, 4.0, 6.0, 2.0]),
    }
    for name, (a, b) in samples.items():
        for level in [0.95, 0.99]:
            r = stats.ttest_ind(a, b, equal_var=False)
            ci = r.confidence_interval(confidence_level=level)
            case(
                f"welch_{name}_level_{level}",
                "welch_t_test",
                {"a": a, "b": b, "options": {"level": level}},
                comparison(np.mean(a) - np.mean(b), ci.low, ci.high, r.statistic, r.df, r.pvalue, level, len(a) < 30 or len(b) < 30),
                f"scipy.stats.ttest_ind(a, b, equal_var=False) statistic, df, pvalue and confidence_interval({level}).",
            )
    case(
        "welch_one_value_group",
        "welch_t_test",
        {"a": [1.0], "b": [1.0, 2.0], "options": {}},
        comparison(-0.5, None, None, None, None, None, 0.95, True),
        "One value in a group: the difference of means exists, its variance does not.",
    )
    case(
        "welch_both_constant",
        "welch_t_test",
        {"a": [2.0, 2.0], "b": [1.0, 1.0, 1.0], "options": {}},
        comparison(1.0, None, None, None, None, None, 0.95, True),
        "Both groups constant: se = 0, no test (scipy returns inf/nan).",
    )


def bh_cases():
    rng = np.random.default_rng(7)
    samples = {
        "four": [0.01, 0.04, 0.03, 0.5],
        "ties_and_ones": [0.02, 0.02, 1.0, 0.0, 0.9],
        "leaderboard_25": [float(v) for v in np.concatenate([rng.uniform(0, 1, 20), rng.uniform(0, 0.01, 5)])],
        "single": [0.2],
        "empty": [],
    }
    for name, ps in samples.items():
        q = [] if not ps else [f(v) for v in multipletests(ps, method="fdr_bh")[1]]
        case(f"benjamini_hochberg_{name}", "benjamini_hochberg", {"p_values": ps}, q,
             "statsmodels.stats.multitest.multipletests(p, method='fdr_bh')[1] (empty input: empty output).")
    case("benjamini_hochberg_bad_p", "benjamini_hochberg", {"p_values": [0.1, 1.5]}, {"error": "invalid_argument"},
         "1.5 is not a probability.")


def quantile_cases():
    rng = np.random.default_rng(3)
    samples = {
        "one_to_twenty": [float(v) for v in range(1, 21)],
        "five": [1.0, 2.0, 3.0, 4.0, 5.0],
        "six": [2.0, 3.0, 5.0, 7.0, 11.0, 13.0],
        "frt_500": sorted(round(float(v), 1) for v in rng.lognormal(4.0, 1.0, 500)),
    }
    for name, xs in samples.items():
        n = len(xs)
        for q, level in [(0.5, 0.95), (0.9, 0.95), (0.95, 0.9), (0.25, 0.99)]:
            half = (1 - level) / 2
            F = lambda k: float(stats.binom.cdf(k, n, q))
            ls = [k for k in range(1, n + 1) if F(k - 1) <= half]
            us = [k for k in range(1, n + 1) if F(k - 1) >= 1 - half]
            if ls and us:
                l, u = max(ls), min(us)
                iv, lr, ur, cov = interval(xs[l - 1], xs[u - 1], level), l, u, F(u - 1) - F(l - 1)
            else:
                iv = lr = ur = cov = None
            case(
                f"quantile_{name}_q_{q}_level_{level}",
                "quantile_interval",
                {"values": xs, "q": q, "options": {"level": level}},
                {"count": n, "q": q, "value": f(np.percentile(xs, 100 * q)), "interval": iv, "lower_rank": lr,
                 "upper_rank": ur, "coverage": f(cov), "too_few": n < 30},
                "numpy.percentile (linear); ranks by brute force over scipy.stats.binom.cdf: l = max rank with "
                "F(l-1) <= alpha/2, u = min rank with F(u-1) >= 1 - alpha/2, coverage F(u-1) - F(l-1); none when "
                "no rank qualifies.",
            )
    case("quantile_bad_q", "quantile_interval", {"values": [1.0], "q": 90, "options": {}}, {"error": "invalid_argument"},
         "q = 90 is a percentage; the argument is a fraction.")


def main():
    rate_cases()
    mean_cases()
    distribution_cases()
    nps_cases()
    proportion_difference_cases()
    welch_cases()
    bh_cases()
    quantile_cases()
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
    text = (
        '{\n  "source": ' + json.dumps(doc["source"]) + ',\n  "format": 1,\n  "cases": [\n'
        + ",\n".join("    " + json.dumps(c, ensure_ascii=False, allow_nan=False) for c in CASES)
        + "\n  ]\n}\n"
    )
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8") as fh:
            same = fh.read() == text
        print(f"{os.path.normpath(OUT)} is {'up to date' if same else 'STALE: rerun without --check'}")
        sys.exit(0 if same else 1)
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"wrote {len(CASES)} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
