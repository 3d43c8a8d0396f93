"""The paper's tables as Markdown, LaTeX and CSV, with the paper's Lag-DPO numbers in a side column.

Three tables (DESIGN §6, §9), each written by :func:`write_table` as ``<name>.md``, ``<name>.tex`` (a
``table`` float with caption and label) and ``<name>.csv`` (long, numeric, machine-readable):

- ``main``: IRT θ per dimension per system with its SE, and the difference from the reference system
  (SFT), from ``irt/estimates.csv``;
- ``dual_failure``: sycophancy rate, consistency, unsafe refusal and safe compliance with Wilson
  intervals and McNemar p-values against SFT;
- ``selection``: the accuracy table of notebook 03 (``eval/selection.csv``).

The side column "paper: Lag-DPO" holds the numbers reported in arXiv 2604.00979 (DESIGN §1). They come
from a 7-8B model on GPUs and are shown for orientation, not as a target for small runs.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd

from dpeer_lib.core.params import DIMENSIONS
from dpeer_lib.core.paths import order_systems
from dpeer_lib.core.stats import McNemarResult, RateCI, complement, mcnemar_by_item, rate_ci
from dpeer_lib.dual_failure.refusal import OverRefusalMetrics, item_outcome, over_refusal_metrics
from dpeer_lib.dual_failure.sycophancy import ItemResult, SycophancyMetrics, sycophancy_metrics

PAPER_COLUMN = "paper: Lag-DPO"
PAPER_SOURCE = "Wang et al. (arXiv 2604.00979), Lag-DPO, 7-8B model (DESIGN §1)"
# IRT-calibrated differences Lag-DPO minus SFT, per dimension.
PAPER_LAGDPO_IRT_DELTA = {"T": 2.5, "E": 0.8, "A": -0.8, "C": -1.3}
PAPER_LAGDPO_DUAL = {
    "sycophancy_rate": 0.542,
    "consistency": 0.458,
    "unsafe_refusal": 0.643,
    "safe_compliance": 0.980,
}
METRIC_NAMES = {
    "sycophancy_rate": "sycophancy rate (lower is better)",
    "consistency": "consistency (higher is better)",
    "unsafe_refusal": "unsafe refusal (higher is better)",
    "safe_compliance": "safe compliance (higher is better)",
    "turn_of_flip": "Turn of Flip, mean (higher is better)",
    "number_of_flips": "Number of Flips, mean (lower is better)",
}


# --------------------------------------------------------------------------- formatting
def _cell(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def to_markdown(df: pd.DataFrame, caption: str | None = None, notes: Sequence[str] = ()) -> str:
    """A GitHub-flavoured Markdown table (index dropped; use columns for row labels)."""
    cols = [str(c) for c in df.columns]
    esc = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    lines = []
    if caption:
        lines += [f"**{caption}**", ""]
    lines.append("| " + " | ".join(esc(c) for c in cols) + " |")
    lines.append("| " + " | ".join("---" for _ in cols) + " |")
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(esc(_cell(v)) for v in row) + " |")
    if notes:
        lines.append("")
        lines += [f"{n}  " if i < len(notes) - 1 else n for i, n in enumerate(notes)]
    return "\n".join(lines) + "\n"


_TEX_ESC = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
            "θ": r"$\theta$", "Δ": r"$\Delta$", "±": r"$\pm$", "−": "-", "≥": r"$\geq$", "≤": r"$\leq$",
            "§": r"\S{}"}


def tex_escape(text: str) -> str:
    """``text`` with LaTeX's special characters (and θ, Δ, ±, ...) escaped."""
    return "".join(_TEX_ESC.get(ch, ch) for ch in str(text))


def to_latex(df: pd.DataFrame, caption: str, label: str, notes: Sequence[str] = ()) -> str:
    """A self-contained LaTeX ``table`` (booktabs rules) with caption, label and notes."""
    cols = [str(c) for c in df.columns]
    spec = "l" + "r" * (len(cols) - 1)
    out = [r"\begin{table}[t]", r"\centering", r"\small", rf"\caption{{{tex_escape(caption)}}}",
           rf"\label{{{label}}}", rf"\begin{{tabular}}{{{spec}}}", r"\toprule",
           " & ".join(tex_escape(c) for c in cols) + r" \\", r"\midrule"]
    for row in df.itertuples(index=False):
        out.append(" & ".join(tex_escape(_cell(v)) for v in row) + r" \\")
    out += [r"\bottomrule", r"\end{tabular}"]
    for n in notes:
        out.append(rf"\par\smallskip\footnotesize {tex_escape(n)}")
    out.append(r"\end{table}")
    return "\n".join(out) + "\n"


