#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Smoke test of the coatm device inside QEMU, no guest kernel needed.

QEMU runs with the qtest accelerator: this script is the "CPU". It does
PCI config cycles, MMIO and guest-memory writes over the qtest socket,
steps the virtual clock, and uses QMP for qom-set/qom-get and set_link.
Two devices on one hub, and two QEMUs joined by a stream netdev, pass
PDUs to each other. Prints TAP; exits non-zero on failure.

    qemu/tests/qtest_smoke.py $(scripts/build-qemu.sh)
"""
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

REGS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                    "..", "..", "include", "hw", "coatm_regs.h")


def load_regs(path):
    """The #define constants of coatm_regs.h that are plain numbers."""
    regs = {}
    for line in open(path):
        w = line.split()
        if len(w) >= 3 and w[0] == "#define" and "(" not in w[1]:
            v = w[2]
            try:
                regs[w[1]] = int(v, 0)
            except ValueError:
                if v.startswith("COATM_BIT(") and v.endswith(")"):
                    regs[w[1]] = 1 << int(v[10:-1])
    return regs


R = load_regs(REGS)
TX, RXF, RXC, CMD, EVT = range(5)
ESIZE = [32, 16, 16, 32, 16]


def ring_reg(ring, reg):
    return 0x100 + ring * 0x20 + reg


def counter_lo(n):
    return 0x200 + n * 8


