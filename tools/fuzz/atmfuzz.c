// SPDX-License-Identifier: GPL-2.0
/*
 * atmfuzz: a seeded, reproducible fuzzer of the Linux ATM socket API as
 * the CoNDIS shim (condis.ko) and its miniport (coatm.ko) serve it. It
 * checks every errno against the documented contract
 * (Documentation/condis.rst, include/uapi/linux/condis.h,
 * Documentation/testing.rst "The fuzzer"), not only the absence of
 * crashes.
 *
 *   atmfuzz [-s SEED] [-w WORKERS] [-n OPS] [-t SECONDS] [-u UNPRIV]
 *	     [-R RESET_PER_MILLE] [-o WORKER] [-v]
 *
 * -s SEED    the run's seed (default: from the clock); printed first
 * -w N       worker processes (default 4); worker i has its own seed,
 *	      derived from SEED and i, and prints it
 * -n OPS     operations in all, shared out among the workers (default 20000)
 * -t SECS    stop after SECS seconds even if OPS are not done (0: none)
 * -u K       every K-th worker (1, 1+K, ...) drops root: setuid(65534)
 *	      (default 2: the odd ones; 0: none)
 * -R N       a root worker resets an adapter (CONDIS_IOC_RESET) in N of
 *	      1000 operations (default 1; 0: never)
 * -o I       run worker I alone (the same seed as in the full run): to
 *	      replay one worker's sequence of calls
 * -v         print every operation
 * -P         also make the calls that hit known net/atm bugs (see
 *	      Documentation/testing.rst), off by default: connect a
 *	      partially bound (UNSPEC) socket again, which corrupts the VCC
 *	      hash, and recv into a bad buffer on a connected socket, which
 *	      leaks the skb
 * -k         keep what root workers set (loopback, framing, ...): by
 *	      default it is put back at the end
 * -F         under fault injection: each worker marks itself for the
 *	      kernel's task-filtered failslab/fail_page_alloc
 *	      (/proc/self/make-it-fail, set up by the caller), and every
 *	      call may also fail with ENOMEM or ENOBUFS (socket: ENFILE,
 *	      the kernel's answer when a socket's inode cannot be allocated)
 *
 * Each worker draws from its own seed; which call it makes next also
 * follows from what the kernel answered before (a socket that connected
 * is then sent on), and that may depend on the other workers (a VCI
 * another one holds, a reset). Replay a finding with the same -s, -w and
 * -n; a worker run alone (-o) depends on nobody else.
 *
 * Output: "VIOLATION ..." lines (the call, its arguments, the errno, what
 * was allowed, the seeds), "NOTE ..." lines for accepted input that the
 * contract does not cover, and a summary. Exit status: 0 clean, 1 if any
 * violation (a worker that died of a signal, or made no progress for 90 s,
 * counts as one), 2 for a usage or setup error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/atm.h>
#include <linux/atmdev.h>
#include <linux/sonet.h>
#include <linux/sockios.h>
#include <linux/condis.h>

#ifndef SOL_ATM
#define SOL_ATM 264
#endif

#define MAX_ITF		8
#define NSOCK		12
#define BUFSZ		(70000 + 16)
#define MAX_OIDS	128
#define HANG_SECS	90
#define DESC_LEN	400

/* ------------------------------------------------------------------ */
/* Run-wide state (set up by the parent before fork) */

struct itf {
	int num;
	int vpi_bits, vci_bits;
	int link_rate;
	int loop_modes;
	unsigned char esi[ESI_LEN];
	unsigned int aal_types;		/* OID_ATM_SUPPORTED_AAL_TYPES */
	unsigned int max_sdu;		/* OID_ATM_MAX_AAL5_PACKET_SIZE */
	int framing;			/* restored at the end */
	unsigned int proto_opts;	/* restored at the end */
	int naddr;			/* local addresses at the start */
};

static struct itf itfs[MAX_ITF];
static int nitf;
static unsigned int oids[MAX_OIDS];	/* GEN_CO_SUPPORTED_LIST */
static int noids;
static unsigned int desc_size;		/* GEN_CO_VENDOR_DESCRIPTION */
static char dev_type[32];

static unsigned long long g_seed;
static int g_workers = 4, g_unpriv_every = 2, g_reset_pm = 1, g_verbose;
static int g_partial;		/* -P: the calls that hit known net/atm bugs */
static int g_keep;		/* -k: leave the device settings as they are */
static int g_faults;		/* -F: allocations fail at random */
static long g_ops = 20000;
static int g_secs;
static time_t g_deadline;

/* Per worker, in shared memory: progress for the parent's watchdog. */
struct wstat {
	volatile long ops;
	volatile long violations;
	volatile long notes;
	volatile int done;
	char last[DESC_LEN];
	long calls[32];
	long errs[160];
};
static struct wstat *wst;

/* ------------------------------------------------------------------ */
/* Worker state */

static int me = -1;
static unsigned long long wseed, rs;
static bool priv;
static long op;
static char desc[DESC_LEN];
static unsigned char *buf;		/* BUFSZ good bytes */
static unsigned char *ro_page;		/* mapped read-only */
static unsigned char *none_page;	/* PROT_NONE */
static unsigned char *gone_page;	/* unmapped */
static int ctl = -1;			/* a PVC socket for device ioctls */

enum { ST_NEW, ST_PARTIAL, ST_CONNECTED, ST_CONNECTING };

struct sk {
	int fd;			/* -1: free slot */
	bool svc;
	bool hasqos;
	struct atm_qos qos;	/* as set (as read back once connected) */
	int state;
	int itf, vpi, vci;	/* once connected */
	bool session;		/* SO_MULTIPOINT 1 */
};
static struct sk socks[NSOCK];

static unsigned long long splitmix(unsigned long long *x)
{
	unsigned long long z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long long worker_seed(int i)
{
	unsigned long long x = g_seed * 0x100000001b3ULL + (unsigned)i;

	return splitmix(&x);
}

static unsigned int rnd(unsigned int n)
{
	return n ? (unsigned int)(splitmix(&rs) % n) : 0;
}

static bool chance(unsigned int per_mille)
{
	return rnd(1000) < per_mille;
}

#define PICK(...) ({ const long _v[] = { __VA_ARGS__ }; \
		     _v[rnd(sizeof(_v) / sizeof(_v[0]))]; })

/* ------------------------------------------------------------------ */
/* errno sets and reporting */

/* A set of errnos (0: success), by value: ES(OK, EINVAL) */
struct eset {
	unsigned long long w[3];
};

static struct eset mkset(const int *l)
{
	struct eset s = { { 0 } };

	for (; *l != -1; l++)
		s.w[*l / 64] |= 1ULL << (*l % 64);
	return s;
}

#define ES(...) mkset((const int[]){ __VA_ARGS__, -1 })
#define OK 0

static const char *ename(int e)
{
	static char b[16];

	switch (e) {
#define N(x) case x: return #x
	N(0); N(EPERM); N(ENOENT); N(EINTR); N(EIO); N(E2BIG); N(EBADF);
	N(EAGAIN); N(ENOMEM); N(EFAULT); N(EBUSY); N(EEXIST); N(ENODEV);
	N(EINVAL); N(ENFILE); N(EMFILE); N(ENOTTY); N(ENOSPC); N(EPIPE);
	N(EBADFD); N(ENOTSOCK); N(EMSGSIZE); N(EPROTOTYPE);
	N(EPROTONOSUPPORT); N(ESOCKTNOSUPPORT); N(EOPNOTSUPP);
	N(EAFNOSUPPORT); N(EADDRINUSE); N(EADDRNOTAVAIL); N(ENETDOWN);
	N(ENOBUFS); N(EISCONN); N(ENOTCONN); N(ETIMEDOUT); N(ECONNRESET);
	N(ECONNREFUSED); N(EALREADY); N(EINPROGRESS); N(EUNATCH);
	N(ERESTART);
#undef N
	}
	snprintf(b, sizeof(b), "errno %d", e);
	return b;
}

static bool in_set(int e, struct eset s)
{
	return e >= 0 && e < 192 && (s.w[e / 64] >> (e % 64) & 1);
}

static void say(const char *kind, const char *fmt, va_list ap)
{
	char m[600];

	vsnprintf(m, sizeof(m), fmt, ap);
	printf("%s seed %llu worker %d (seed %llu, %s) op %ld: %s: %s\n",
	       kind, g_seed, me, wseed, priv ? "root" : "uid 65534", op,
	       desc, m);
	fflush(stdout);
}

static void __attribute__((format(printf, 1, 2))) violation(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("VIOLATION", fmt, ap);
	va_end(ap);
	wst[me].violations++;
}

/* A NOTE is printed once per distinct text. */
static void __attribute__((format(printf, 1, 2))) note(const char *fmt, ...)
{
	static char seen[32][80];
	static int nseen;
	char m[80];
	va_list ap;
	int i;

	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	for (i = 0; i < nseen; i++)
		if (!strcmp(seen[i], m))
			return;
	if (nseen < 32)
		strcpy(seen[nseen++], m);
	printf("NOTE seed %llu worker %d (seed %llu) op %ld: %s: %s\n",
	       g_seed, me, wseed, op, desc, m);
	fflush(stdout);
	wst[me].notes++;
}

static void __attribute__((format(printf, 1, 2))) describe(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	memcpy(wst[me].last, desc, sizeof(desc));
	if (g_verbose)
		printf("w%d op %ld: %s\n", me, op, desc);
}

/* The call's outcome: 0 or its errno. */
static int outcome(long ret)
{
	int e = ret < 0 ? errno : 0;

	wst[me].errs[e < 159 ? e : 159]++;
	return e;
}