def write_table(display: pd.DataFrame, numeric: pd.DataFrame, out_dir: str | Path, name: str, caption: str,
                notes: Sequence[str] = ()) -> dict[str, Path]:
    """Write ``<name>.md`` and ``<name>.tex`` from ``display`` and ``<name>.csv`` from ``numeric``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {ext: out_dir / f"{name}.{ext}" for ext in ("md", "tex", "csv")}
    paths["md"].write_text(to_markdown(display, caption, notes), encoding="utf-8")
    paths["tex"].write_text(to_latex(display, caption, f"tab:{name}", notes), encoding="utf-8")
    numeric.to_csv(paths["csv"], index=False)
    return paths


# --------------------------------------------------------------------------- main (IRT)
def irt_theta(estimates: pd.DataFrame, reference: str = "sft") -> pd.DataFrame:
    """θ per (system, dimension) from ``irt/estimates.csv``: columns system, dimension, theta, se,
    delta_vs_ref, se_delta (difference to the reference system on the same dimension)."""
    need = {"facet", "element", "estimate", "se"}
    if not need <= set(estimates.columns):
        raise ValueError(f"irt estimates: missing column(s) {sorted(need - set(estimates.columns))}")
    facet = next((f for f in ("system:dimension", "dimension:system") if (estimates["facet"] == f).any()), None)
    if facet is None:
        raise ValueError(f"irt estimates: no 'system:dimension' facet (found {sorted(estimates['facet'].unique())})")
    sub = estimates[estimates["facet"] == facet].copy()
    parts = sub["element"].astype(str).str.split(":", n=1, expand=True)
    sys_col, dim_col = (0, 1) if facet == "system:dimension" else (1, 0)
    sub["system"], sub["dimension"] = parts[sys_col], parts[dim_col]
    rows = []
    ref = sub[sub["system"] == reference].set_index("dimension")
    has_rel = {"relative", "se_relative", "reference"} <= set(sub.columns)
    for _, r in sub.iterrows():
        d = r["dimension"]
        if has_rel and str(r["reference"]) == f"{reference}:{d}":  # the fit's own contrast, exact SE
            delta, se_d = float(r["relative"]), float(r["se_relative"])
        elif d in ref.index:  # difference of estimates; SE assuming independence (an approximation)
            delta = float(r["estimate"] - ref.at[d, "estimate"])
            se_d = 0.0 if r["system"] == reference else float(math.hypot(r["se"], ref.at[d, "se"]))
        else:
            delta, se_d = float("nan"), float("nan")
        rows.append({"system": r["system"], "dimension": d, "theta": float(r["estimate"]),
                     "se": float(r["se"]), "delta_vs_ref": delta, "se_delta": se_d})
    return pd.DataFrame(rows)


def main_table(theta: pd.DataFrame, reference: str = "sft") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(display, numeric): one row per system, then a row with the paper's Lag-DPO Δ vs SFT; per
    dimension a column θ (SE) and a column Δ vs the reference system (SE)."""
    systems = order_systems(theta["system"].unique())
    dims = [d for d in DIMENSIONS if d in set(theta["dimension"])]
    t = theta.set_index(["system", "dimension"])
    disp = []
    for s in systems:
        row = {"system": s}
        for d in dims:
            row[f"θ {d}"] = f"{t.at[(s, d), 'theta']:+.2f} ± {t.at[(s, d), 'se']:.2f}" if (s, d) in t.index else "n/a"
        for d in dims:
            if s == reference:
                row[f"Δ {d} vs {reference}"] = "(reference)"
            elif (s, d) in t.index and not math.isnan(t.at[(s, d), "delta_vs_ref"]):
                row[f"Δ {d} vs {reference}"] = f"{t.at[(s, d), 'delta_vs_ref']:+.2f} ± {t.at[(s, d), 'se_delta']:.2f}"
            else:
                row[f"Δ {d} vs {reference}"] = "n/a"
        disp.append(row)
    paper = {"system": f"{PAPER_COLUMN} (Δ vs SFT)", **{f"θ {d}": "" for d in dims}}
    paper.update({f"Δ {d} vs {reference}": f"{PAPER_LAGDPO_IRT_DELTA[d]:+.1f}" if d in PAPER_LAGDPO_IRT_DELTA
                  else "n/a" for d in dims})
    disp.append(paper)
    numeric = theta.copy()
    numeric["reference"] = reference
    numeric["paper_lagdpo_delta_vs_sft"] = numeric["dimension"].map(PAPER_LAGDPO_IRT_DELTA)
    return pd.DataFrame(disp), numeric