class Qemu:
    def __init__(self, binary, args):
        self.dir = tempfile.mkdtemp(prefix="coatm-qtest-")
        qt = os.path.join(self.dir, "qtest.sock")
        qm = os.path.join(self.dir, "qmp.sock")
        lq, lm = socket.socket(socket.AF_UNIX), socket.socket(socket.AF_UNIX)
        lq.bind(qt)
        lq.listen(1)
        lm.bind(qm)
        lm.listen(1)
        self.log = open(os.path.join(self.dir, "stderr"), "w+")
        self.proc = subprocess.Popen(
            [binary, "-qtest", "unix:" + qt,
             "-chardev", "socket,path=%s,id=qmp0" % qm,
             "-mon", "chardev=qmp0,mode=control",
             "-display", "none", "-nodefaults", "-accel", "qtest",
             "-L", "/usr/share/qemu", "-L", "/usr/share/seabios",
             "-machine", "q35", "-m", "256"] + args,
            stdout=self.log, stderr=self.log)
        lq.settimeout(20)
        lm.settimeout(20)
        self.qt = lq.accept()[0].makefile("rw")
        self.qm = lm.accept()[0].makefile("rw")
        self.qm.readline()
        self.qmp("qmp_capabilities")

    def qmp(self, cmd, **args):
        self.qm.write(json.dumps({"execute": cmd, "arguments": args}) + "\n")
        self.qm.flush()
        while True:
            msg = json.loads(self.qm.readline())
            if "return" in msg or "error" in msg:
                return msg

    def qtest(self, line):
        self.qt.write(line + "\n")
        self.qt.flush()
        while True:
            r = self.qt.readline().split()
            if not r:
                raise RuntimeError("qtest: connection closed")
            if r[0] == "OK":
                return r[1:]
            if r[0] == "FAIL":
                raise RuntimeError("qtest: %s: %s" % (line, r))

    def cfg_addr(self, slot, reg):
        return 0x80000000 | slot << 11 | reg

    def cfg_read(self, slot, reg):
        self.qtest("outl 0xcf8 0x%x" % self.cfg_addr(slot, reg))
        return int(self.qtest("inl 0xcfc")[0], 16)

    def cfg_write(self, slot, reg, val):
        self.qtest("outl 0xcf8 0x%x" % self.cfg_addr(slot, reg))
        self.qtest("outl 0xcfc 0x%x" % val)

    def mem_write(self, addr, data):
        self.qtest("write 0x%x 0x%x 0x%s" % (addr, len(data), data.hex()))

    def mem_read(self, addr, size):
        return bytes.fromhex(self.qtest("read 0x%x 0x%x" % (addr, size))[0][2:])

    def step(self, ns):
        self.qtest("clock_step %d" % ns)

    def close(self):
        try:
            self.qmp("quit")
        except Exception:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class Dev:
    """One coatm function: BAR0 at @bar, its memory at @mem."""

    SIZES = [8, 64, 64, 8, 8]
    BUF = 2048

    def __init__(self, q, slot, bar, mem):
        self.q, self.slot, self.bar, self.mem = q, slot, bar, mem
        self.tail = [0] * 5     # driver-side indices (TX/RXF/CMD tail,
        self.head = [0] * 5     # RXC/EVT head)
        self.tag = 0

    def rd(self, off):
        return int(self.q.qtest("readl 0x%x" % (self.bar + off))[0], 16)

    def wr(self, off, val):
        self.q.qtest("writel 0x%x 0x%x" % (self.bar + off, val))

    def ring_base(self, r):
        return self.mem + 0x1000 * (r + 1)

    def probe(self):
        q = self.q
        idv = q.cfg_read(self.slot, 0)
        q.cfg_write(self.slot, 0x10, self.bar)
        q.cfg_write(self.slot, 0x04, 0x6)     # memory + bus master
        return idv

    def start(self):
        for r in range(5):
            self.wr(ring_reg(r, 0), self.ring_base(r))
            self.wr(ring_reg(r, 4), 0)
            self.wr(ring_reg(r, 8), self.SIZES[r])
        self.wr(R["COATM_REG_RX_BUF_SIZE"], self.BUF)
        self.wr(R["COATM_REG_STATUS_BLOCK_LO"], self.mem)
        self.wr(R["COATM_REG_INT_MASK"], 0)
        self.wr(R["COATM_REG_CTRL"], R["COATM_CTRL_ENABLE"])
        return self.rd(R["COATM_REG_CTRL"])

    def slot_addr(self, r, idx):
        return self.ring_base(r) + (idx % self.SIZES[r]) * ESIZE[r]

    def cmd(self, opcode, vc, vpi=0, vci=0, aal=5, dirs=0, svc=0, pcr=0):
        self.tag += 1
        d = struct.pack("<HHIHHBBBxIIII", opcode, vc, self.tag, vpi, vci,
                        aal, dirs, svc, pcr, 0, 0, 0)
        self.q.mem_write(self.slot_addr(CMD, self.tail[CMD]), d)
        self.tail[CMD] += 1
        self.wr(ring_reg(CMD, 0x10), self.tail[CMD])
        return self.tag

    def event(self):
        if self.rd(ring_reg(EVT, 0x10)) == self.head[EVT]:
            return None
        e = struct.unpack("<HHIII", self.q.mem_read(
            self.slot_addr(EVT, self.head[EVT]), 16))
        self.head[EVT] += 1
        self.wr(ring_reg(EVT, 0x0c), self.head[EVT])
        return e

    def post_bufs(self, n):
        for _ in range(n):
            i = self.tail[RXF]
            addr = self.mem + 0x100000 + (i % 64) * self.BUF
            self.q.mem_write(self.slot_addr(RXF, i),
                             struct.pack("<QII", addr, i % 64, 0))
            self.tail[RXF] += 1
        self.wr(ring_reg(RXF, 0x10), self.tail[RXF])

    def buf(self, buf_id, n):
        return self.q.mem_read(self.mem + 0x100000 + buf_id * self.BUF, n)

    def send(self, vc, data):
        i = self.tail[TX]
        addr = self.mem + 0x10000 + (i % 8) * 0x10000
        self.q.mem_write(addr, data)
        self.q.mem_write(self.slot_addr(TX, i),
                         struct.pack("<QIHHBBBxIQ", addr, len(data), vc, 0,
                                     0, 0, 0, 0, 0))
        self.tail[TX] += 1
        self.wr(ring_reg(TX, 0x10), self.tail[TX])
        return i

    def tx_status(self, i):
        return struct.unpack("<I", self.q.mem_read(self.slot_addr(TX, i) + 20,
                                                   4))[0]

    def completions(self):
        out = []
        tail = self.rd(ring_reg(RXC, 0x10))
        while self.head[RXC] != tail:
            out.append(struct.unpack("<IIHHBBBx", self.q.mem_read(
                self.slot_addr(RXC, self.head[RXC]), 16)))
            self.head[RXC] += 1
        self.wr(ring_reg(RXC, 0x0c), self.head[RXC])
        return out

    def counter(self, n):
        lo = self.rd(counter_lo(n))
        return lo | self.rd(counter_lo(n) + 4) << 32


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=""):
        self.n += 1
        if not cond:
            self.failed += 1
            print("not ok %d - %s %s" % (self.n, name, detail))
        else:
            print("ok %d - %s" % (self.n, name))
        sys.stdout.flush()
        return cond


def pattern(n, seed):
    return bytes((i * 7 + seed) & 0xff for i in range(n))


