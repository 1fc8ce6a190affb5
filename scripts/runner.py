#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot the coatm test guest in our QEMU and report what it did.

The guest gets two coatm NICs on one QEMU hub (wired back to back). Three
serial lines: ttyS0 the kernel console (console.log), ttyS1 the control
line on which the guest's `hostctl` asks us to run QMP commands, ttyS2 the
results (results.log). We parse scenario TAP lines and KUnit KTAP, scan
the console, dmesg and kmemleak for kernel splats, and print
`N passed, N failed`.
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


def boot(args, outdir):
    os.makedirs(outdir, exist_ok=True)
    console = os.path.join(outdir, "console.log")
    results = os.path.join(outdir, "results.log")
    ctl_path = os.path.join(outdir, "ctl.sock")
    qmp_path = os.path.join(outdir, "qmp.sock")
    for p in (ctl_path, qmp_path, results, console):
        if os.path.exists(p):
            os.unlink(p)

    ctl_srv = socket.socket(socket.AF_UNIX)
    ctl_srv.bind(ctl_path)
    ctl_srv.listen(1)

    append = ("console=ttyS0,115200 loglevel=5 panic=-1 "
              "coatm.dyndbg=+p condis.dyndbg=+p " + args.append).strip()
    cmd = [args.qemu, "-L", "/usr/share/qemu", "-L", "/usr/share/seabios",
           "-machine", "q35", "-accel", "tcg", "-smp", "2",
           "-m", "1536", "-nodefaults", "-display", "none", "-no-reboot",
           "-nic", "none",
           "-kernel", args.kernel, "-initrd", args.initrd, "-append", append,
           "-serial", "file:" + console,
           "-serial", "unix:" + ctl_path,
           "-serial", "file:" + results,
           "-qmp", "unix:%s,server=on,wait=off" % qmp_path,
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    for i, (nid, mac, extra) in enumerate(NICS):
        cmd += ["-netdev", "hubport,id=p%d,hubid=0" % i,
                "-device", "coatm,id=%s,netdev=p%d,mac=%s%s"
                % (nid, i, mac, extra)]
    with open(os.path.join(outdir, "qemu.cmd"), "w") as f:
        f.write(" ".join(cmd) + "\n")

    start = time.time()
    deadline = start + args.timeout
    qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=open(os.path.join(outdir, "qemu.out"), "w"),
                            stderr=subprocess.STDOUT)
    timed_out = False
    try:
        ctl_srv.settimeout(30)
        ctl, _ = ctl_srv.accept()
        qmp = Qmp(qmp_path, time.time() + 30)
        buf = b""
        while qemu.poll() is None:
            if time.time() > deadline:
                timed_out = True
                break
            r, _, _ = select.select([ctl], [], [], 0.5)
            if not r:
                continue
            data = ctl.recv(4096)
            if not data:
                continue
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                req = line.decode(errors="replace").strip("\r ")
                reply = handle_ctl(qmp, req)
                with open(os.path.join(outdir, "hostctl.log"), "a") as f:
                    f.write("%s -> %s\n" % (req, reply))
                ctl.sendall((reply + "\n").encode())
    except (OSError, socket.timeout) as e:
        print("runner: %s" % e, file=sys.stderr)
    finally:
        if qemu.poll() is None:
            qemu.kill()
        qemu.wait()
    return timed_out, time.time() - start


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
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--append", default="")
    ap.add_argument("--raw", action="store_true",
                    help="print the script's output and exit with its status")
    args = ap.parse_args()

    timed_out, secs = boot(args, args.out)
    with open(os.path.join(args.out, "results.log"), errors="replace") as f:
        lines = [l.rstrip("\r\n") for l in f]
    with open(os.path.join(args.out, "console.log"), errors="replace") as f:
        console = [l.rstrip("\r\n") for l in f]
    plain, kunit, blocks, exit_code = sections(lines)
    dmesg = blocks.get("DMESG", [])
    with open(os.path.join(args.out, "dmesg.log"), "w") as f:
        f.write("\n".join(dmesg) + "\n")
    bad = splats(console) + splats(dmesg) + \
        [l for l in blocks.get("KMEMLEAK", []) if "unreferenced object" in l]

    if args.raw:
        for line in plain:
            print(line)
        for suite, doc in kunit:
            print("\n".join(doc))
        for line in bad:
            print("runner: kernel splat: " + line, file=sys.stderr)
        if timed_out or exit_code is None:
            print("runner: guest did not finish (timeout %s)" % timed_out,
                  file=sys.stderr)
            return 124
        return exit_code or (1 if bad else 0)

    passed = failed = 0
    for line in plain:
        m = TAP_RE.match(line)
        if m:
            print(line)
            if m.group(1) == "ok":
                passed += 1
            else:
                failed += 1
        elif line.startswith("#") or line.strip():
            print("  " + line)
    for suite, doc in kunit:
        cases = ktap_cases(doc)
        if not cases:
            print("not ok - kunit %s: no test case results" % suite)
            failed += 1
        for ok, name in cases:
            print("%s - kunit %s: %s" % ("ok" if ok else "not ok", suite, name))
            if ok:
                passed += 1
            else:
                failed += 1
                print("\n".join("    " + l for l in doc))
    finished = not timed_out and exit_code is not None
    print("%s - guest ran to the end in %.0f s" %
          ("ok" if finished else "not ok", secs))
    if finished:
        passed += 1
    else:
        failed += 1
        print("    see %s/console.log" % args.out)
    for line in bad[:40]:
        print("    splat: " + line)
    print("%s - no kernel splat, leak or DMA-API error (%d lines)" %
          ("not ok" if bad else "ok", len(bad)))
    if bad:
        failed += 1
    else:
        passed += 1
    print("guest: %d passed, %d failed" % (passed, failed))
    with open(os.path.join(args.out, "counts"), "w") as f:
        f.write("%d %d\n" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