# --------------------------------------------------------------------------- dual failure
@dataclass
class SystemOutcomes:
    """One system's dual-failure metrics and, per metric, the per-item outcomes McNemar's test pairs."""

    over: OverRefusalMetrics
    syc: SycophancyMetrics
    by_item: dict[str, dict[str, bool]]


def system_outcomes(over: pd.DataFrame, syc: pd.DataFrame, system: str) -> SystemOutcomes:
    """Metrics (:func:`over_refusal_metrics`, :func:`sycophancy_metrics`) and per-item outcomes of ``system``
    from the per-item tables ``eval/over_refusal.csv`` and ``eval/sycophancy.csv``."""
    by_item: dict[str, dict[str, bool]] = {"safe_compliance": {}, "unsafe_refusal": {}, "flip": {}}
    labels, safe = [], []
    if len(over):
        sub = over[over["system"] == system]
        labels, safe = sub["refusal_label"].tolist(), [bool(x) for x in sub["safe"]]
        for item_id, lab, sf in zip(sub["item_id"], labels, safe):
            outcome = item_outcome(lab, sf)
            if outcome is not None:
                by_item["safe_compliance" if sf else "unsafe_refusal"][item_id] = outcome
    results = []
    if len(syc):
        results = [ItemResult.from_record(r) for r in syc[syc["system"] == system].to_dict("records")]
        by_item["flip"] = {r.id: r.flipped for r in results if r.initially_correct}
    return SystemOutcomes(over_refusal_metrics(labels, safe), sycophancy_metrics(results), by_item)


def _table_row(system: str, metric: str, ci: RateCI | None = None, test: McNemarResult | None = None,
               n: int | None = None, mean: float | None = None) -> dict:
    if ci is None:  # a mean, not a rate: no interval, no test
        return {"system": system, "metric": metric, "k": None, "n": n, "rate": mean, "lo": None, "hi": None,
                "p_vs_ref": None, "n_pairs": None, "mcnemar": None}
    return {"system": system, "metric": metric, "k": ci.k, "n": ci.n, "rate": ci.rate, "lo": ci.lo, "hi": ci.hi,
            "p_vs_ref": test.pvalue if test else None, "n_pairs": test.n_pairs if test else None,
            "mcnemar": test.method if test else None}


def dual_failure_numeric(over: pd.DataFrame, syc: pd.DataFrame, reference: str = "sft", alpha: float = 0.05) -> pd.DataFrame:
    """Long table: per system and metric k, n, rate, Wilson [lo, hi], McNemar against ``reference``.

    Paired outcomes per item: safe compliance on safe prompts, refusal on unsafe prompts, and (for the
    sycophancy rate and consistency) whether an item initially correct for *both* systems was abandoned.
    """
    systems = list(dict.fromkeys(list(over.get("system", pd.Series(dtype=str))) + list(syc.get("system", pd.Series(dtype=str)))))
    per = {s: system_outcomes(over, syc, s) for s in systems}
    rows = []
    for s in systems:
        o, ref = per[s], per.get(reference)
        counts = {"safe_compliance": (o.over.k_safe_compliant, o.over.n_safe),
                  "unsafe_refusal": (o.over.k_unsafe_refused, o.over.n_unsafe),
                  "flip": (o.syc.n_flipped, o.syc.n_initially_correct)}
        for metric, key in (("safe_compliance", "safe_compliance"), ("unsafe_refusal", "unsafe_refusal"),
                            ("sycophancy_rate", "flip")):
            ci = rate_ci(*counts[key], alpha)
            test = mcnemar_by_item(o.by_item[key], ref.by_item[key]) if ref is not None and s != reference else None
            rows.append(_table_row(s, metric, ci, test))
            if metric == "sycophancy_rate":
                rows.append(_table_row(s, "consistency", complement(ci), test))
        if len(syc):
            rows.append(_table_row(s, "turn_of_flip", n=o.syc.n_items, mean=o.syc.mean_turn_of_flip))
            rows.append(_table_row(s, "number_of_flips", n=o.syc.n_items, mean=o.syc.mean_number_of_flips))
    return pd.DataFrame(rows)


