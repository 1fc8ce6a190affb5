#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot the coatm test guest in our QEMU and report what it did.

By default one guest gets two coatm NICs on one QEMU hub (wired back to
back). With --pair, two guests ("a" and "b") each get one coatm NIC, and
the two NICs are linked by a `-netdev stream` over a UNIX socket (a is the
server, b the client).

Each guest has three serial lines: ttyS0 the kernel console
(console.log), ttyS1 the control line on which the guest's `hostctl` asks
us to run QMP commands (or, with --pair, to meet the other guest at a
barrier), ttyS2 the results (results.log). We parse scenario TAP lines and
KUnit KTAP, scan the console, dmesg and kmemleak for kernel splats, and
print `N passed, N failed`.
"""

import argparse
import json
import os
import re
import select
import socket
import subprocess
import sys
import time

NICS = [
    # (QEMU id, mac, extra properties)
    ("atm0", "02:c0:a7:00:00:00", ""),
    ("atm1", "02:c0:a7:00:00:01", ",vectors=0"),  # INTx fallback
]
# --pair: guest a has atm0 (MSI-X), guest b has atm1 (INTx), same ids and
# ESIs as in the one-guest world, so /tests/lib.sh finds them alike.
PAIR = [("a", NICS[0]), ("b", NICS[1])]
# --bench (scripts/bench.sh) adds a second pair of coatm NICs at the
# device's maximum line rate (COATM_LINE_RATE_MAX) on hub 2, and two e1000
# NICs on hub 1, the anchor for IP over ATM.
BENCH_NICS = [
    ("atm2", "02:c0:a7:00:00:02", ",line-rate=22605248", 2),
    ("atm3", "02:c0:a7:00:00:03", ",line-rate=22605248", 2),
]
BENCH_DEVICES = [
    "-netdev", "hubport,id=e0,hubid=1",
    "-device", "e1000,id=eth0,netdev=e0,mac=52:54:00:c0:a7:00,romfile=",
    "-netdev", "hubport,id=e1,hubid=1",
    "-device", "e1000,id=eth1,netdev=e1,mac=52:54:00:c0:a7:01,romfile=",
]

SPLAT_PATTERNS = [
    r"BUG: ", r"WARNING: ", r"Oops", r"kernel BUG", r"KASAN", r"UBSAN",
    r"general protection fault", r"Call Trace:", r"possible recursive locking",
    r"circular locking dependency", r"inconsistent lock state",
    r"sleeping function called from invalid context",
    r"DMA-API: (?!preallocated|debugging)",
    r"suspected memory leak", r"unreferenced object",
    r"rmem leakage", r"wmem leakage", r"INFO: task .* blocked",
    r"Kernel panic",
]
SPLAT_RE = re.compile("|".join(SPLAT_PATTERNS))
TAP_RE = re.compile(r"^(not ok|ok) \d+ (?:- )?(.*)$")
KTAP_RE = re.compile(r"^(\s+)(not ok|ok) \d+ (?:- )?(.*)$")


class Qmp:
    def __init__(self, path, deadline):
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        self.f = self.sock.makefile("rw")
        json.loads(self.f.readline())  # greeting
        self.cmd("qmp_capabilities")

    def cmd(self, execute, **args):
        self.f.write(json.dumps({"execute": execute, "arguments": args}) + "\n")
        self.f.flush()
        while True:
            msg = json.loads(self.f.readline())
            if "return" in msg or "error" in msg:
                return msg


def handle_ctl(qmp, line):
    """One hostctl request from the guest -> one reply line."""
    words = line.split()
    if not words:
        return "error empty request"
    try:
        if words[0] == "set_link" and len(words) == 3:
            msg = qmp.cmd("set_link", name=words[1], up=words[2] == "on")
        elif words[0] == "qom-set" and len(words) == 4:
            value = words[3]
            try:
                value = int(value, 0)
            except ValueError:
                value = {"true": True, "false": False}.get(value, value)
            msg = qmp.cmd("qom-set", path=words[1], property=words[2],
                          value=value)
        elif words[0] == "qom-get" and len(words) == 3:
            msg = qmp.cmd("qom-get", path=words[1], property=words[2])
        elif words[0] == "echo":
            return "ok " + " ".join(words[1:])
        else:
            return "error unknown request: " + line
    except Exception as e:  # report to the guest, keep the run going
        return "error %s: %s" % (type(e).__name__, e)
    if "error" in msg:
        return "error " + msg["error"].get("desc", "?")
    ret = msg.get("return")
    return "ok" if ret in ({}, None) else "ok %s" % json.dumps(ret)


class Guest:
    """One QEMU instance, its serial lines and its QMP socket."""

    def __init__(self, args, name, outdir, nics, append, devices=()):
        self.name, self.outdir = name, outdir
        os.makedirs(outdir, exist_ok=True)
        self.ctl_path = os.path.join(outdir, "ctl.sock")
        self.qmp_path = os.path.join(outdir, "qmp.sock")
        for f in ("ctl.sock", "qmp.sock", "results.log", "console.log",
                  "hostctl.log"):
            if os.path.exists(os.path.join(outdir, f)):
                os.unlink(os.path.join(outdir, f))
        self.ctl_srv = socket.socket(socket.AF_UNIX)
        self.ctl_srv.bind(self.ctl_path)
        self.ctl_srv.listen(1)
        self.ctl = self.qmp = self.proc = None
        self.buf = b""
        self.waiting = None  # (barrier name, words) while at a barrier

        append = ("console=ttyS0,115200 loglevel=5 panic=-1 "
                  "coatm.dyndbg=+p condis.dyndbg=+p " + append).strip()
        self.cmd = [args.qemu, "-L", "/usr/share/qemu",
                    "-L", "/usr/share/seabios",
                    "-machine", "q35", "-accel", "tcg", "-smp", "2",
                    "-m", "1536", "-nodefaults", "-display", "none",
                    "-no-reboot", "-nic", "none",
                    "-kernel", args.kernel, "-initrd", args.initrd,
                    "-append", append,
                    "-serial", "file:" + os.path.join(outdir, "console.log"),
                    "-serial", "unix:" + self.ctl_path,
                    "-serial", "file:" + os.path.join(outdir, "results.log"),
                    "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
                    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        for i, (nid, mac, extra, netdev) in enumerate(nics):
            self.cmd += ["-netdev", netdev % {"id": "p%d" % i},
                         "-device", "coatm,id=%s,netdev=p%d,mac=%s%s"
                         % (nid, i, mac, extra)]
        self.cmd += list(devices)
        with open(os.path.join(outdir, "qemu.cmd"), "w") as f:
            f.write(" ".join(self.cmd) + "\n")

    def start(self):
        self.proc = subprocess.Popen(
            self.cmd, stdin=subprocess.DEVNULL,
            stdout=open(os.path.join(self.outdir, "qemu.out"), "w"),
            stderr=subprocess.STDOUT)
        self.ctl_srv.settimeout(30)
        self.ctl, _ = self.ctl_srv.accept()
        self.qmp = Qmp(self.qmp_path, time.time() + 30)

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def reply(self, req, reply):
        with open(os.path.join(self.outdir, "hostctl.log"), "a") as f:
            f.write("%s -> %s\n" % (req, reply))
        try:
            self.ctl.sendall((reply + "\n").encode())
        except OSError:
            pass

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def barriers(guests):
    """Answer the guests waiting at a barrier, if they can be answered.

    `hostctl barrier NAME [WORDS]` returns when every guest has asked for
    barrier NAME, with the other guests' WORDS. Guests waiting at
    different barriers, or a guest waiting for one that has stopped, get
    an error: they would wait for ever.
    """
    waiting = [g for g in guests if g.waiting]
    if not waiting:
        return
    names = {g.waiting[0] for g in waiting}
    gone = [g for g in guests if not g.running()]
    if len(waiting) == len(guests) and len(names) == 1:
        for g in waiting:
            words = " ".join(o.waiting[1] for o in guests if o is not g)
            g.reply("barrier %s" % g.waiting[0],
                    ("ok " + words).strip())
        for g in waiting:
            g.waiting = None
    elif len(names) > 1 or gone:
        why = ("peer stopped" if gone else
               "peers at different barriers: " + " ".join(sorted(names)))
        for g in waiting:
            g.reply("barrier %s" % g.waiting[0], "error " + why)
            g.waiting = None


def output_size(guests):
    """Bytes the guests have written to their console and results."""
    n = 0
    for g in guests:
        for f in ("results.log", "console.log"):
            try:
                n += os.path.getsize(os.path.join(g.outdir, f))
            except OSError:
                pass
    return n


def serve(guests, deadline, stall):
    """Run the guests' control lines until every QEMU has exited.

    Returns True if the guests ran past @deadline, or wrote nothing to
    their console or results for @stall seconds (0: no such limit): a
    slow machine only makes them late, a hung guest falls silent.
    """
    size, quiet_since = output_size(guests), time.time()
    while any(g.running() for g in guests):
        now = time.time()
        if now > deadline:
            return True
        n = output_size(guests)
        if n != size:
            size, quiet_since = n, now
        elif stall and now - quiet_since > stall:
            print("runner: no output for %d s" % stall, file=sys.stderr)
            return True
        barriers(guests)
        socks = {g.ctl: g for g in guests if g.running()}
        r, _, _ = select.select(list(socks), [], [], 0.5)
        for sock in r:
            g = socks[sock]
            data = sock.recv(4096)
            if not data:
                continue
            g.buf += data
            while b"\n" in g.buf:
                line, g.buf = g.buf.split(b"\n", 1)
                req = line.decode(errors="replace").strip("\r ")
                words = req.split()
                if words and words[0] == "barrier" and len(words) >= 2:
                    g.waiting = (words[1], " ".join(words[2:]))
                    with open(os.path.join(g.outdir, "hostctl.log"),
                              "a") as f:
                        f.write("%s (waiting)\n" % req)
                    continue
                g.reply(req, handle_ctl(g.qmp, req))
    return False


def boot(args):
    """Boot the guest(s); returns ([(name, outdir)], timed_out, seconds)."""
    start = time.time()
    deadline = start + args.timeout
    if args.pair:
        link = os.path.join(args.out, "link.sock")
        os.makedirs(args.out, exist_ok=True)
        if os.path.exists(link):
            os.unlink(link)
        guests = []
        for name, (nid, mac, extra) in PAIR:
            netdev = ("stream,id=%%(id)s,server=%s,addr.type=unix,"
                      "addr.path=%s" % ("on" if name == "a" else "off", link))
            guests.append(Guest(args, name, os.path.join(args.out, name),
                                [(nid, mac, extra, netdev)],
                                "coatm.role=%s %s" % (name, args.append)))
    else:
        nics = [(nid, mac, extra, "hubport,id=%(id)s,hubid=0")
                for nid, mac, extra in NICS]
        devices = []
        if args.bench:
            nics += [(nid, mac, extra, "hubport,id=%%(id)s,hubid=%d" % hub)
                     for nid, mac, extra, hub in BENCH_NICS]
            devices = BENCH_DEVICES
        guests = [Guest(args, "", args.out, nics, args.append, devices)]

    timed_out = False
    try:
        for g in guests:
            g.start()
            if args.pair and g.name == "a":
                # b connects once: a's listening socket must be there.
                while not os.path.exists(link):
                    if not g.running() or time.time() > start + 30:
                        raise OSError("guest a: no %s" % link)
                    time.sleep(0.05)
        timed_out = serve(guests, deadline, args.stall)
    except (OSError, socket.timeout) as e:
        print("runner: %s" % e, file=sys.stderr)
    finally:
        for g in guests:
            g.stop()
    return [(g.name, g.outdir) for g in guests], timed_out, time.time() - start


def sections(lines):
    """Split results.log into plain lines and marked blocks."""
    plain, kunit, blocks, exit_code = [], [], {}, None
    cur = None
    for line in lines:
        m = re.match(r"^#### KUNIT BEGIN (\S+)", line)
        if m:
            cur = ("kunit", m.group(1), [])
            continue
        if line.startswith("#### KUNIT END"):
            if cur:
                kunit.append((cur[1], cur[2]))
            cur = None
            continue
        m = re.match(r"^#### (\w+) BEGIN", line)
        if m:
            cur = (m.group(1), None, [])
            continue
        m = re.match(r"^#### (\w+) END", line)
        if m:
            if cur:
                blocks[cur[0]] = cur[2]
            cur = None
            continue
        m = re.match(r"^#### EXIT (\d+)", line)
        if m:
            exit_code = int(m.group(1))
            continue
        if cur:
            cur[2].append(line)
        else:
            plain.append(line)
    return plain, kunit, blocks, exit_code


def ktap_cases(doc):
    """Results of the test cases of one KUnit suite's KTAP document."""
    found = []
    for line in doc:
        m = KTAP_RE.match(line)
        if m:
            found.append((len(m.group(1).expandtabs(8)), m.group(2), m.group(3)))
    if not found:
        return []
    depth = min(d for d, _, _ in found)
    return [(ok == "ok", name) for d, ok, name in found if d == depth]


