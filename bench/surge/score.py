#!/usr/bin/env python3
"""Score correlation against the generator's truth.

    python bench/surge/score.py --truth DIR/truth.csv --export incidents.jsonl

Reads ``export_incidents`` output (one JSON object per line: "id", "kind",
"reports": [{"provider_id", ...}]) and computes pairwise precision and recall
over report pairs: a pair is predicted when both reports are in the same
exported group, true when both are about the same true event. A report the
export does not contain counts as a group of its own.

Vague rumors are scored two ways: all in one true group, and one per day.
"real events, lanes apart" scores real-event reports only and treats each
report in a vague lane or flood group as alone: its precision is that of the
event incidents, its recall what the lanes cost.
Bodies for the worst merges and splits come from reports.csv beside truth.csv.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter, defaultdict
from pathlib import Path


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(group_of: dict[str, str], event_of: dict[str, str]) -> tuple[float, float, int, int, int]:
    """Precision, recall, true positives, predicted pairs, true pairs over the reports in ``event_of``."""
    cells: Counter[tuple[str, str]] = Counter()
    groups: Counter[str] = Counter()
    events: Counter[str] = Counter()
    for pid, ev in event_of.items():
        g = group_of[pid]
        cells[(g, ev)] += 1
        groups[g] += 1
        events[ev] += 1
    tp = sum(pairs(n) for n in cells.values())
    pred = sum(pairs(n) for n in groups.values())
    true = sum(pairs(n) for n in events.values())
    return (tp / pred if pred else 1.0), (tp / true if true else 1.0), tp, pred, true


def load(truth_path: Path, export_path: Path) -> tuple[dict, dict, dict, dict]:
    truth: dict[str, dict] = {}
    with truth_path.open(newline="") as f:
        for row in csv.DictReader(f):
            truth[row["provider_id"]] = row
    bodies: dict[str, str] = {}
    reports_path = truth_path.parent / "reports.csv"
    if reports_path.exists():
        with reports_path.open(newline="") as f:
            for row in csv.DictReader(f):
                bodies[row["provider_id"]] = row["body"]
    group_of: dict[str, str] = {}
    group_kind: dict[str, str] = {}
    unknown = 0
    with export_path.open() as f:
        for line in f:
            if not line.strip():
                continue
            obj = json.loads(line)
            gid = str(obj["id"])
            group_kind[gid] = obj.get("kind", "?")
            for r in obj.get("reports", []):
                pid = r["provider_id"]
                if pid not in truth:
                    unknown += 1
                    continue
                group_of[pid] = gid
    missing = [pid for pid in truth if pid not in group_of]
    for pid in missing:
        group_of[pid] = f"(not exported {pid[-6:]})"
        group_kind[group_of[pid]] = "none"
    if unknown:
        print(f"note: {unknown} exported reports are not in the truth file (ignored)")
    if missing:
        print(f"note: {len(missing)} reports of the truth file are in no exported group (each counted alone)")
    return truth, bodies, group_of, group_kind


def short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--truth", type=Path, required=True)
    ap.add_argument("--export", type=Path, required=True)
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()
    truth, bodies, group_of, group_kind = load(args.truth, args.export)

    overall = {pid: t["event_id"] for pid, t in truth.items()}
    per_day = {pid: (f"vague-{t['day']}" if t["kind"] == "vague" else t["event_id"]) for pid, t in truth.items()}
    events_only = {pid: t["event_id"] for pid, t in truth.items() if t["kind"] == "event"}

    print(f"\n== Pairwise scores ({len(truth)} reports, {len(set(group_of.values()))} exported groups) ==")
    print(f"{'truth':<28}{'precision':>10}{'recall':>9}{'F1':>7}{'TP':>9}{'pred':>9}{'true':>9}")
    # Lanes do not claim their reports are one event: scored as singletons, a
    # real report in the vague lane is a miss (place not understood), not a merge.
    unlaned = {pid: (f"lane:{pid}" if group_kind[g] in ("vague", "flood") else g) for pid, g in group_of.items()}
    for label, ev, groups in (("all, vague = one event", overall, group_of), ("all, vague per day", per_day, group_of),
                              ("real events only", events_only, group_of),
                              ("real events, lanes apart", events_only, unlaned)):
        p, r, tp, pred, true = pairwise(groups, ev)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{label:<28}{p:>10.3f}{r:>9.3f}{f1:>7.3f}{tp:>9}{pred:>9}{true:>9}")

    members: dict[str, list[str]] = defaultdict(list)
    for pid, g in group_of.items():
        members[g].append(pid)
    by_event: dict[str, list[str]] = defaultdict(list)
    for pid, ev in overall.items():
        by_event[ev].append(pid)

    exact = sum(1 for ev, pids in by_event.items() if truth[pids[0]]["kind"] == "event"
                and len({group_of[p] for p in pids}) == 1 and len(members[group_of[pids[0]]]) == len(pids))
    n_events = sum(1 for pids in by_event.values() if truth[pids[0]]["kind"] == "event")
    print(f"\nreal events recovered exactly (one group, nothing else in it): {exact}/{n_events}")
    kinds = Counter(group_kind[g] for g in members)
    print("exported groups by kind: " + ", ".join(f"{k}={n}" for k, n in sorted(kinds.items())))

    print("\n== Floods and vague rumors ==")
    for label in ("flood", "vague"):
        gs = {g for g, pids in members.items() if any(truth[p]["kind"] == label for p in pids)}
        event_gs = {g for g in gs if group_kind[g] == "event"}
        print(f"groups containing {label} reports: {len(gs)} (of which kind=event: {len(event_gs)})")
    for ev in sorted(e for e in by_event if e.startswith("flood")):
        spread = Counter((group_kind[group_of[p]], group_of[p]) for p in by_event[ev])
        kinds_of = Counter(group_kind[group_of[p]] for p in by_event[ev])
        print(f"  {ev}: {len(by_event[ev])} reports in {len(spread)} groups; by group kind: "
              + ", ".join(f"{k}={n}" for k, n in sorted(kinds_of.items())))
    vague = by_event.get("vague", [])
    if vague:
        kinds_of = Counter(group_kind[group_of[p]] for p in vague)
        print(f"  vague: {len(vague)} reports in {len({group_of[p] for p in vague})} groups; by group kind: "
              + ", ".join(f"{k}={n}" for k, n in sorted(kinds_of.items())))
    real_in_lanes = Counter(group_kind[group_of[p]] for p in events_only if group_kind[group_of[p]] != "event")
    print("  real-event reports outside event groups: "
          + (", ".join(f"{k}={n}" for k, n in sorted(real_in_lanes.items())) or "none"))

    merges = []
    for g, pids in members.items():
        comp = Counter(overall[p] for p in pids)
        wrong = pairs(len(pids)) - sum(pairs(n) for n in comp.values())
        if wrong and group_kind[g] == "vague":
            # A lane is not a claim that its reports are one event: its real reports show up as splits.
            real = [p for p in pids if truth[p]["kind"] == "event"]
            print(f"vague lane {g}: {len(pids)} reports, of which {len(real)} from "
                  f"{len({overall[p] for p in real})} real events (place not understood; see splits)")
        elif wrong:
            merges.append((wrong, g, comp, pids))
    merges.sort(key=lambda m: -m[0])
    print(f"\n== Worst merges (event and flood groups mixing true events; {len(merges)} in all) ==")
    for wrong, g, comp, pids in merges[: args.top]:
        print(f"group {g} [{group_kind[g]}], {len(pids)} reports, {wrong} wrong pairs: "
              + ", ".join(f"{e}×{n}" for e, n in comp.most_common(6)) + (" …" if len(comp) > 6 else ""))
        main_ev = comp.most_common(1)[0][0]
        for e in [e for e, _ in comp.most_common(4) if e != main_ev][:3]:
            pid = next(p for p in pids if overall[p] == e)
            print(f"    {e} ({truth[pid]['note']}): {short(bodies.get(pid, ''))}")

    splits = []
    for ev, pids in by_event.items():
        comp = Counter(group_of[p] for p in pids)
        missed = pairs(len(pids)) - sum(pairs(n) for n in comp.values())
        if missed:
            splits.append((missed, ev, comp, pids))
    splits.sort(key=lambda s: -s[0])
    print(f"\n== Worst splits (true events spread over groups; {len(splits)} in all) ==")
    for missed, ev, comp, pids in splits[: args.top]:
        note = truth[pids[0]]["note"].replace(" (follow-up)", "")
        print(f"{ev} ({note}), {len(pids)} reports in {len(comp)} groups, {missed} missed pairs: "
              + ", ".join(f"{g}[{group_kind[g]}]×{n}" for g, n in comp.most_common(6)) + (" …" if len(comp) > 6 else ""))
        main_g = comp.most_common(1)[0][0]
        for p in [p for p in pids if group_of[p] != main_g][:3]:
            print(f"    -> {group_of[p]}: {short(bodies.get(p, ''))}")


if __name__ == "__main__":
    main()