static void expect(int e, struct eset allowed)
{
	char b[300] = "";
	int i;

	if (in_set(e, allowed))
		return;
	/*
	 * An injected allocation failure is a clean error anywhere; a
	 * socket whose inode could not be allocated fails with ENFILE.
	 */
	if (g_faults && (e == ENOMEM || e == ENOBUFS || e == ENFILE))
		return;
	for (i = 0; i < 192; i++) {
		if (!in_set(i, allowed))
			continue;
		strncat(b, " ", sizeof(b) - strlen(b) - 1);
		strncat(b, ename(i), sizeof(b) - strlen(b) - 1);
	}
	violation("%s; allowed:%s", ename(e), b);
}

/* ------------------------------------------------------------------ */
/* Random values */

/* A user pointer for the kernel to read or write: good mostly. */
enum { P_GOOD, P_NULL, P_GONE, P_NONE, P_RO, P_KERNEL, P_NR };

static const char *pname(int k)
{
	static const char *n[] = { "buf", "NULL", "unmapped", "PROT_NONE",
				   "read-only", "kernel" };
	return n[k];
}

static int pick_ptr_kind(unsigned int bad_per_mille)
{
	return chance(bad_per_mille) ? 1 + (int)rnd(P_NR - 1) : P_GOOD;
}

/* Can the kernel read @n bytes at a pointer of this kind? */
static bool readable(int kind, size_t n)
{
	return kind == P_GOOD || (kind == P_RO && n <= 4096);
}

static void *ptr_of(int kind)
{
	switch (kind) {
	case P_NULL:
		return NULL;
	case P_GONE:
		return gone_page;
	case P_NONE:
		return none_page;
	case P_RO:
		return ro_page;
	case P_KERNEL:
		return (void *)0xffff888000001000UL;
	}
	return buf;
}

static int rnd_rate(const struct itf *it)
{
	return (int)PICK(0, 1, 10, 1000, 100000, it->link_rate - 1,
			 it->link_rate, it->link_rate + 1, INT_MAX,
			 ATM_MAX_PCR, -2, -1000, INT_MIN, (long)rnd(400000));
}

static void rnd_tp(struct atm_trafprm *tp, int class, const struct itf *it)
{
	memset(tp, 0, sizeof(*tp));
	tp->traffic_class = (unsigned char)class;
	if (class == ATM_NONE)
		return;
	/* Mostly sane rates, sometimes anything. */
	if (chance(600)) {
		tp->max_pcr = chance(500) ? ATM_MAX_PCR : 1 + (int)rnd(20000);
		tp->pcr = chance(500) ? 0 : 1 + (int)rnd(20000);
		if (class == ATM_VBR) {
			tp->max_pcr = 1000 + (int)rnd(20000);
			tp->pcr = 1 + (int)rnd((unsigned)tp->max_pcr);
		}
	} else {
		tp->max_pcr = rnd_rate(it);
		tp->pcr = rnd_rate(it);
		tp->min_pcr = chance(700) ? 0 : rnd_rate(it);
	}
	tp->max_sdu = chance(600) ? 0 :
		      (int)PICK(1, 48, 52, 53, 100, 1500, 9180, 65535, 65536,
				70000, -1, INT_MAX, (long)rnd(70000));
	if (chance(50))
		tp->max_cdv = (int)rnd(100000);
}

static const struct itf *rnd_itf(void)
{
	return &itfs[rnd((unsigned)nitf)];
}

static void rnd_qos(struct atm_qos *q)
{
	const struct itf *it = rnd_itf();
	int tx, rx, c;

	memset(q, 0, sizeof(*q));
	q->aal = (unsigned char)PICK(ATM_AAL5, ATM_AAL5, ATM_AAL5, ATM_NO_AAL,
				     ATM_AAL0, ATM_AAL0, ATM_AAL34, ATM_AAL1,
				     ATM_AAL2, (long)rnd(256));
	c = (int)PICK(ATM_UBR, ATM_UBR, ATM_UBR, ATM_CBR, ATM_CBR, ATM_VBR,
		      ATM_ABR, ATM_ANYCLASS, (long)rnd(256));
	tx = rx = c;
	switch (rnd(8)) {
	case 0:
		tx = ATM_NONE;
		break;
	case 1:
		rx = ATM_NONE;
		break;
	case 2:
		rx = (int)rnd(7);	/* maybe a mismatch */
		break;
	}
	rnd_tp(&q->txtp, tx, it);
	rnd_tp(&q->rxtp, rx, it);
}

/* check_qos() of net/atm/common.c: what setsockopt(SO_ATMQOS) accepts */
static bool tp_ok(const struct atm_trafprm *tp)
{
	if (tp->traffic_class > ATM_ANYCLASS)
		return false;
	if (!tp->traffic_class || tp->traffic_class == ATM_ANYCLASS)
		return true;
	if (tp->traffic_class != ATM_UBR && !tp->min_pcr && !tp->pcr &&
	    !tp->max_pcr)
		return false;
	if (tp->min_pcr == ATM_MAX_PCR)
		return false;
	if (tp->min_pcr && tp->max_pcr && tp->max_pcr != ATM_MAX_PCR &&
	    tp->min_pcr > tp->max_pcr)
		return false;
	return true;
}

static bool qos_ok(const struct atm_qos *q)
{
	if (!q->txtp.traffic_class && !q->rxtp.traffic_class)
		return false;
	if (q->txtp.traffic_class != q->rxtp.traffic_class &&
	    q->txtp.traffic_class && q->rxtp.traffic_class &&
	    q->txtp.traffic_class != ATM_ANYCLASS &&
	    q->rxtp.traffic_class != ATM_ANYCLASS)
		return false;
	return tp_ok(&q->txtp) && tp_ok(&q->rxtp);
}

/* atm_pcr_goal() of net/atm/atm_misc.c (the kernel wraps -INT_MIN) */
static int pcr_goal(const struct atm_trafprm *tp)
{
	if (tp->pcr && tp->pcr != ATM_MAX_PCR)
		return (int)(0u - (unsigned int)tp->pcr);
	if (tp->min_pcr && !tp->pcr)
		return tp->min_pcr;
	if (tp->max_pcr != ATM_MAX_PCR)
		return (int)(0u - (unsigned int)tp->max_pcr);
	return 0;
}

/*
 * A transmit rate beyond the line: refused (CELLRATE_NOT_AVAILABLE,
 * EINVAL) unless it may be rounded down (a CBR goal given as a maximum).
 */
static bool tx_rate_too_high(const struct atm_trafprm *tp, int link_rate)
{
	int g;

	switch (tp->traffic_class) {
	case ATM_UBR:
	case ATM_VBR:
		return tp->max_pcr > link_rate;
	case ATM_CBR:
		g = pcr_goal(tp);
		return g > link_rate;
	}
	return false;
}

/*
 * What the shim must refuse with EINVAL (condis.rst "Errors at the Linux
 * edge"): a traffic class other than UBR/CBR/VBR, a CBR VC without a
 * rate, a VBR VC without sane PCR/SCR. Sets *odd for accepted input the
 * contract says nothing about (negative rates or SDU sizes).
 */
static bool tp_driver_ok(const struct atm_trafprm *tp, const char **odd)
{
	int g;

	switch (tp->traffic_class) {
	case ATM_NONE:
		return true;
	case ATM_UBR:
		if (tp->max_pcr < ATM_MAX_PCR)
			*odd = "UBR with a negative max_pcr";
		break;
	case ATM_CBR:
		g = pcr_goal(tp);
		if (!g)
			return false;
		if (tp->pcr < ATM_MAX_PCR || tp->min_pcr < 0 ||
		    tp->max_pcr < ATM_MAX_PCR)
			*odd = "CBR with a negative rate";
		break;
	case ATM_VBR:
		if (tp->max_pcr <= 0 || tp->pcr <= 0 || tp->pcr > tp->max_pcr)
			return false;
		break;
	default:
		return false;
	}
	if (tp->max_sdu < 0)
		*odd = "a negative max_sdu";
	return true;
}

/* ------------------------------------------------------------------ */
/* Device ioctls (through struct atmif_sioc) */

static int sioc_ioctl(int fd, unsigned long cmd, int number, void *arg,
		      int len, bool bad_sioc)
{
	struct atmif_sioc s = { .number = number, .length = len, .arg = arg };

	return ioctl(fd, cmd, bad_sioc ? (void *)gone_page : (void *)&s);
}

static bool itf_real(int n)
{
	int i;

	for (i = 0; i < nitf; i++)
		if (itfs[i].num == n)
			return true;
	return false;
}

static int rnd_itf_num(bool *real)
{
	int n;

	if (chance(940)) {
		*real = true;
		return rnd_itf()->num;
	}
	n = (int)PICK(-1, -5, 42, 1000, INT_MAX, INT_MIN);
	*real = itf_real(n);
	return n;
}

static struct itf *itf_by_num(int n)
{
	int i;

