#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the bench guest's output into JSON and a table of ratios.

Reads the lines qemu/guest/bench/bench.sh printed (R, J and U lines, see
there), reduces each measurement to median [min-max] over its runs, and
prints a table: coatm beside its anchors in the same boot (the atmtcp
pair for AAL5, the e1000 pair for IP, the pipe copy as the ceiling).
Nothing here judges an absolute figure.

--check (the smoke in make test): exit 1 unless every measurement the
guest planned (its E lines) produced its numbers, or, for the anchors
that the test kernel lacks, said why it could not.
"""

import argparse
import json
import re
import statistics
import sys
import time

SIZES = [64, 1500, 9180, 65535]
OC3 = 353207

# The counters that explain a lost PDU (bench.sh's snap), at the
# receiver (rcv_) and at the sender (snd_).
LOSS_RX = ("aal5_rx_err", "aal5_rx_drop", "rx_crc_err", "rx_len_err",
           "rx_invalid_vc", "rx_hec_err", "rx_nobuf", "rx_frame_err",
           "rx_drop_cells")
LOSS_TX = ("aal5_tx_err", "tx_err")
# What the test kernel (the smoke) may lack: the anchors of the bench kernel.
ANCHORS = ("aal5/atmtcp", "vcs/atmtcp", "ip/e1000")


def num(v):
    try:
        return int(v)
    except ValueError:
        try:
            return float(v)
        except ValueError:
            return v


def iperf_fields(doc):
    """The figures of one iperf3 -J run (TCP bulk, or UDP datagrams)."""
    end = doc.get("end", {})
    if "error" in doc:
        return {"error": doc["error"]}
    udp = doc.get("start", {}).get("test_start", {}).get("protocol") == "UDP"
    if udp:
        s = end.get("sum_received") or end.get("sum") or {}
        secs = s.get("seconds") or 1e-9
        got = s.get("packets", 0) - s.get("lost_packets", 0)
        sent = end.get("sum_sent", end.get("sum", {})).get("packets",
                                                            s.get("packets", 0))
        return {"rx_pps": got / secs, "rx_mbit": s.get("bits_per_second", 0) / 1e6,
                "sent": sent, "lost": s.get("lost_packets", 0),
                "lost_percent": s.get("lost_percent", 0)}
    rx = end.get("sum_received", {})
    tx = end.get("sum_sent", {})
    return {"rx_mbit": rx.get("bits_per_second", 0) / 1e6,
            "tx_mbit": tx.get("bits_per_second", 0) / 1e6,
            "retransmits": tx.get("retransmits", 0)}


def parse(lines):
    runs, missing, notes, plan = {}, {}, [], []
    for line in lines:
        line = line.rstrip("\r\n")
        words = line.split(" ", 4)
        if line.startswith("# "):
            notes.append(line[2:])
        elif words[0] == "E" and len(words) == 3:
            plan.append((words[1], words[2]))
        elif words[0] == "R" and len(words) >= 4:
            f = dict(w.split("=", 1) for w in line.split()[4:] if "=" in w)
            runs.setdefault((words[1], words[2]), []).append(
                {k: num(v) for k, v in f.items()})
        elif words[0] == "J" and len(words) == 5:
            try:
                f = iperf_fields(json.loads(words[4]))
            except ValueError as e:
                f = {"error": "bad iperf3 JSON: %s" % e}
            if "error" in f:
                missing[(words[1], words[2])] = f["error"]
            else:
                runs.setdefault((words[1], words[2]), []).append(f)
        elif words[0] == "U" and len(words) >= 3:
            missing[(words[1], words[2])] = line.split(" ", 3)[3] \
                if len(words) > 3 else "?"
    return runs, missing, notes, plan


def summary(rs):
    """field -> {median, min, max, runs} over the numeric fields of runs."""
    out = {}
    for k in rs[0]:
        vals = [r[k] for r in rs if isinstance(r.get(k), (int, float))]
        if vals:
            out[k] = {"median": statistics.median(vals), "min": min(vals),
                      "max": max(vals), "runs": len(vals)}
    return out


def fmt(s, field, digits=0, scale=1.0):
    """median [min-max] of one field, or '-'."""
    if not s or field not in s:
        return "-"
    f = s[field]
    d = "%%.%df" % digits
    return ("%s [%s\u2013%s]" % (d, d, d)) % (f["median"] * scale,
                                            f["min"] * scale, f["max"] * scale)


def ratio(a, b, field):
    try:
        return "%.2f\u00d7" % (a[field]["median"] / b[field]["median"])
    except (KeyError, TypeError, ZeroDivisionError):
        return "-"


def table(res, missing, meta, plan):
    S = res
    planned = {"%s/%s" % k for k in plan}
    out = []
    p = out.append
    p("make bench: %s, %s, %s run(s) each; median [min\u2013max]"
      % (meta["when"], meta["kernel"], meta["runs"]))
    p("host load average %s at the start, %s at the end (TCG: the "
      "figures move with it; read the ratios)" % (meta["load_start"],
                                                 meta["load_end"]))
    p("")
    p("Ceiling (this guest)")
    p("  pipe copy (dd | cat)       %s Mbit/s" % fmt(S.get("ceiling/pipe"), "mbit"))
    p("  loopback TCP (iperf3)      %s Mbit/s" % fmt(S.get("ceiling/lo-tcp"),
                                                   "rx_mbit"))
    p("")
    p("AAL5 UBR, ttcp_atm, 8 MiB receive buffers: received PDUs/s, Mbit/s; "
      "\u00d7 atmtcp on PDUs/s")
    p("  %-6s %-13s %-22s %-22s %-10s %s" % ("size", "path", "rx PDUs/s",
                                             "rx Mbit/s", "x atmtcp", "lost (why)"))
    for size in SIZES:
        at = S.get("aal5/atmtcp/-/0to1/%d" % size)
        for lab in ["coatm/%s/%s/%d" % (r, d, size) for r in ("max", "oc3")
                    for d in ("0to1", "1to0")] + ["atmtcp/-/0to1/%d" % size]:
            s = S.get("aal5/" + lab)
            if "aal5/" + lab not in planned:
                continue
            path = "/".join(lab.split("/")[:3]).replace("/-/", " ")
            if s is None:
                why = missing.get(("aal5", lab), "no result")
                p("  %-6d %-13s %s" % (size, path, "unavailable: " + why[:90]))
                continue
            lost = "%d" % s["lost"]["max"] if "lost" in s else "-"
            whys = ["%s %d" % (k, s[k]["max"]) for k in sorted(s)
                    if (k[4:] in LOSS_RX and k.startswith("rcv_") or
                        k[4:] in LOSS_TX and k.startswith("snd_")) and
                    s[k]["max"] > 0]
            if "rx_missing" in s:
                whys.append("ttcp-r saw no end marker: received from "
                            "the AAL5 rx counter")
            p("  %-6d %-13s %-22s %-22s %-10s %s%s" % (
                size, path, fmt(s, "rx_pdus_s"), fmt(s, "rx_mbit", 1),
                ratio(s, at, "rx_pdus_s") if not lab.startswith("atmtcp") else "",
                lost, " (%s)" % ", ".join(whys) if whys else ""))
    p("  (lost: the most of any run; why: the counters that moved, the "
      "most of any run, rcv_ at the receiver, snd_ at the sender; "
      "rcv_rx_invalid_vc counts the end markers after ttcp_atm closed)")
    p("")
    p("IP over the two coatm ports (br2684 LLC bridged) vs the e1000 pair, "
      "iperf3, one end in a netns")
    for kind, field, unit, digits in (("tcp", "rx_mbit", "Mbit/s", 0),
                                      ("udp64", "rx_pps", "packets/s", 0)):
        b, e = S.get("ip/br2684/" + kind), S.get("ip/e1000/" + kind)
        p("  %-6s br2684 %-26s e1000 %-26s %s %s" % (
            kind, fmt(b, field, digits) if b else "unavailable",
            fmt(e, field, digits) if e else "unavailable", unit,
            ratio(b, e, field)))
    for (g, lab), why in sorted(missing.items()):
        if g == "ip":
            p("    %s: %s" % (lab, why[:110]))
    p("")
    p("CBR at OC-3 (9180-B PDUs): received cells/s \u00f7 PCR")
    for pct in (1, 10, 50, 90, 100):
        s = S.get("cbr/oc3/%d" % pct)
        if "cbr/oc3/%d" % pct not in planned:
            continue
        p("  %3d %%  PCR %6d  %s" % (pct, OC3 * pct // 100,
                                    fmt(s, "ratio", 3) if s else
                                    "unavailable: %s" % missing.get(
                                        ("cbr", "oc3/%d" % pct), "?")))
    u = S.get("aal5/coatm/oc3/0to1/9180")
    if u and "rx_pdus_s" in u:
        p("  (UBR 9180 B at OC-3, port 0 -> 1, this boot: %.0f cells/s; a CBR "
          "ratio below 1 at a PCR above that is the guest, not the shaper)"
          % (u["rx_pdus_s"]["median"] * 192))
    p("")
    q = S.get("qos/oc3/cbr1")
    p("QoS isolation at OC-3: a saturated CBR VC at 1 % of the line beside "
      "a UBR bulk VC")
    p("  UBR cells/s \u00f7 the rest of the line  %s" % fmt(q, "ubr_of_rest", 3))
    p("  CBR cells/s \u00f7 its PCR               %s" % fmt(q, "cbr_ratio", 3))
    p("")
    p("VCs (PVCs, AAL5 UBR both directions)")
    for path in ("coatm", "atmtcp"):
        o, c = S.get("vcs/%s/open" % path), S.get("vcs/%s/cycle" % path)
        if o is None:
            p("  %-7s unavailable: %s" % (path, missing.get(
                ("vcs", "%s/open" % path), "?")[:100]))
            continue
        p("  %-7s %s of %d open at once in %s s; opens/s %s, closes/s %s; "
          "open+close/s %s" % (path, fmt(o, "opened"),
                               int(o["wanted"]["max"]), fmt(o, "open_s", 2),
                               fmt(o, "opens_s"), fmt(o, "closes_s"),
                               fmt(c, "cycles_s")))
    p("")
    p("Ratios to the anchors, same boot (targets: Documentation/bench.rst)")
    at = lambda n: S.get("aal5/atmtcp/-/0to1/%d" % n)
    for n in SIZES:
        p("  AAL5 %5d B PDUs/s, coatm max 0->1 / atmtcp   %s" % (
            n, ratio(S.get("aal5/coatm/max/0to1/%d" % n), at(n), "rx_pdus_s")))
    p("  br2684 TCP / e1000 TCP                     %s" % ratio(
        S.get("ip/br2684/tcp"), S.get("ip/e1000/tcp"), "rx_mbit"))
    p("  br2684 UDP-64 / e1000 UDP-64 (packets/s)   %s" % ratio(
        S.get("ip/br2684/udp64"), S.get("ip/e1000/udp64"), "rx_pps"))
    p("  PVC open+close/s, coatm / atmtcp           %s" % ratio(
        S.get("vcs/coatm/cycle"), S.get("vcs/atmtcp/cycle"), "cycles_s"))
    p("  AAL5 9180 B Mbit/s, coatm max / pipe copy  %s" % ratio(
        S.get("aal5/coatm/max/0to1/9180"), S.get("ceiling/pipe") and
        {"rx_mbit": S["ceiling/pipe"]["mbit"]}, "rx_mbit"))
    return "\n".join(out)


MODEL_RE = re.compile(r"^\s*(\d+) B:\s+([\d.]+) us/PDU\s+([\d.]+) DMA ops/PDU"
                      r".*min ([\d.]+), max ([\d.]+)")


def read_model(path):
    """The device model's host micro-benchmark: per SDU size, us/PDU."""
    model = {}
    with open(path, errors="replace") as f:
        for line in f:
            m = MODEL_RE.match(line)
            if m:
                model[m.group(1)] = {
                    "us_per_pdu": float(m.group(2)),
                    "dma_ops_per_pdu": float(m.group(3)),
                    "min": float(m.group(4)), "max": float(m.group(5))}
    return model