def splats(text):
    return [l for l in text if SPLAT_RE.search(l)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=int, default=900,
                    help="stop the guests after this many seconds")
    ap.add_argument("--stall", type=int,
                    default=int(os.environ.get("COATM_GUEST_STALL", "600")),
                    help="stop them once they wrote nothing for this many "
                    "seconds (0: never; default $COATM_GUEST_STALL or 600)")
    ap.add_argument("--append", default="")
    ap.add_argument("--raw", action="store_true",
                    help="print the script's output and exit with its status")
    ap.add_argument("--pair", action="store_true",
                    help="two guests, one NIC each, linked by -netdev stream")
    ap.add_argument("--bench", action="store_true",
                    help="also two coatm NICs at the maximum line rate "
                    "and two e1000 NICs (scripts/bench.sh)")
    args = ap.parse_args()

    guests, timed_out, secs = boot(args)
    results = [(name, outdir) + report(outdir) for name, outdir in guests]

    if args.raw:
        status = 0
        for name, outdir, plain, kunit, exit_code, bad in results:
            tag = name + ": " if args.pair else ""
            for line in plain:
                print(tag + line)
            for suite, doc in kunit:
                print("\n".join(tag + l for l in doc))
            for line in bad:
                print("runner: %skernel splat: %s" % (tag, line),
                      file=sys.stderr)
            if timed_out or exit_code is None:
                print("runner: %sguest did not finish (timeout %s)"
                      % (tag, timed_out), file=sys.stderr)
                status = 124
            elif status != 124:
                status = status or exit_code or (1 if bad else 0)
        return status

    passed = failed = 0
    for name, outdir, plain, kunit, exit_code, bad in results:
        tag = "[%s] " % name if args.pair else ""
        for line in plain:
            m = TAP_RE.match(line)
            if m:
                print(re.sub(r"^((?:not )?ok \d+) (?:- )?", r"\1 - " + tag,
                             line))
                if m.group(1) == "ok":
                    passed += 1
                else:
                    failed += 1
            elif line.startswith("#") or line.strip():
                print("  " + tag + line)
        for suite, doc in kunit:
            cases = ktap_cases(doc)
            if not cases:
                print("not ok - %skunit %s: no test case results"
                      % (tag, suite))
                failed += 1
            for ok, case in cases:
                print("%s - %skunit %s: %s" % ("ok" if ok else "not ok", tag,
                                               suite, case))
                if ok:
                    passed += 1
                else:
                    failed += 1
                    print("\n".join("    " + l for l in doc))
        finished = not timed_out and exit_code is not None
        print("%s - %sguest ran to the end in %.0f s" %
              ("ok" if finished else "not ok", tag, secs))
        if finished:
            passed += 1
        else:
            failed += 1
            print("    see %s/console.log" % outdir)
        for line in bad[:40]:
            print("    splat: " + line)
        print("%s - %sno kernel splat, leak or DMA-API error (%d lines)" %
              ("not ok" if bad else "ok", tag, len(bad)))
        if bad:
            failed += 1
        else:
            passed += 1
    print("guest%s: %d passed, %d failed" %
          ("s a+b" if args.pair else "", passed, failed))
    with open(os.path.join(args.out, "counts"), "w") as f:
        f.write("%d %d\n" % (passed, failed))
    return 1 if failed else 0


def report(outdir):
    """What one guest left: (plain lines, KUnit docs, exit code, splats)."""
    def read(name):
        try:
            with open(os.path.join(outdir, name), errors="replace") as f:
                return [l.rstrip("\r\n") for l in f]
        except OSError:
            return []
    plain, kunit, blocks, exit_code = sections(read("results.log"))
    dmesg = blocks.get("DMESG", [])
    with open(os.path.join(outdir, "dmesg.log"), "w") as f:
        f.write("\n".join(dmesg) + "\n")
    bad = splats(read("console.log")) + splats(dmesg) + \
        [l for l in blocks.get("KMEMLEAK", []) if "unreferenced object" in l]
    return plain, kunit, exit_code, bad


if __name__ == "__main__":
    sys.exit(main())