def wait_for(fn, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        v = fn()
        if v:
            return v
        time.sleep(0.01)
    return fn()


def hub_tests(binary, t):
    q = Qemu(binary, [
        "-netdev", "hubport,id=p0,hubid=0",
        "-device", "coatm,id=atm0,netdev=p0,addr=04.0,mac=02:c0:a7:00:00:00",
        "-netdev", "hubport,id=p1,hubid=0",
        "-device", "coatm,id=atm1,netdev=p1,addr=05.0,mac=02:c0:a7:00:00:01"])
    try:
        a = Dev(q, 4, 0xc0000000, 0x1000000)
        b = Dev(q, 5, 0xc0001000, 0x2000000)
        t.ok(a.probe() == 0x10f01af4 and b.probe() == 0x10f01af4,
             "two devices on a hub probe")
        t.ok(a.rd(0) == R["COATM_ID_VALUE"] and
             a.rd(R["COATM_REG_CAPS"]) & R["COATM_CAP_MSIX"],
             "ID and caps over MMIO")

        knobs = {"cmd-delay-us": 0, "cmd-stall": False, "tx-stall": False,
                 "rx-corrupt": 0, "hostile-rxc": 0}
        good = True
        for k, v in knobs.items():
            r = q.qmp("qom-get", path="/machine/peripheral/atm0", property=k)
            good = good and r.get("return") == v
        t.ok(good, "knobs default off")
        good = True
        for k, v in {"cmd-delay-us": 7, "cmd-stall": True, "tx-stall": True,
                     "rx-corrupt": 3, "hostile-rxc": 9}.items():
            q.qmp("qom-set", path="/machine/peripheral/atm1", property=k,
                  value=v)
            r = q.qmp("qom-get", path="/machine/peripheral/atm1", property=k)
            good = good and r.get("return") == v
            q.qmp("qom-set", path="/machine/peripheral/atm1", property=k,
                  value=knobs[k])
        t.ok(good, "qom-set/qom-get of every knob on the running device")

        t.ok(a.start() == 1 and b.start() == 1, "both enable")

        q.qmp("qom-set", path="/machine/peripheral/atm0",
              property="cmd-delay-us", value=500)
        tag = a.cmd(R["COATM_CMD_OPEN"], 1, 0, 100, 5, R["COATM_DIR_TX"])
        first = a.event()
        q.step(499999)
        early = a.event()
        q.step(1)
        ev = a.event()
        t.ok(first is None and early is None and ev is not None and
             ev[2] == tag and ev[3] == 0,
             "cmd-delay-us 500 holds OPEN for 500 us of virtual time",
             repr((first, early, ev)))
        q.qmp("qom-set", path="/machine/peripheral/atm0",
              property="cmd-delay-us", value=0)

        b.cmd(R["COATM_CMD_OPEN"], 2, 0, 100, 5, R["COATM_DIR_RX"])
        ev = b.event()
        t.ok(ev is not None and ev[3] == 0, "OPEN completes at once")

        b.post_bufs(8)
        data = pattern(3000, 1)
        i = a.send(1, data)
        c = b.completions()
        t.ok(a.tx_status(i) == R["COATM_TXS_DONE"] and len(c) == 2 and
             c[0][1] + c[1][1] == 3000 and c[1][3] == R["COATM_RXC_EOP"] and
             b.buf(c[0][0], c[0][1]) + b.buf(c[1][0], c[1][1]) == data,
             "a 3000-byte PDU crosses the hub", repr(c))
        sb = struct.unpack("<5I", q.mem_read(b.mem, 20))
        t.ok(sb[2] == b.head[RXC] and sb[1] == 2 and
             struct.unpack("<I", q.mem_read(a.mem, 4))[0] == 1,
             "status blocks mirror the indices", repr(sb))
        t.ok(a.counter(R["COATM_CNT_TX_CELLS"]) == 63 and
             b.counter(R["COATM_CNT_RX_PDUS"]) == 1, "counters")

        q.qmp("qom-set", path="/machine/peripheral/atm1",
              property="rx-corrupt", value=1)
        b.post_bufs(2)
        q.step(10000000)
        a.send(1, data)
        c = b.completions()
        left = q.qmp("qom-get", path="/machine/peripheral/atm1",
                     property="rx-corrupt")["return"]
        t.ok(len(c) == 2 and all(x[3] & R["COATM_RXC_CRC_ERR"] for x in c) and
             left == 0 and b.counter(R["COATM_CNT_RX_CRC_ERR"]) == 1,
             "rx-corrupt: CRC error", repr(c))

        b.post_bufs(2)
        q.step(10000000)
        q.qmp("qom-set", path="/machine/peripheral/atm0", property="tx-stall",
              value=True)
        i = a.send(1, data)
        q.step(10000000)
        held = a.tx_status(i)
        q.qmp("qom-set", path="/machine/peripheral/atm0", property="tx-stall",
              value=False)
        c = b.completions()
        t.ok(held == 0 and a.tx_status(i) == R["COATM_TXS_DONE"] and
             len(c) == 2, "tx-stall holds TX until cleared")

        q.qmp("set_link", name="atm0", up=False)
        ev = a.event()
        st = a.rd(R["COATM_REG_STATUS"])
        t.ok(ev is not None and ev[0] == R["COATM_EVT_LINK"] and ev[3] == 0 and
             not st & R["COATM_STATUS_LINK_UP"] and
             a.rd(R["COATM_REG_INT_CAUSE"]) & R["COATM_INT_LINK"],
             "set_link off: STATUS, INT_LINK and a link event")
        q.step(10000000)
        i = a.send(1, data)
        t.ok(a.tx_status(i) == R["COATM_TXS_DONE"] and b.completions() == [],
             "link down: cells vanish")
    finally:
        q.close()


def bad_props(binary, t):
    for prop in ("vectors=1", "vectors=2", "line-rate=0",
                 "line-rate=%d" % (R["COATM_LINE_RATE_OC3"] * 64 + 1)):
        p = subprocess.run([binary, "-machine", "q35", "-accel", "qtest",
                            "-L", "/usr/share/qemu", "-L", "/usr/share/seabios",
                            "-display", "none", "-nodefaults",
                            "-device", "coatm," + prop],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           input=b"", timeout=30)
        t.ok(p.returncode != 0 and b"coatm" in p.stdout.lower() or
             b"must be" in p.stdout, "device refuses " + prop,
             p.stdout.decode(errors="replace").strip())


def stream_tests(binary, t):
    d = tempfile.mkdtemp(prefix="coatm-stream-")
    path = os.path.join(d, "link.sock")
    srv = Qemu(binary, [
        "-netdev", "stream,id=n0,server=on,addr.type=unix,addr.path=" + path,
        "-device", "coatm,id=atm0,netdev=n0,addr=04.0"])
    cli = None
    try:
        cli = Qemu(binary, [
            "-netdev", "stream,id=n0,server=off,addr.type=unix,addr.path=" +
            path, "-device", "coatm,id=atm0,netdev=n0,addr=04.0"])
        a = Dev(srv, 4, 0xc0000000, 0x1000000)
        b = Dev(cli, 4, 0xc0000000, 0x1000000)
        a.probe()
        b.probe()
        a.start()
        b.start()
        a.cmd(R["COATM_CMD_OPEN"], 1, 1, 200, 5, R["COATM_DIR_TX"])
        b.cmd(R["COATM_CMD_OPEN"], 1, 1, 200, 5, R["COATM_DIR_RX"])
        a.event()
        b.event()
        b.post_bufs(16)
        data = pattern(30000, 3)
        # The client connects in the background: resend until it lands.
        got = []
        for _ in range(50):
            srv.step(200000000)
            a.send(1, data)
            got = wait_for(lambda: b.completions(), 0.5)
            if got:
                break
        t.ok(len(got) == 15 and sum(x[1] for x in got) == 30000 and
             b"".join(b.buf(x[0], x[1]) for x in got) == data,
             "a 30000-byte PDU crosses a stream netdev", repr(got[:3]))
        time.sleep(0.5)
        b.completions()         # a late copy of a resent PDU, if any
        b.post_bufs(40)
        big = pattern(65535, 4)
        srv.step(500000000)
        a.send(1, big)
        tot = []
        end = time.time() + 10
        while time.time() < end and not (tot and tot[-1][3] & 1):
            tot += b.completions()
            time.sleep(0.01)
        t.ok(len(tot) == 33 and sum(x[1] for x in tot) == 65535,
             "a 65535-byte PDU (two link frames) crosses it too",
             "%d completions" % len(tot))
    finally:
        if cli:
            cli.close()
        srv.close()
        shutil.rmtree(d, ignore_errors=True)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    t = Tap()
    hub_tests(binary, t)
    bad_props(binary, t)
    stream_tests(binary, t)
    print("1..%d" % t.n)
    print("%d passed, %d failed" % (t.n - t.failed, t.failed))
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