def model_table(model):
    out = ["", "Device model on the host (make -C qemu/tests bench: TX+RX "
           "through two cores, median of 7)"]
    if not model:
        out.append("  no figures (see out/bench/model.txt)")
    for size in sorted(model, key=int):
        m = model[size]
        out.append("  %5s B  %8.2f [%.2f-%.2f] us/PDU  %5.1f DMA ops/PDU" %
                   (size, m["us_per_pdu"], m["min"], m["max"],
                    m["dma_ops_per_pdu"]))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("guest_output")
    ap.add_argument("--json", required=True)
    ap.add_argument("--meta", action="append", default=[],
                    help="KEY=VALUE recorded in the JSON")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--model",
                    help="output of make -C qemu/tests bench (host)")
    args = ap.parse_args()

    with open(args.guest_output, errors="replace") as f:
        runs, missing, notes, plan = parse(f)
    meta = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "kernel": "?",
            "runs": "?", "load_start": "?", "load_end": "?"}
    meta.update(m.split("=", 1) for m in args.meta)
    res = {"%s/%s" % k: summary(v) for k, v in runs.items()}
    doc = {"meta": meta, "notes": notes,
           "plan": ["%s/%s" % k for k in plan],
           "summary": res,
           "runs": {"%s/%s" % k: v for k, v in runs.items()},
           "unavailable": {"%s/%s" % k: v for k, v in missing.items()}}
    model = read_model(args.model) if args.model else None
    if model is not None:
        doc["model"] = model
    with open(args.json, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
    print(table(res, missing, meta, plan))
    if model is not None:
        print(model_table(model))

    if args.check:
        bad = 0 if plan else 1
        if not plan:
            print("bench smoke: the guest printed no plan (E lines)")
        for g, lab in plan:
            key = "%s/%s" % (g, lab)
            if key in res and res[key]:
                continue
            why = missing.get((g, lab))
            if why and key.startswith(ANCHORS):
                print("bench smoke: %s unavailable here: %s" % (key, why[:100]))
                continue
            print("bench smoke: no figure for %s%s" %
                  (key, ": " + why if why else ""))
            bad = 1
        return bad
    return 0


if __name__ == "__main__":
    sys.exit(main())
