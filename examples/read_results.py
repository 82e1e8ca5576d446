#!/usr/bin/env python3
"""Read a snnloc run folder and an experiment folder with NumPy (and pandas if it is there), and
draw one figure: the run's loss curves beside the experiment's test accuracy per condition.

    python3 examples/read_results.py RUN_FOLDER EXPERIMENT_FOLDER [--out figure.png]

Without matplotlib it prints what it read and says so; the reading is the point: every format
snnloc writes (model.npz, history.csv, metrics.json, config.json, runs.csv, summary.json) is
plain NumPy, CSV and JSON.
"""
import argparse
import csv
import json
import os
import sys

import numpy as np


def read_run(folder):
    model = np.load(os.path.join(folder, "model.npz"))
    description = json.loads(bytes(model["model_json"]).decode("utf-8"))
    history = np.genfromtxt(os.path.join(folder, "history.csv"), delimiter=",", names=True)
    with open(os.path.join(folder, "metrics.json")) as f:
        metrics = json.load(f)
    with open(os.path.join(folder, "config.json")) as f:
        config = json.load(f)
    w1, w2 = model["w1_effective"], model["w2_effective"]
    assert w1.shape == (description["network"]["inputs"], description["network"]["hidden"]), w1.shape
    assert w2.shape == (description["network"]["hidden"], description["network"]["classes"]), w2.shape
    return model, history, metrics, config


def read_experiment(folder):
    with open(os.path.join(folder, "summary.json")) as f:
        summary = json.load(f)
    try:
        import pandas
        runs = pandas.read_csv(os.path.join(folder, "runs.csv"))
        rows = runs.to_dict("records")
    except ImportError:
        with open(os.path.join(folder, "runs.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
    return rows, summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run")
    parser.add_argument("experiment")
    parser.add_argument("--out", default="snnloc-results.png")
    args = parser.parse_args()

    model, history, metrics, config = read_run(args.run)
    rows, summary = read_experiment(args.experiment)
    print(f"run {args.run}: {len(history)} epochs, test accuracy {metrics['test_accuracy']:.1f}%, "
          f"W1 {model['w1_effective'].shape}, seed {config['run']['seeds']['seed']}")
    conditions = summary["conditions"]
    print(f"experiment {args.experiment}: {len(rows)} runs, {len(conditions)} conditions, complete: {summary['complete']}")
    for c in conditions:
        print(f"  {c['experiment']:12s} {c['condition']:30s} test {c['test_accuracy']['mean']:5.1f} +- {c['test_accuracy']['std']:.1f}")

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no figure drawn")
        return 0
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    left.plot(history["epoch"], history["train_loss"], label="training")
    left.plot(history["epoch"], history["validation_loss"], label="validation")
    left.set_xlabel("epoch")
    left.set_ylabel("loss")
    left.legend()
    names = [c["condition"] for c in conditions]
    means = [c["test_accuracy"]["mean"] for c in conditions]
    stds = [c["test_accuracy"]["std"] for c in conditions]
    right.bar(range(len(names)), means, yerr=stds, color="tab:orange")
    right.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=8)
    right.set_ylabel("test accuracy (%)")
    fig.tight_layout()
    fig.savefig(args.out, dpi=100)
    print(f"figure: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