	for (i = 0; i < nitf; i++)
		if (itfs[i].num == n)
			return &itfs[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* OIDs */

static bool oid_listed(unsigned int oid)
{
	int i;

	for (i = 0; i < noids; i++)
		if (oids[i] == oid)
			return true;
	return false;
}

/* The miniport's (coatm's) counters: 8 bytes, adapter-wide only. */
static bool oid_miniport(unsigned int oid)
{
	switch (oid) {
	case OID_ATM_RCV_CELLS_OK: case OID_ATM_XMIT_CELLS_OK:
	case OID_ATM_RCV_CELLS_DROPPED: case OID_ATM_RCV_INVALID_VPI_VCI:
	case OID_ATM_CELLS_HEC_ERROR: case OID_ATM_RCV_REASSEMBLY_ERROR:
	case OID_GEN_CO_RCV_CRC_ERROR:
		return true;
	}
	return false;
}

/* The size a query of a listed OID answers with (condis.rst table). */
static unsigned int oid_size(unsigned int oid)
{
	switch (oid) {
	case OID_GEN_CO_SUPPORTED_LIST:
		return 4 * (unsigned int)noids;
	case OID_GEN_CO_VENDOR_DESCRIPTION:
		return desc_size;
	case OID_GEN_CO_DRIVER_VERSION:
		return 2;
	case OID_GEN_CO_LINK_SPEED: case OID_GEN_CO_MINIMUM_LINK_SPEED:
	case OID_GEN_CO_XMIT_PDUS_OK: case OID_GEN_CO_RCV_PDUS_OK:
	case OID_GEN_CO_XMIT_PDUS_ERROR: case OID_GEN_CO_RCV_PDUS_ERROR:
	case OID_GEN_CO_RCV_PDUS_NO_BUFFER: case OID_GEN_CO_BYTES_XMIT:
	case OID_GEN_CO_BYTES_RCV:
		return 8;
	case OID_ATM_HW_CURRENT_ADDRESS:
		return ESI_LEN;
	}
	return oid_miniport(oid) ? 8 : 4;
}

static const char *stname(unsigned int s)
{
	static char b[16];

	switch (s) {
#define N(x) case CONDIS_STATUS_##x: return #x
	N(SUCCESS); N(PENDING); N(FAILURE); N(RESOURCES); N(NOT_SUPPORTED);
	N(REQUEST_ABORTED); N(RESET_IN_PROGRESS); N(INVALID_LENGTH);
	N(INVALID_DATA); N(BUFFER_TOO_SHORT); N(INVALID_OID);
	N(VC_NOT_ACTIVATED); N(CELLRATE_NOT_AVAILABLE);
#undef N
	}
	snprintf(b, sizeof(b), "0x%08x", s);
	return b;
}

/* ------------------------------------------------------------------ */
/* Operations */

static struct sk *rnd_sock(void)
{
	return &socks[rnd(NSOCK)];
}

static struct sk *rnd_open_sock(void)
{
	int i, start = (int)rnd(NSOCK);

	for (i = 0; i < NSOCK; i++) {
		struct sk *s = &socks[(start + i) % NSOCK];

		if (s->fd >= 0)
			return s;
	}
	return NULL;
}

static void op_socket(void)
{
	struct sk *s = rnd_sock();
	bool svc = chance(250), stream = chance(30);
	int type = stream ? SOCK_STREAM :
		   (int)PICK(SOCK_DGRAM, SOCK_DGRAM, SOCK_DGRAM, SOCK_RAW,
			     SOCK_SEQPACKET);
	int proto = chance(950) ? 0 : (int)rnd(300);
	int fd, e;

	if (s->fd >= 0)
		return;
	describe("socket(%s, %d, %d)", svc ? "PF_ATMSVC" : "PF_ATMPVC", type,
		 proto);
	fd = socket(svc ? PF_ATMSVC : PF_ATMPVC,
		    type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	e = outcome(fd);
	expect(e, stream ? ES(EINVAL) : ES(OK));
	if (fd < 0)
		return;
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->svc = svc;
	s->state = ST_NEW;
}

static void read_qos(struct sk *s)
{
	socklen_t l = sizeof(s->qos);

	if (getsockopt(s->fd, SOL_ATM, SO_ATMQOS, &s->qos, &l) < 0)
		violation("getsockopt(SO_ATMQOS) after connect: %s",
			  ename(errno));
}

static void op_setqos(void)
{
	struct sk *s = rnd_open_sock();
	struct atm_qos q;
	int pk = pick_ptr_kind(30), e;
	socklen_t len = chance(970) ? sizeof(q) :
			(socklen_t)PICK(0, 1, sizeof(q) - 1, sizeof(q) + 1, 4096);
	bool ok;

	if (!s)
		return;
	rnd_qos(&q);
	if (s->state == ST_CONNECTED && chance(600)) {
		/* A change of the traffic parameters only. */
		q = s->qos;
		rnd_tp(&q.txtp, s->qos.txtp.traffic_class, rnd_itf());
		rnd_tp(&q.rxtp, s->qos.rxtp.traffic_class, rnd_itf());
	}
	describe("setsockopt(fd %d %s state %d, SO_ATMQOS, %s, len %u: aal %d "
		 "tx class %d pcr %d min %d max %d sdu %d, rx class %d pcr %d "
		 "min %d max %d sdu %d)", s->fd, s->svc ? "SVC" : "PVC",
		 s->state, pname(pk), len, q.aal, q.txtp.traffic_class,
		 q.txtp.pcr, q.txtp.min_pcr, q.txtp.max_pcr, q.txtp.max_sdu,
		 q.rxtp.traffic_class, q.rxtp.pcr, q.rxtp.min_pcr,
		 q.rxtp.max_pcr, q.rxtp.max_sdu);
	if (pk == P_GOOD)
		memcpy(buf, &q, sizeof(q));
	e = outcome(setsockopt(s->fd, SOL_ATM, SO_ATMQOS, ptr_of(pk), len));
	ok = pk == P_GOOD && qos_ok(&q);	/* the read-only page: zeroes */
	if (len != sizeof(q)) {
		expect(e, ES(EINVAL));
	} else if (pk != P_GOOD && pk != P_RO) {
		expect(e, ES(EFAULT));
	} else if (!ok) {
		expect(e, ES(EINVAL));
	} else if (s->state == ST_CONNECTING) {
		expect(e, ES(EBADFD));
	} else if (s->state == ST_CONNECTED) {
		/* change_qos: same AAL and classes, else EINVAL */
		expect(e, ES(OK, EINVAL));
		if (!e)
			read_qos(s);
	} else {
		expect(e, ES(OK));
	}
	if (pk == P_RO)		/* the read-only page holds zeroes */
		return;
	if (!e && s->state != ST_CONNECTED) {
		s->hasqos = true;
		s->qos = q;
	}
}

/* Is the socket connected (SIOCOUTQ answers only then)? */
static bool is_connected(int fd)
{
	int v;

	return ioctl(fd, SIOCOUTQ, &v) == 0;
}

static void op_connect_pvc(struct sk *s)
{
	struct sockaddr_atmpvc a;
	const struct itf *it;
	struct eset only = { { 0 } };
	bool have_only = true;
	const char *odd = NULL;
	bool real, must_fail = false, partial = false, bad_len, bad_fam;
	int pk = pick_ptr_kind(15), itf, vpi, vci, e, aal;
	socklen_t len;

	/*
	 * A socket bound with ATM_VPI/VCI_UNSPEC is in the ATM core's VCC
	 * hash already; net/atm's vcc_connect() inserts it a second time on
	 * a full connect, which corrupts the hash (a GPF in pvc_seq_show()
	 * and a use-after-free later). Only with -P.
	 */
	if (s->state == ST_PARTIAL && !g_partial)
		return;
	itf = chance(30) ? ATM_ITF_ANY : rnd_itf_num(&real);
	vpi = (int)PICK(0, 0, 0, 0, 0, 0, 1, 1, 255, 256, ATM_VPI_ANY,
			ATM_VPI_UNSPEC, 32767, -3);
	vci = (int)PICK(32 + (long)rnd(48), 32 + (long)rnd(48),
			32 + (long)rnd(48), 32 + (long)rnd(2000), 0, 1, 5, 31,
			65535, 65536, ATM_VCI_ANY, ATM_VCI_UNSPEC, INT_MAX, -5);
	if (chance(5))
		vpi = vci = ATM_VPI_UNSPEC;	/* a partial "bind" */
	bad_len = chance(15);
	bad_fam = chance(15);
	len = bad_len ? (socklen_t)PICK(0, 1, sizeof(a) - 1, sizeof(a) + 1) :
			sizeof(a);
	memset(&a, 0, sizeof(a));
	a.sap_family = bad_fam ? AF_ATMSVC : AF_ATMPVC;
	a.sap_addr.itf = (short)itf;
	a.sap_addr.vpi = (short)vpi;
	a.sap_addr.vci = vci;
	vpi = a.sap_addr.vpi;	/* as the kernel sees them */
	itf = a.sap_addr.itf;
	real = itf == ATM_ITF_ANY || itf_real(itf);
	it = itf == ATM_ITF_ANY ? &itfs[0] : itf_by_num(itf);
	describe("connect(fd %d PVC state %d qos %s aal %d tx class %d "
		 "pcr %d/%d/%d sdu %d rx class %d pcr %d/%d/%d sdu %d, "
		 "itf %d vpi %d vci %d, len %u, %s)", s->fd, s->state,
		 s->hasqos ? "set" : "none", s->qos.aal,
		 s->qos.txtp.traffic_class, s->qos.txtp.min_pcr,
		 s->qos.txtp.pcr, s->qos.txtp.max_pcr, s->qos.txtp.max_sdu,
		 s->qos.rxtp.traffic_class, s->qos.rxtp.min_pcr,
		 s->qos.rxtp.pcr, s->qos.rxtp.max_pcr, s->qos.rxtp.max_sdu,
		 itf, vpi, vci, len, pname(pk));
	if (pk == P_GOOD)
		memcpy(buf, &a, sizeof(a));
	e = outcome(connect(s->fd, ptr_of(pk), len));

	/* The checks in the order net/atm and the shim make them. */
	if (len > sizeof(struct sockaddr_storage) && pk != P_GOOD)
		only = ES(EINVAL, EFAULT);
	else if (pk != P_GOOD && pk != P_RO && len)
		only = ES(EFAULT);
	else if (len != sizeof(a))
		only = ES(EINVAL);
	else if (bad_fam || pk == P_RO)		/* zeroes: family 0 */
		only = ES(EAFNOSUPPORT);
	else if (!s->hasqos)
		only = ES(EBADFD);
	else if (s->state == ST_CONNECTED)
		only = ES(EISCONN);
	else if (real && !priv && e == EPERM &&
		 (s->qos.txtp.traffic_class == ATM_CBR ||
		  s->qos.txtp.traffic_class == ATM_VBR))
		/* condis: a rate reservation needs CAP_NET_ADMIN */
		only = ES(EPERM);
	else if (real && !priv && e == EDQUOT)
		only = ES(EDQUOT);	/* condis: max_user_vcs */
	else if (real && e == EINVAL && (vpi < 0 || vci < 0))
		/*
		 * condis refuses a partial PVC bind; ANY can come back as a
		 * cached UNSPEC from net/atm's find_ci().
		 */
		only = ES(EINVAL);
	else if (!vpi && !vci)
		only = ES(EINVAL);
	else if ((vpi == ATM_VPI_UNSPEC || vci == ATM_VCI_UNSPEC) &&
		 s->state == ST_PARTIAL)
		only = ES(EINVAL);
	else if (s->qos.txtp.traffic_class == ATM_ANYCLASS ||
		 s->qos.rxtp.traffic_class == ATM_ANYCLASS)
		only = ES(EINVAL);
	else if (!real)
		only = ES(ENODEV);
	else if (s->state == ST_PARTIAL)
		/* net/atm connects a partial socket a second time */
		only = ES(OK, EINVAL, EADDRINUSE, EPERM, EPROTOTYPE, ENOSPC);
	else
		have_only = false;
	if (have_only) {
		expect(e, only);
		if (!e && !in_set(OK, only))
			violation("accepted");
		goto state;
	}
	if ((vpi != ATM_VPI_UNSPEC && vpi != ATM_VPI_ANY &&
	     vpi >> it->vpi_bits) ||
	    (vci != ATM_VCI_UNSPEC && vci != ATM_VCI_ANY &&
	     vci >> it->vci_bits)) {
		expect(e, ES(EINVAL));
		goto state;
	}
	if (vci > 0 && vci < ATM_NOT_RSV_VCI && !priv) {
		expect(e, ES(EPERM));
		goto state;
	}
	aal = s->qos.aal == ATM_NO_AAL ? ATM_AAL5 : s->qos.aal;
	if (aal != ATM_AAL0 && aal != ATM_AAL5 && aal != ATM_AAL34) {
		expect(e, ES(EPROTOTYPE, EADDRINUSE));
		goto state;
	}
	if ((s->qos.txtp.traffic_class &&
	     s->qos.txtp.max_sdu > (aal == ATM_AAL0 ? 52 : 65535)) ||
	    (s->qos.rxtp.traffic_class &&
	     s->qos.rxtp.max_sdu > (aal == ATM_AAL0 ? 52 : 65535))) {
		expect(e, ES(EINVAL, EADDRINUSE));	/* adjust_tp() */
		goto state;
	}
	if (vpi == ATM_VPI_UNSPEC || vci == ATM_VCI_UNSPEC) {
		partial = true;
		expect(e, ES(OK, EADDRINUSE));
		goto state;
	}
	if (aal == ATM_AAL34 ||
	    (aal == ATM_AAL0 && !(it->aal_types & CONDIS_AAL_TYPE_AAL0)) ||
	    !tp_driver_ok(&s->qos.txtp, &odd) ||
	    !tp_driver_ok(&s->qos.rxtp, &odd) ||
	    tx_rate_too_high(&s->qos.txtp, it->link_rate))
		must_fail = true;
	if (must_fail && !e && (vpi == ATM_VPI_ANY || vci == ATM_VCI_ANY) &&
	    !is_connected(s->fd)) {
		/* find_ci() handed out a cached UNSPEC: see below */
	} else if (must_fail) {
		expect(e, ES(EINVAL, EADDRINUSE));
	} else {
		/*
		 * Valid: it opens unless the address is taken (EADDRINUSE),
		 * the rate is not available (EINVAL) or the adapter has no
		 * VC left (ENOSPC).
		 */
		bool reserves = s->qos.txtp.traffic_class == ATM_CBR ||
				s->qos.txtp.traffic_class == ATM_VBR;

		expect(e, reserves ? ES(OK, EADDRINUSE, EINVAL, ENOSPC) :
				     ES(OK, EADDRINUSE, ENOSPC));
		if (!e && odd)
			note("accepted %s", odd);
	}
state:
	if (e)
		return;
	if (is_connected(s->fd)) {
		if (partial)
			violation("a partial address (UNSPEC) gave a connected socket");
		s->state = ST_CONNECTED;
		s->itf = itf == ATM_ITF_ANY ? itfs[0].num : itf;
		read_qos(s);
		{
			struct sockaddr_atmpvc got;
			socklen_t gl = sizeof(got);

			if (getsockname(s->fd, (struct sockaddr *)&got, &gl))
				violation("getsockname after connect: %s",
					  ename(errno));
			s->itf = got.sap_addr.itf;
			s->vpi = got.sap_addr.vpi;
			s->vci = got.sap_addr.vci;
		}
	} else if (partial || s->state == ST_PARTIAL) {
		s->state = ST_PARTIAL;
	} else if (vpi == ATM_VPI_ANY || vci == ATM_VCI_ANY) {
		/*
		 * net/atm's find_ci() keeps the last VPI/VCI it was given in
		 * a static cache, ATM_VPI_UNSPEC included: a later ANY can
		 * get UNSPEC back, and the socket is bound partially (the
		 * driver never saw the QoS). Connecting it again would insert
		 * it in the VCC hash twice (-P).
		 */
		note("connect with ATM_VPI_ANY/ATM_VCI_ANY returned 0 without connecting (net/atm find_ci() cached UNSPEC)");
		s->state = ST_PARTIAL;
	} else {
		violation("connect returned 0 but the socket is not connected");
		s->state = ST_PARTIAL;	/* never connect it again */
	}
}

static void op_connect_svc(struct sk *s)
{
	struct sockaddr_atmsvc a;
	int e;

	memset(&a, 0, sizeof(a));
	a.sas_family = chance(950) ? AF_ATMSVC : AF_ATMPVC;
	a.sas_addr.prv[0] = 0x47;
	a.sas_addr.prv[19] = (unsigned char)rnd(256);
	describe("connect(fd %d SVC state %d qos %s, family %d, O_NONBLOCK)",
		 s->fd, s->state, s->hasqos ? "set" : "none", a.sas_family);
	e = outcome(connect(s->fd, (struct sockaddr *)&a, sizeof(a)));
	/* No signalling daemon runs: a call never completes. */
	expect(e, ES(EINPROGRESS, EALREADY, EUNATCH, EINVAL, EAFNOSUPPORT,
		     EBADFD));
	if (e == EINPROGRESS)
		s->state = ST_CONNECTING;
}

static void op_connect(void)
{
	struct sk *s = rnd_open_sock();

	if (!s)
		return;
	if (s->svc)
		op_connect_svc(s);
	else
		op_connect_pvc(s);
}

static void op_svc_misc(void)
{
	struct sk *s = rnd_open_sock();
	struct sockaddr_atmsvc a;
	int e, v;

	if (!s || !s->svc)
		return;
	switch (rnd(6)) {
	case 0:
		memset(&a, 0, sizeof(a));
		a.sas_family = AF_ATMSVC;
		describe("bind(fd %d SVC)", s->fd);
		e = outcome(bind(s->fd, (struct sockaddr *)&a, sizeof(a)));
		expect(e, s->hasqos ? ES(EUNATCH, EINVAL, EISCONN) :
				      ES(EBADFD, EINVAL, EISCONN));
		break;
	case 1:
		describe("listen(fd %d SVC)", s->fd);
		e = outcome(listen(s->fd, (int)rnd(10)));
		expect(e, ES(EUNATCH, EINVAL, EADDRINUSE));
		break;
	case 2:
		describe("accept(fd %d SVC)", s->fd);
		v = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK);
		e = outcome(v);
		expect(e, ES(EUNATCH, EAGAIN, EINVAL));
		if (v >= 0)
			close(v);
		break;
	case 3:
		v = (int)rnd(3);
		describe("setsockopt(fd %d SVC, SO_MULTIPOINT, %d)", s->fd, v);
		e = outcome(setsockopt(s->fd, SOL_ATM, SO_MULTIPOINT, &v,
				       sizeof(v)));
		expect(e, v < 2 ? ES(OK) : ES(EINVAL));
		if (!e)
			s->session = v == 1;
		break;
	case 4: {
		struct atm_sap sap;

		memset(&sap, (int)rnd(256), sizeof(sap));
		describe("setsockopt(fd %d SVC, SO_ATMSAP)", s->fd);
		e = outcome(setsockopt(s->fd, SOL_ATM, SO_ATMSAP, &sap,
				       sizeof(sap)));
		expect(e, ES(OK));
		break;
	}
	case 5:
		v = (int)rnd(4);
		describe("ioctl(fd %d SVC, ATM_DROPPARTY, %d) session %d",
			 s->fd, v, s->session);
		e = outcome(ioctl(s->fd, ATM_DROPPARTY, &v));
		expect(e, s->session ? ES(EUNATCH) : ES(EINVAL));
		break;
	}
}

static size_t rnd_size(const struct sk *s)
{
	int m = s->qos.txtp.max_sdu;

	return (size_t)PICK(0, 1, 47, 48, 52, 53, 100, 1 + (long)rnd(9180),
			    1 + (long)rnd(9180), (long)m - 1, m, (long)m + 1,
			    65535, 65536, 70000, (long)rnd(70001));
}

static void op_send(void)
{
	struct sk *s = rnd_open_sock();
	int pk = pick_ptr_kind(20), e, aal;
	size_t n;
	ssize_t r;

	if (!s)
		return;
	n = rnd_size(s);
	if (n > 70000)
		n = 70000;
	describe("send(fd %d %s state %d aal %d tx class %d max_sdu %d, %s, "
		 "%zu, MSG_DONTWAIT)", s->fd, s->svc ? "SVC" : "PVC",
		 s->state, s->qos.aal, s->qos.txtp.traffic_class,
		 s->qos.txtp.max_sdu, pname(pk), n);
	r = send(s->fd, ptr_of(pk), n, MSG_DONTWAIT | MSG_NOSIGNAL);
	e = outcome(r);
	if (pk == P_KERNEL) {
		expect(e, ES(EFAULT));	/* access_ok(), before the socket */
		return;
	}
	if (s->state != ST_CONNECTED) {
		expect(e, ES(ENOTCONN));
		return;
	}
	aal = s->qos.aal;
	if (!n) {
		expect(e, ES(OK));
	} else if (n > (size_t)(long)s->qos.txtp.max_sdu) {
		expect(e, ES(EMSGSIZE));	/* the ATM core's check */
	} else if (s->qos.txtp.traffic_class == ATM_NONE) {
		/* receive-only VC */
		expect(e, readable(pk, n) ? ES(EINVAL, EAGAIN) :
					    ES(EINVAL, EAGAIN, EFAULT));
	} else if (aal == ATM_AAL0 && n != ATM_AAL0_SDU) {
		expect(e, readable(pk, n) ? ES(EINVAL, EAGAIN) :
					    ES(EFAULT, EAGAIN));
	} else if (n > itf_by_num(s->itf)->max_sdu) {
		expect(e, readable(pk, n) ? ES(EMSGSIZE, EAGAIN) :
					    ES(EFAULT, EAGAIN));
	} else {
		expect(e, readable(pk, n) ? ES(OK, EAGAIN) :
					    ES(EFAULT, EAGAIN));
		if (!e && (size_t)r != n)
			violation("sent %zd of %zu bytes", r, n);
	}
}

static void op_recv(void)
{
	struct sk *s = rnd_open_sock();
	int pk = pick_ptr_kind(20), e;
	int flags = (int)PICK(0, 0, 0, MSG_PEEK, MSG_OOB, MSG_WAITALL,
			      MSG_TRUNC);
	size_t n = (size_t)PICK(0, 1, 48, 100, 9180, 65535, 70000,
				(long)rnd(70001));
	ssize_t r;

	if (!s)
		return;
	/*
	 * net/atm's vcc_recvmsg() leaks the skb (and its receive buffer
	 * charge) when the copy to user space fails: a bad buffer on a
	 * socket with data only with -P. (A kernel address fails before.)
	 */
	if (!g_partial && s->state == ST_CONNECTED && pk != P_KERNEL)
		pk = P_GOOD;
	describe("recv(fd %d %s state %d, %s, %zu, 0x%x|MSG_DONTWAIT)", s->fd,
		 s->svc ? "SVC" : "PVC", s->state, pname(pk), n, flags);
	r = recv(s->fd, ptr_of(pk), n, flags | MSG_DONTWAIT);
	e = outcome(r);
	if (pk == P_KERNEL)
		expect(e, ES(EFAULT));	/* access_ok(), before the socket */
	else if (s->state != ST_CONNECTED)
		expect(e, ES(ENOTCONN));
	else if (flags & ~MSG_PEEK)
		expect(e, ES(EOPNOTSUPP));
	else if (pk != P_GOOD && n)
		expect(e, ES(EAGAIN, EFAULT));
	else
		expect(e, ES(OK, EAGAIN));
	if (r > (ssize_t)n)
		violation("recv returned %zd > %zu", r, n);
}

static void op_close(void)
{
	struct sk *s = rnd_open_sock();
	int e;

	if (!s)
		return;
	describe("close(fd %d %s state %d)", s->fd, s->svc ? "SVC" : "PVC",
		 s->state);
	e = outcome(close(s->fd));
	expect(e, ES(OK));
	s->fd = -1;
}

static void op_sockopt(void)
{
	struct sk *s = rnd_open_sock();
	socklen_t l;
	int e, v;
	unsigned char g[16];

	if (!s)
		return;
	switch (rnd(5)) {
	case 0:
		l = chance(900) ? sizeof(struct atm_qos) : (socklen_t)rnd(200);
		describe("getsockopt(fd %d, SO_ATMQOS, len %u) hasqos %d",
			 s->fd, l, s->hasqos);
		e = outcome(getsockopt(s->fd, SOL_ATM, SO_ATMQOS, buf, &l));
		expect(e, s->hasqos && l == sizeof(struct atm_qos) ? ES(OK) :
								     ES(EINVAL));
		break;
	case 1:
		l = sizeof(struct sockaddr_atmpvc);
		describe("getsockopt(fd %d state %d, SO_ATMPVC)", s->fd,
			 s->state);
		e = outcome(getsockopt(s->fd, SOL_ATM, SO_ATMPVC, buf, &l));
		expect(e, s->state == ST_CONNECTED ? ES(OK) :
						     ES(ENOTCONN, OK));
		if (!e && s->state == ST_NEW)
			violation("SO_ATMPVC of a socket never connected");
		break;
	case 2:
		v = (int)rnd(3);
		describe("setsockopt(fd %d, SO_SETCLP, %d)", s->fd, v);
		e = outcome(setsockopt(s->fd, SOL_ATM, SO_SETCLP, &v,
				       sizeof(v)));
		expect(e, ES(OK));
		break;
	case 3:
		memset(g, 0xa5, sizeof(g));
		l = sizeof(int);
		describe("getsockopt(fd %d, SO_SETCLP, len 4)", s->fd);
		e = outcome(getsockopt(s->fd, SOL_ATM, SO_SETCLP, g, &l));
		expect(e, ES(OK));
		if (!e && g[4] != 0xa5)
			note("getsockopt(SO_SETCLP) writes more than the 4 bytes of its int "
			     "(net/atm puts an unsigned long)");
		break;
	case 4:
		v = (int)PICK(SIOCINQ, SIOCOUTQ);
		describe("ioctl(fd %d state %d, %s)", s->fd, s->state,
			 v == SIOCINQ ? "SIOCINQ" : "SIOCOUTQ");
		e = outcome(ioctl(s->fd, (unsigned long)v, buf));
		expect(e, s->state == ST_CONNECTED ? ES(OK) : ES(EINVAL));
		break;
	}
}

/* One device ioctl through the ATM core's struct atmif_sioc path. */
static void op_devioctl(void)
{
	static const struct {
		unsigned long cmd;
		const char *name;
	} cmds[] = {
#define C(x) { x, #x }
		C(ATM_GETSTAT), C(ATM_GETSTATZ), C(ATM_GETLOOP),
		C(ATM_SETLOOP), C(ATM_QUERYLOOP), C(ATM_GETESI),
		C(ATM_GETADDR), C(ATM_GETLECSADDR), C(ATM_GETTYPE),
		C(ATM_GETCIRANGE), C(ATM_GETLINKRATE), C(ATM_SETESI),
		C(ATM_SETESIF), C(ATM_SETCIRANGE), C(ATM_RSTADDR),
		C(ATM_ADDADDR), C(ATM_DELADDR), C(SONET_GETSTAT),
		C(SONET_GETSTATZ), C(SONET_SETDIAG), C(SONET_CLRDIAG),
		C(SONET_GETDIAG), C(SONET_SETFRAMING), C(SONET_GETFRAMING),
		C(SONET_GETFRSENSE), C(ATM_GETNAMES), { 0, "random" },
#undef C
	};
	unsigned int i = rnd(sizeof(cmds) / sizeof(cmds[0]));
	unsigned long cmd = cmds[i].cmd;
	bool real, bad_sioc = chance(10);
	int num = rnd_itf_num(&real), pk = pick_ptr_kind(60), e, len, v = 0;
	struct itf *it = itf_by_num(num);
	void *arg = ptr_of(pk);
	bool good = pk == P_GOOD, wgood = pk == P_GOOD;	/* readable, writable */
	long r;
	int j;

	if (pk == P_RO)
		good = true;
	len = (int)PICK(0, 4, 6, sizeof(struct atm_dev_stats),
			sizeof(struct sockaddr_atmsvc),
			2 * sizeof(struct sockaddr_atmsvc), 4096, -1);
	if (!cmd) {
		/* An unknown command in the ranges that reach the driver. */
		for (j = 0; j < 20; j++) {
			unsigned int k;

			cmd = _IOC(rnd(4), 'a', rnd(0x90), rnd(64));
			for (k = 0; k + 1 < sizeof(cmds) / sizeof(cmds[0]); k++)
				if (cmds[k].cmd == cmd)
					break;
			if (k + 1 == sizeof(cmds) / sizeof(cmds[0]) &&
			    cmd != CONDIS_IOC_QUERY && cmd != CONDIS_IOC_SET &&
			    cmd != CONDIS_IOC_RESET)
				break;
		}
	}
	if (cmd == ATM_SETLOOP || cmd == SONET_SETFRAMING) {
		/* The argument is the value. */
		v = cmd == ATM_SETLOOP ?
		    (int)PICK(ATM_LM_NONE, ATM_LM_NONE, ATM_LM_LOC_PHY,
			      ATM_LM_LOC_AAL, ATM_LM_RMT_PHY,
			      ATM_LM_LOC_PHY | ATM_LM_RMT_PHY,
			      ATM_LM_LOC_ANALOG | ATM_LM_RMT_PHY, (long)rnd(1 << 16),
			      -1) :
		    (int)PICK(SONET_FRAME_SONET, SONET_FRAME_SDH, 2, -1);
		arg = (void *)(long)v;
	} else if (cmd == SONET_SETDIAG || cmd == SONET_CLRDIAG) {
		v = (int)PICK(0, 1, 0x80, 0xff, 0x100, -1);
		if (pk == P_GOOD)
			memcpy(buf, &v, sizeof(v));
		else
			v = 0;		/* the read-only page holds zeroes */
	} else if (cmd == ATM_ADDADDR || cmd == ATM_DELADDR) {
		struct sockaddr_atmsvc a;

		memset(&a, 0, sizeof(a));
		a.sas_family = chance(900) ? AF_ATMSVC : 0;
		a.sas_addr.prv[0] = chance(900) ? 0x47 : 0;
		a.sas_addr.prv[19] = (unsigned char)rnd(4);
		if (pk == P_GOOD)
			memcpy(buf, &a, sizeof(a));
	} else if (cmd == ATM_SETESIF && good && it) {
		if (pk == P_GOOD)
			memcpy(buf, it->esi, ESI_LEN);	/* never another ESI */
		else
			pk = P_GONE, arg = ptr_of(pk), good = wgood = false;
	}
	describe("ioctl(%s 0x%lx, itf %d, arg %s (value %d), len %d%s)",
		 cmds[i].name, cmd, num, cmd == ATM_SETLOOP ||
		 cmd == SONET_SETFRAMING ? "value" : pname(pk), v, len,
		 bad_sioc ? ", sioc unmapped" : "");

	if (cmd == ATM_GETNAMES) {
		struct atm_iobuf ib = { .length = len, .buffer = arg };

		r = ioctl(ctl, cmd, bad_sioc ? (void *)gone_page : (void *)&ib);
		e = outcome(r);
		if (bad_sioc)
			expect(e, ES(EFAULT));
		else if (len < nitf * (int)sizeof(int))
			expect(e, ES(E2BIG));
		else
			expect(e, wgood ? ES(OK) : ES(EFAULT));
		return;
	}
	r = sioc_ioctl(ctl, cmd, num, arg, len, bad_sioc);
	e = outcome(r);
	if (bad_sioc) {
		expect(e, ES(EFAULT));
		return;
	}
	if (!real) {
		expect(e, ES(ENODEV));
		return;
	}
	if (cmd == ATM_SETLOOP && (v >> 8 & 0xff) && (v & 0xff) > (v >> 8 & 0xff)) {
		expect(e, ES(EINVAL));
		return;
	}
	if (!priv && (cmd == ATM_GETSTATZ || cmd == ATM_SETESIF ||
		      cmd == ATM_SETCIRANGE || cmd == ATM_RSTADDR ||
		      cmd == ATM_ADDADDR || cmd == ATM_DELADDR ||
		      cmd == ATM_SETLOOP || cmd == SONET_GETSTATZ ||
		      cmd == SONET_SETDIAG || cmd == SONET_CLRDIAG ||
		      cmd == SONET_SETFRAMING)) {
		expect(e, ES(EPERM));
		return;
	}
	if ((cmd == ATM_GETSTAT || cmd == ATM_GETSTATZ) && pk == P_NULL) {
		expect(e, ES(OK));	/* NULL: nothing copied (GETSTATZ zeroes) */
		return;
	}
	switch (cmd) {
	case ATM_GETSTAT: case ATM_GETSTATZ: case SONET_GETSTAT:
	case SONET_GETSTATZ: case ATM_GETLOOP: case ATM_QUERYLOOP:
	case ATM_GETESI: case ATM_GETTYPE: case ATM_GETCIRANGE:
	case ATM_GETLINKRATE: case SONET_GETDIAG: case SONET_GETFRAMING:
		expect(e, wgood ? ES(OK) : ES(EFAULT));
		if (e || !wgood)
			break;
		memcpy(&v, buf, sizeof(v));
		if (cmd == ATM_QUERYLOOP && v != it->loop_modes)
			violation("QUERYLOOP %d, was %d", v, it->loop_modes);
		if (cmd == ATM_GETLOOP && v && v != (v & it->loop_modes))
			violation("GETLOOP %d: not a supported mode", v);
		if (cmd == ATM_GETESI && memcmp(buf, it->esi, ESI_LEN))
			violation("the ESI changed");
		if (cmd == ATM_GETLINKRATE && v != it->link_rate)
			note("link rate %d, was %d", v, it->link_rate);
		if (cmd == ATM_GETTYPE && strcmp((char *)buf, dev_type))
			violation("type %.20s, was %s", buf, dev_type);
		if (cmd == SONET_GETFRAMING && v != SONET_FRAME_SONET &&
		    v != SONET_FRAME_SDH)
			violation("framing %d", v);
		if (cmd == SONET_GETDIAG && (v & ~0xff))
			violation("diag 0x%x", v);
		break;
	case ATM_SETLOOP:
		expect(e, v == ATM_LM_NONE ||
			  (v > 0 && !(v & (v - 1)) && (v & it->loop_modes)) ?
			  ES(OK) : ES(EINVAL));
		break;
	case SONET_SETFRAMING:
		expect(e, v == SONET_FRAME_SONET || v == SONET_FRAME_SDH ?
			  ES(OK) : ES(EINVAL));
		break;
	case SONET_SETDIAG: case SONET_CLRDIAG:
		if (!good)
			expect(e, ES(EFAULT));
		else if (v & ~0xff)
			expect(e, ES(EINVAL));
		else
			expect(e, wgood ? ES(OK) : ES(EFAULT));
		break;
	case ATM_GETADDR: case ATM_GETLECSADDR:
		/* E2BIG when the list does not fit (never with no address) */
		expect(e, wgood ? ES(OK, E2BIG) : ES(OK, E2BIG, EFAULT));
		break;
	case ATM_SETESI:
		expect(e, ES(EEXIST));	/* the ESI is set */
		break;
	case ATM_SETESIF:
		expect(e, good ? ES(OK) : ES(EFAULT));
		if (!e && r != ESI_LEN)
			violation("SETESIF returned %ld", r);
		break;
	case ATM_SETCIRANGE: case SONET_GETFRSENSE:
		expect(e, ES(ENOTTY));
		break;
	case ATM_RSTADDR:
		expect(e, ES(OK));
		break;
	case ATM_ADDADDR: case ATM_DELADDR:
		expect(e, !good ? ES(EFAULT) :
			  ES(OK, EINVAL, EAFNOSUPPORT, EEXIST, ENOENT));
		break;
	default:	/* an unknown command */
		expect(e, ES(ENOTTY));
		break;
	}
}

static void op_oid(void)
{
	struct condis_oid_request q;
	struct sk *own = rnd_open_sock();
	bool real, set = chance(300), bad_sioc = chance(10), bad_req = chance(10);
	bool mismatch = false, bad_field = false, vc_own = false, vc = false;
	int num = rnd_itf_num(&real), pk = pick_ptr_kind(80), e;
	struct itf *it = itf_by_num(num);
	unsigned int oid, size, st, want;
	struct atmif_sioc sio;

	memset(&q, 0, sizeof(q));
	q.itf = num;
	if (chance(20)) {
		q.itf = num + 1;
		mismatch = true;
	}
	if (chance(700) && noids)
		oid = oids[rnd((unsigned)noids)];
	else
		oid = (unsigned int)PICK(OID_ATM_SUPPORTED_VC_RATES,
					 OID_ATM_GET_NEAREST_FLOW, 0, 0xffffffff,
					 OID_GEN_CO_SUPPORTED_LIST - 1,
					 OID_ATM_MAX_AAL5_PACKET_SIZE + 1,
					 0x00010201, 0x0001010e,
					 (long)(splitmix(&rs) & 0xffffffff));
	q.oid = oid;
	size = oid_listed(oid) ? oid_size(oid) : 4;
	q.len = (unsigned int)PICK(0, size, size, size, size - 1, size + 1, 1,
				   4, 8, 4096, 65536, 65537, 70000, 0xffffffff);
	q.buf = (unsigned long)ptr_of(pk);
	if (chance(200)) {
		vc = true;
		q.flags = CONDIS_REQ_VC;
		if (own && own->state == ST_CONNECTED && own->itf == num &&
		    chance(700)) {
			vc_own = true;
			q.vpi = (unsigned short)own->vpi;
			q.vci = (unsigned int)own->vci;
		} else {
			q.vpi = (unsigned short)rnd(3);
			q.vci = 32 + rnd(100);
		}
	}
	if (chance(15)) {
		bad_field = true;
		switch (rnd(3)) {
		case 0: q.flags |= 2u << rnd(31); break;
		case 1: q.reserved0 = (unsigned short)(1 + rnd(65535)); break;
		case 2: q.reserved1 = 1 + rnd(1000); break;
		}
	}
	if (set && pk == P_GOOD) {
		unsigned int v = (unsigned int)PICK(0, 1, 4, 7, 8, 0xffffffff);

		if (oid == OID_GEN_CO_PROTOCOL_OPTIONS && it && chance(500))
			v = it->proto_opts;	/* mostly leave it as it was */
		memcpy(buf, &v, sizeof(v));
	}
	describe("ioctl(%s, itf %d: itf %d flags 0x%x vc %u.%u%s oid 0x%08x "
		 "len %u buf %s%s%s)", set ? "CONDIS_IOC_SET" : "CONDIS_IOC_QUERY",
		 num, q.itf, q.flags, q.vpi, q.vci, vc_own ? " (own)" : "",
		 oid, q.len, pname(pk), bad_sioc ? ", sioc unmapped" : "",
		 bad_req ? ", request unmapped" : "");
	sio.number = num;
	sio.length = sizeof(q);
	sio.arg = bad_req ? (void *)gone_page : (void *)&q;
	q.ndis_status = 0xdeadbeef;
	e = outcome(ioctl(ctl, set ? CONDIS_IOC_SET : CONDIS_IOC_QUERY,
			  bad_sioc ? (void *)gone_page : (void *)&sio));
	if (bad_sioc || (real && bad_req)) {
		expect(e, ES(EFAULT));
		return;
	}
	if (!real) {
		expect(e, ES(ENODEV));
		return;
	}
	if (mismatch || q.len > CONDIS_MAX_INFO_LEN || bad_field) {
		expect(e, ES(EINVAL));
		return;
	}
	if (set && !priv) {
		expect(e, ES(EPERM));
		return;
	}
	if (set && q.len && !readable(pk, q.len)) {
		expect(e, ES(EFAULT));
		return;
	}
	st = q.ndis_status;
	/* What the request must answer (condis.rst "OID requests"). */
	if (set) {
		unsigned int v = 0;

		if (pk == P_GOOD)
			memcpy(&v, buf, sizeof(v));
		if (oid == OID_GEN_CO_PROTOCOL_OPTIONS)
			want = q.len != 4 ? CONDIS_STATUS_INVALID_LENGTH :
			       v & ~7u ? CONDIS_STATUS_INVALID_DATA :
			       CONDIS_STATUS_SUCCESS;
		else if (oid_listed(oid) || oid == OID_ATM_SUPPORTED_VC_RATES ||
			 oid == OID_ATM_GET_NEAREST_FLOW)
			want = CONDIS_STATUS_NOT_SUPPORTED;
		else
			want = CONDIS_STATUS_INVALID_OID;
	} else if (oid == OID_ATM_SUPPORTED_VC_RATES ||
		   oid == OID_ATM_GET_NEAREST_FLOW) {
		want = CONDIS_STATUS_NOT_SUPPORTED;
	} else if (!oid_listed(oid)) {
		want = CONDIS_STATUS_INVALID_OID;
	} else if (vc && oid_miniport(oid)) {
		want = CONDIS_STATUS_NOT_SUPPORTED;
	} else {
		want = q.len < size ? CONDIS_STATUS_BUFFER_TOO_SHORT :
				      CONDIS_STATUS_SUCCESS;
	}
	if (!set && want == CONDIS_STATUS_SUCCESS && pk != P_GOOD && q.len) {
		/* The value cannot be copied out. */
		if (!e && q.ndis_status == CONDIS_STATUS_RESET_IN_PROGRESS &&
		    g_reset_pm)
			return;		/* nothing to copy out */
		if (!e && q.ndis_status == CONDIS_STATUS_VC_NOT_ACTIVATED &&
		    vc && !vc_own)
			return;		/* nobody has that VC */
		expect(e, ES(EFAULT));
		return;
	}
	expect(e, ES(OK));
	if (e)
		return;
	if (st == want)
		;
	else if (st == CONDIS_STATUS_RESET_IN_PROGRESS && g_reset_pm)
		return;		/* a reset by another worker */
	else if (st == CONDIS_STATUS_VC_NOT_ACTIVATED && vc && !vc_own)
		return;		/* nobody has that VC */
	else {
		violation("status %s, want %s", stname(st), stname(want));
		return;
	}
	if (want == CONDIS_STATUS_BUFFER_TOO_SHORT && q.bytes_needed != size)
		violation("BUFFER_TOO_SHORT with bytes_needed %u, want %u",
			  q.bytes_needed, size);
	if (want == CONDIS_STATUS_INVALID_LENGTH && q.bytes_needed != 4)
		violation("INVALID_LENGTH with bytes_needed %u, want 4",
			  q.bytes_needed);
	if (want == CONDIS_STATUS_SUCCESS && !set && q.bytes_written != size)
		violation("bytes_written %u, want %u", q.bytes_written, size);
	if (want != CONDIS_STATUS_SUCCESS && q.bytes_written)
		violation("bytes_written %u with %s", q.bytes_written,
			  stname(st));
	if (want == CONDIS_STATUS_SUCCESS && !set) {
		unsigned int v;

		memcpy(&v, buf, sizeof(v));
		if (oid == OID_ATM_HW_CURRENT_ADDRESS &&
		    memcmp(buf, it->esi, ESI_LEN))
			violation("HW_CURRENT_ADDRESS is not the ESI");
		if ((oid == OID_GEN_CO_MEDIA_IN_USE ||
		     oid == OID_GEN_CO_MEDIA_SUPPORTED) && v != CONDIS_MEDIUM_ATM)
			violation("medium %u", v);
		if (oid == OID_GEN_CO_HARDWARE_STATUS &&
		    v != CONDIS_HARDWARE_STATUS_READY)
			violation("hardware status %u (not ready)", v);
		if (oid == OID_ATM_MAX_ACTIVE_VPI_BITS &&
		    v != (unsigned int)it->vpi_bits)
			violation("VPI bits %u, want %d", v, it->vpi_bits);
		if (oid == OID_ATM_MAX_ACTIVE_VCI_BITS &&
		    v != (unsigned int)it->vci_bits)
			violation("VCI bits %u, want %d", v, it->vci_bits);
		if (oid == OID_GEN_CO_PROTOCOL_OPTIONS && (v & ~7u))
			violation("protocol options 0x%x", v);
	}
}

static void op_reset(void)
{
	bool real;
	int num = rnd_itf_num(&real), e;

	describe("ioctl(CONDIS_IOC_RESET, itf %d)", num);
	e = outcome(sioc_ioctl(ctl, CONDIS_IOC_RESET, num, NULL, 0, false));
	if (!real)
		expect(e, ES(ENODEV));
	else if (!priv)
		expect(e, ES(EPERM));
	else
		expect(e, ES(OK));	/* EIO: the device died */
}

/* ------------------------------------------------------------------ */

/*
 * -F: from now on the kernel's failslab and fail_page_alloc may fail this
 * process's allocations (with task-filter set). A worker that dropped
 * root still owns its /proc/self.
 */
static void make_it_fail(void)
{
	int fd = open("/proc/self/make-it-fail", O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, "1", 1) != 1) {
		perror("atmfuzz: /proc/self/make-it-fail");
		_exit(2);
	}
	close(fd);
}

static void worker(int i, long nops)
{
	struct wstat *w = &wst[i];
	long per[16] = { 0 };
	unsigned int r;
	int k;

	me = i;
	wseed = worker_seed(i);
	rs = wseed;
	priv = !(g_unpriv_every && i % g_unpriv_every == 1 % g_unpriv_every);
	/*
	 * Before setuid: make-it-fail is root's to write. Then setuid may
	 * fail too (EAGAIN, ENOMEM): try again.
	 */
	if (g_faults)
		make_it_fail();
	for (k = 0; !priv && k < 1000; k++)
		if ((!setgid(65534) && !setuid(65534)) || !g_faults)
			break;
	if (!priv && getuid() != 65534) {
		perror("atmfuzz: setuid");
		_exit(2);
	}
	printf("atmfuzz: worker %d seed %llu %s, %ld operations\n", i, wseed,
	       priv ? "root" : "uid 65534", nops);
	fflush(stdout);
	for (k = 0; k < NSOCK; k++)
		socks[k].fd = -1;
	/* Under -F the first tries may fail (ENOMEM, ENFILE). */
	for (k = 0; k < 1000; k++) {
		ctl = socket(PF_ATMPVC, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (ctl >= 0 || !g_faults)
			break;
	}
	if (ctl < 0) {
		perror("atmfuzz: socket");
		_exit(2);
	}
	for (op = 0; op < nops; op++) {
		if (g_deadline && (op & 15) == 0 && time(NULL) >= g_deadline)
			break;
		w->ops = op;
		r = rnd(1000);
		if (r < 90)
			k = 0, op_socket();
		else if (r < 200)
			k = 1, op_setqos();
		else if (r < 330)
			k = 2, op_connect();
		else if (r < 500)
			k = 3, op_send();
		else if (r < 580)
			k = 4, op_recv();
		else if (r < 660)
			k = 5, op_close();
		else if (r < 720)
			k = 6, op_sockopt();
		else if (r < 750)
			k = 7, op_svc_misc();
		else if (r < 860)
			k = 8, op_devioctl();
		else if (r < 1000 - (unsigned int)g_reset_pm)
			k = 9, op_oid();
		else
			k = 10, op_reset();
		per[k]++;
	}
	w->ops = op;
	for (k = 0; k < 16; k++)
		w->calls[k] = per[k];
	/* Close the rest at once: exit does the same, but this counts. */
	for (k = 0; k < NSOCK; k++)
		if (socks[k].fd >= 0 && close(socks[k].fd))
			violation("final close: %s", ename(errno));
	w->done = 1;
	_exit(w->violations ? 1 : 0);
}

/* ------------------------------------------------------------------ */
/* Setup (parent, as root) */

static int oid_query(int fd, int itf, unsigned int oid, void *out,
		     unsigned int len)
{
	struct condis_oid_request q = { .itf = itf, .oid = oid, .len = len,
					.buf = (unsigned long)out };
	struct atmif_sioc s = { .number = itf, .length = sizeof(q), .arg = &q };

	if (ioctl(fd, CONDIS_IOC_QUERY, &s) < 0 ||
	    q.ndis_status != CONDIS_STATUS_SUCCESS)
		return -1;
	return (int)q.bytes_written;
}

static int oid_set_u32(int fd, int itf, unsigned int oid, unsigned int v)
{
	struct condis_oid_request q = { .itf = itf, .oid = oid, .len = 4,
					.buf = (unsigned long)&v };
	struct atmif_sioc s = { .number = itf, .length = sizeof(q), .arg = &q };

	if (ioctl(fd, CONDIS_IOC_SET, &s) < 0 ||
	    q.ndis_status != CONDIS_STATUS_SUCCESS)
		return -1;
	return 0;
}

static int setup(void)
{
	int fd = socket(PF_ATMPVC, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int names[MAX_ITF * 4], i, n;
	struct atm_iobuf ib = { .length = sizeof(names), .buffer = names };
	unsigned char b[4096];

	if (fd < 0) {
		perror("atmfuzz: socket(PF_ATMPVC)");
		return -1;
	}
	if (ioctl(fd, ATM_GETNAMES, &ib) < 0) {
		perror("atmfuzz: ATM_GETNAMES");
		return -1;
	}
	n = ib.length / (int)sizeof(int);
	for (i = 0; i < n && nitf < MAX_ITF; i++) {
		struct itf *it = &itfs[nitf];
		struct atm_cirange cr;
		char type[32] = "";
		unsigned int v;

		it->num = names[i];
		if (sioc_ioctl(fd, ATM_GETTYPE, it->num, type, sizeof(type),
			       false) < 0)
			continue;
		/* Only devices the shim drives (they answer OIDs). */
		if (oid_query(fd, it->num, OID_ATM_SUPPORTED_AAL_TYPES, &v,
			      4) != 4) {
			fprintf(stderr, "atmfuzz: itf %d (%s) is not a CoNDIS "
				"adapter; ATM_ITF_ANY may pick it\n", it->num,
				type);
			continue;
		}
		it->aal_types = v;
		snprintf(dev_type, sizeof(dev_type), "%s", type);
		if (sioc_ioctl(fd, ATM_GETCIRANGE, it->num, &cr, sizeof(cr),
			       false) < 0 ||
		    sioc_ioctl(fd, ATM_GETLINKRATE, it->num, &it->link_rate,
			       sizeof(int), false) < 0 ||
		    sioc_ioctl(fd, ATM_QUERYLOOP, it->num, &it->loop_modes,
			       sizeof(int), false) < 0 ||
		    sioc_ioctl(fd, ATM_GETESI, it->num, it->esi, ESI_LEN,
			       false) < 0 ||
		    sioc_ioctl(fd, SONET_GETFRAMING, it->num, &it->framing,
			       sizeof(int), false) < 0 ||
		    oid_query(fd, it->num, OID_ATM_MAX_AAL5_PACKET_SIZE,
			      &it->max_sdu, 4) != 4 ||
		    oid_query(fd, it->num, OID_GEN_CO_PROTOCOL_OPTIONS,
			      &it->proto_opts, 4) != 4) {
			perror("atmfuzz: interface setup");
			return -1;
		}
		it->vpi_bits = cr.vpi_bits;
		it->vci_bits = cr.vci_bits;
		it->naddr = sioc_ioctl(fd, ATM_GETADDR, it->num, b, sizeof(b),
				       false) < 0 ? -1 : 0;
		if (nitf == 0) {
			int l = oid_query(fd, it->num,
					  OID_GEN_CO_SUPPORTED_LIST, oids,
					  sizeof(oids));

			if (l <= 0) {
				fprintf(stderr, "atmfuzz: no OID list\n");
				return -1;
			}
			noids = l / 4;
			l = oid_query(fd, it->num, OID_GEN_CO_VENDOR_DESCRIPTION,
				      b, sizeof(b));
			desc_size = l > 0 ? (unsigned int)l : 0;
		}
		printf("atmfuzz: itf %d %s vpi_bits %d vci_bits %d rate %d "
		       "loopback 0x%x aal 0x%x\n", it->num, type, it->vpi_bits,
		       it->vci_bits, it->link_rate, it->loop_modes,
		       it->aal_types);
		nitf++;
	}
	close(fd);
	if (!nitf) {
		fprintf(stderr, "atmfuzz: no CoNDIS ATM interface\n");
		return -1;
	}
	return 0;
}

/* Put back what root workers may have changed (loopback, framing, ...). */
static int restore(void)
{
	int fd = socket(PF_ATMPVC, SOCK_DGRAM | SOCK_CLOEXEC, 0), i, bad = 0;

	for (i = 0; i < nitf; i++) {
		struct itf *it = &itfs[i];
		int diag = 0xff, loop = -1;

		/* A port left in PHY loopback sends to itself, not the link. */
		sioc_ioctl(fd, ATM_GETLOOP, it->num, &loop, sizeof(loop), false);
		printf("atmfuzz: itf %d: loopback 0x%x at the end%s\n", it->num,
		       loop, g_keep ? "" : ", now off");
		if (g_keep)
			continue;
		if (sioc_ioctl(fd, ATM_SETLOOP, it->num,
			       (void *)(long)ATM_LM_NONE, 0, false) < 0 ||
		    sioc_ioctl(fd, SONET_SETFRAMING, it->num,
			       (void *)(long)it->framing, 0, false) < 0 ||
		    sioc_ioctl(fd, SONET_CLRDIAG, it->num, &diag, sizeof(int),
			       false) < 0 ||
		    oid_set_u32(fd, it->num, OID_GEN_CO_PROTOCOL_OPTIONS,
				it->proto_opts) < 0 ||
		    (it->naddr == 0 &&
		     sioc_ioctl(fd, ATM_RSTADDR, it->num, NULL, 0, false) < 0)) {
			printf("VIOLATION seed %llu: itf %d: restoring its "
			       "settings failed: %s\n", g_seed, it->num,
			       strerror(errno));
			bad = 1;
		}
	}
	close(fd);
	return bad;
}

static void usage(void)
{
	fprintf(stderr, "usage: atmfuzz [-s SEED] [-w WORKERS] [-n OPS] "
		"[-t SECONDS] [-u UNPRIV_EVERY] [-R RESET_PER_MILLE] "
		"[-o WORKER] [-v] [-P] [-k] [-F]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	long per, total = 0, viol = 0, notes = 0, errs[160] = { 0 };
	static const char *const kinds[] = {
		"socket", "setqos", "connect", "send", "recv", "close",
		"sockopt", "svc", "devioctl", "oid", "reset",
	};
	long calls[11] = { 0 };
	int only = -1, c, i, status, alive, bad = 0;
	pid_t *pids;
	long *last_ops;
	time_t *last_change;
	sigset_t ss;
	struct timespec one = { 1, 0 };
	time_t t0 = time(NULL);

	g_seed = (unsigned long long)time(NULL);
	while ((c = getopt(argc, argv, "s:w:n:t:u:R:o:vPkF")) != -1) {
		switch (c) {
		case 's': g_seed = strtoull(optarg, NULL, 0); break;
		case 'w': g_workers = atoi(optarg); break;
		case 'n': g_ops = atol(optarg); break;
		case 't': g_secs = atoi(optarg); break;
		case 'u': g_unpriv_every = atoi(optarg); break;
		case 'R': g_reset_pm = atoi(optarg); break;
		case 'o': only = atoi(optarg); break;
		case 'v': g_verbose = 1; break;
		case 'P': g_partial = 1; break;
		case 'k': g_keep = 1; break;
		case 'F': g_faults = 1; break;
		default: usage();
		}
	}
	if (optind != argc || g_workers < 1 || g_workers > 64 || g_ops < 0 ||
	    g_secs < 0 || g_unpriv_every < 0 || g_reset_pm < 0 ||
	    g_reset_pm > 100 || only >= g_workers)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	printf("atmfuzz: seed %llu workers %d operations %ld seconds %d "
	       "unprivileged every %d resets %d/1000\n", g_seed, g_workers,
	       g_ops, g_secs, g_unpriv_every, g_reset_pm);
	if (setup())
		return 2;

	buf = mmap(NULL, BUFSZ, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* A read-only page with a PROT_NONE guard page after it. */
	ro_page = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro_page != MAP_FAILED && mprotect(ro_page + 4096, 4096, PROT_NONE))
		ro_page = MAP_FAILED;
	none_page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	gone_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	wst = mmap(NULL, sizeof(*wst) * (size_t)g_workers,
		   PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || ro_page == MAP_FAILED ||
	    none_page == MAP_FAILED || gone_page == MAP_FAILED ||
	    wst == MAP_FAILED || munmap(gone_page, 4096)) {
		perror("atmfuzz: mmap");
		return 2;
	}
	memset(wst, 0, sizeof(*wst) * (size_t)g_workers);
	if (g_secs)
		g_deadline = time(NULL) + g_secs;

	pids = calloc((size_t)g_workers, sizeof(*pids));
	last_ops = calloc((size_t)g_workers, sizeof(*last_ops));
	last_change = calloc((size_t)g_workers, sizeof(*last_change));
	sigemptyset(&ss);
	sigaddset(&ss, SIGCHLD);
	sigprocmask(SIG_BLOCK, &ss, NULL);
	per = (g_ops + g_workers - 1) / g_workers;
	for (i = 0; i < g_workers; i++) {
		last_change[i] = time(NULL);
		if (only >= 0 && i != only) {
			pids[i] = 0;
			wst[i].done = 1;
			continue;
		}
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("atmfuzz: fork");
			return 2;
		}
		if (!pids[i])
			worker(i, per);
	}

	/* Wait for the workers; one that stops making progress is hung. */
	for (;;) {
		pid_t p;

		while ((p = waitpid(-1, &status, WNOHANG)) > 0) {
			for (i = 0; i < g_workers; i++)
				if (pids[i] == p)
					break;
			if (i == g_workers)
				continue;
			pids[i] = 0;
			if (WIFSIGNALED(status)) {
				printf("VIOLATION seed %llu worker %d (seed %llu): "
				       "killed by signal %d at: %s\n", g_seed, i,
				       worker_seed(i), WTERMSIG(status),
				       wst[i].last);
				bad = 1;
			} else if (WEXITSTATUS(status) == 2) {
				bad = 2;
			}
		}
		alive = 0;
		for (i = 0; i < g_workers; i++) {
			if (!pids[i])
				continue;
			alive++;
			if (wst[i].ops != last_ops[i]) {
				last_ops[i] = wst[i].ops;
				last_change[i] = time(NULL);
			} else if (time(NULL) - last_change[i] > HANG_SECS) {
				printf("VIOLATION seed %llu worker %d (seed %llu): "
				       "no progress for %d s in: %s\n", g_seed, i,
				       worker_seed(i), HANG_SECS, wst[i].last);
				kill(pids[i], SIGKILL);
				last_change[i] = time(NULL) + 3600;
				bad = 1;
			}
		}
		if (!alive)
			break;
		sigtimedwait(&ss, NULL, &one);
	}

	for (i = 0; i < g_workers; i++) {
		int k;

		total += wst[i].ops;
		viol += wst[i].violations;
		notes += wst[i].notes;
		for (k = 0; k < 160; k++)
			errs[k] += wst[i].errs[k];
		for (k = 0; k < 11; k++)
			calls[k] += wst[i].calls[k];
	}
	if (restore())
		bad = bad ? bad : 1;
	printf("atmfuzz: %ld operations in %ld s:", total,
	       (long)(time(NULL) - t0));
	for (i = 0; i < 11; i++)
		printf(" %s %ld", kinds[i], calls[i]);
	printf("\natmfuzz: outcomes:");
	for (i = 0; i < 160; i++)
		if (errs[i])
			printf(" %s %ld", ename(i), errs[i]);
	printf("\natmfuzz: seed %llu: %ld violations, %ld notes\n", g_seed,
	       viol, notes);
	if (viol || bad == 1)
		printf("atmfuzz: reproduce: atmfuzz -s %llu -w %d -n %ld -t %d "
		       "-u %d -R %d%s (one worker alone: add -o N)\n", g_seed,
		       g_workers, g_ops, g_secs, g_unpriv_every, g_reset_pm,
		       g_partial ? " -P" : "");
	if (bad == 2)
		return 2;
	return viol || bad ? 1 : 0;
}