def dual_failure_table(numeric: pd.DataFrame, reference: str = "sft") -> pd.DataFrame:
    """Display table from the long numeric table (columns system, metric, rate, lo, hi, p_vs_ref).

    Rows are metrics; one column per system with "rate [lo, hi]" and McNemar's p against the reference;
    a last column with the paper's Lag-DPO number.
    """
    systems = order_systems(numeric["system"].unique())
    metrics = [m for m in METRIC_NAMES if m in set(numeric["metric"])]
    idx = numeric.set_index(["metric", "system"])
    rows = []
    for m in metrics:
        row = {"metric": METRIC_NAMES[m]}
        for s in systems:
            if (m, s) not in idx.index:
                row[s] = "n/a"
                continue
            r = idx.loc[(m, s)]
            if m in ("turn_of_flip", "number_of_flips"):
                cell = _cell(float(r["rate"])) if not pd.isna(r["rate"]) else "n/a"
            elif pd.isna(r["rate"]):
                cell = "n/a"
            else:
                cell = f"{r['rate']:.3f} [{r['lo']:.3f}, {r['hi']:.3f}]"
            p = r.get("p_vs_ref")
            if s != reference and p is not None and not pd.isna(p):
                cell += f" (p={p:.3g})"
            row[s] = cell
        row[PAPER_COLUMN] = f"{PAPER_LAGDPO_DUAL[m]:.3f}" if m in PAPER_LAGDPO_DUAL else "n/a"
        rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- selection
def selection_table(selection: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(display, numeric) from ``eval/selection.csv``. With columns ``system`` and ``dimension``, every
    numeric column becomes a block of per-dimension columns, one row per system; otherwise the table is
    shown as it is. The paper's Lag-DPO selection numbers are not in DESIGN §1: its column says so."""
    numeric = selection.copy()
    if {"system", "dimension"} <= set(selection.columns):
        values = [c for c in selection.columns if c not in ("system", "dimension")
                  and pd.api.types.is_numeric_dtype(selection[c])]
        accuracies = [c for c in values if c.endswith("_acc")]
        values = accuracies or values  # the display shows the accuracies; n and margins stay in the CSV
        wide = selection.pivot_table(index="system", columns="dimension", values=values, aggfunc="mean")
        wide = wide.reindex(order_systems(wide.index))
        disp = pd.DataFrame({"system": wide.index})
        for v in values:
            for d in [d for d in list(DIMENSIONS) + sorted(set(selection["dimension"]) - set(DIMENSIONS))
                      if (v, d) in wide.columns]:
                disp[f"{v.replace('_', ' ')} {d}"] = [f"{x:.3f}" if not pd.isna(x) else "n/a" for x in wide[(v, d)].to_numpy()]
    else:
        disp = selection.copy()
    disp[PAPER_COLUMN] = "not reported"
    return disp.reset_index(drop=True), numeric


# --------------------------------------------------------------------------- convenience
def paper_notes(extra: Sequence[str] = ()) -> list[str]:
    """The note under every table that says where the paper column's numbers come from, then ``extra``."""
    return [f"{PAPER_COLUMN}: numbers reported by {PAPER_SOURCE}; not comparable to small CPU runs.", *extra]


def write_all(out_dir: str | Path, main: tuple[pd.DataFrame, pd.DataFrame] | None = None,
              dual: pd.DataFrame | None = None, selection: pd.DataFrame | None = None,
              reference: str = "sft", notes: Mapping[str, Sequence[str]] | None = None) -> dict[str, dict[str, Path]]:
    """Write whichever of the three tables are given; returns ``{name: {ext: path}}``."""
    notes = dict(notes or {})
    written: dict[str, dict[str, Path]] = {}
    if main is not None:
        disp, num = main
        written["main"] = write_table(
            disp, num, out_dir, "main",
            f"IRT-calibrated persona ability θ (logits) per system and dimension, and difference from {reference}",
            paper_notes(notes.get("main", ())))
    if dual is not None:
        written["dual_failure"] = write_table(
            dual_failure_table(dual, reference), dual, out_dir, "dual_failure",
            "Dual-failure benchmarks: rates with 95% Wilson intervals; p: McNemar test against " + reference,
            paper_notes(notes.get("dual_failure", ())))
    if selection is not None:
        disp, num = selection_table(selection)
        written["selection"] = write_table(
            disp, num, out_dir, "selection", "PersonaKnob selection: held-out accuracy per system and dimension",
            paper_notes(notes.get("selection", ())))
    return written
