// SPDX-License-Identifier: GPL-2.0
/*
 * atmtest: a small PVC client for the cases atm-tools cannot produce:
 * AAL0 cells, an AAL other than 5, a VPI/VCI outside the device's range,
 * an SDU larger than the VC allows. It reports errno names, so a test
 * checks the exact error.
 *
 *   atmtest open ITF.VPI.VCI [-a AAL] [-d tx|rx|both] [-m MAX_SDU] [-c PCR]
 *	open a PVC (UBR, or CBR at PCR cells/s on its TX side) and hold it
 *	until stdin closes (with -H: until killed); prints "ok" or the error
 *   atmtest send ITF.VPI.VCI -s SIZE [-n COUNT] [-m MAX_SDU] [-w]
 *	send COUNT AAL5 SDUs of SIZE bytes; prints "ok N" or the error;
 *	with -w, keep the VC open until stdin closes
 *   atmtest oid ITF query|set OID LEN [HEXBYTES]
 *	one raw CoNDIS OID request with a LEN-byte buffer; prints
 *	"status 0x... written N needed N"
 *   atmtest aal0-send ITF.VPI.VCI [-n COUNT]
 *	send COUNT AAL0 cells, cell i with PTI i%4 (user data), CLP i%2 and
 *	payload bytes (i + j) & 0xff; prints "ok N" or the error
 *   atmtest aal0-recv ITF.VPI.VCI [-n COUNT]
 *	receive COUNT AAL0 cells; prints each as "PTI CLP payload-hex"
 *   atmtest oam-ping ITF.VPI.VCI [-n COUNT]
 *	on an AAL0 VC, send COUNT F5 end-to-end loopback cells (PTI 5,
 *	loopback indication 1, a correlation tag each) and wait, up to 5 s
 *	each, for the far end's answer (same tag, indication 0, good
 *	CRC-10); prints "reply N tag T" per answer, or "timeout"
 *   atmtest watch ITF.VPI.VCI [-d tx|rx|both]
 *	open a PVC, print "ok", then wait (poll) until the socket reports
 *	an error or hang-up, and print "error ERRNO" (its SO_ERROR)
 *   atmtest efault ITF.VPI.VCI -p PEER_ITF
 *	receive on ITF.VPI.VCI what a TX VC on PEER_ITF sends there, into
 *	a buffer that cannot be written (PROT_NONE): a PDU read into it
 *	("recv ERRNO"), the socket's rmem after ("rmem N", from
 *	/proc/net/atm/vc), the next PDU ("next LEN CHAR"), one peeked into
 *	it ("peek ERRNO") and then read ("after peek LEN CHAR")
 *   atmtest rebind ITF.VPI.VCI [-n LOOKUP_VCI]
 *	bind a PVC socket to ITF.VPI.? (VCI unspecified), then connect it
 *	to ITF.VPI.VCI ("bind ..." and "connect ...", ok or the error);
 *	then, in a child, connect another socket to ITF.VPI.LOOKUP_VCI
 *	(default VCI + 32: the same chain of the kernel's
 *	32-chain vcc_hash), waiting at most 30 s:
 *	"lookup ok", the error, or "lookup hung"
 *   atmtest atmtcp
 *	create an atmtcp interface, print "itf N", and answer its open and
 *	close requests (success) until killed; data is dropped
 *   atmtest tty CMD [ARG...]
 *	run CMD with its output on a pseudo-terminal, as if interactive (so
 *	stdio flushes every line, e.g. aread's), copying it to stdout
 *   atmtest vcs ITF.VPI.VCI -n COUNT [-d tx|rx|both]
 *	open COUNT PVCs at once, on VCI, VCI+1, ... (on to the next VPI
 *	after VCI 65535), then close them all; prints "vcs OPENED COUNT
 *	OPEN_US CLOSE_US" and, if one failed to open, "error ERRNO"
 *   atmtest cycle ITF.VPI.VCI -n COUNT [-d tx|rx|both]
 *	open and close the same PVC COUNT times; prints "cycle DONE COUNT
 *	US" and, if an open failed, "error ERRNO"
 *   atmtest rate ITF.VPI.VCI [-n COUNT] [-m MAX_SDU] [-t IDLE_MS]
 *	receive AAL5 SDUs (8 MiB socket buffer) until COUNT arrived or none
 *	for IDLE_MS (default 2000) after the first; prints "rate PDUS BYTES
 *	US FIRST_LEN", US from the first SDU's arrival to the last's
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <time.h>
#include <linux/atm.h>
#include <linux/atmdev.h>
#include <linux/atm_tcp.h>
#include <linux/condis.h>

static pid_t tty_child;

static void tty_forward(int sig)
{
	if (tty_child > 0)
		kill(tty_child, sig);
}

/* Run argv[0] on a raw pseudo-terminal; copy what it writes to stdout. */
static int run_on_tty(char **argv)
{
	struct termios t;
	char buf[4096];
	int master, slave, status;
	ssize_t n;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master))
		return 127;
	slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	if (slave < 0)
		return 127;
	tcgetattr(slave, &t);
	cfmakeraw(&t);
	tcsetattr(slave, TCSANOW, &t);
	tty_child = fork();
	if (tty_child < 0)
		return 127;
	if (!tty_child) {
		close(master);
		setsid();
		dup2(slave, 1);
		dup2(slave, 2);
		close(slave);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(slave);
	signal(SIGTERM, tty_forward);
	signal(SIGINT, tty_forward);
	while ((n = read(master, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && write(1, buf, n) != n)
			break;
	while (waitpid(tty_child, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static const char *errname(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case EADDRINUSE: return "EADDRINUSE";
	case EMSGSIZE: return "EMSGSIZE";
	case ENOTCONN: return "ENOTCONN";
	case EPIPE: return "EPIPE";
	case ETIMEDOUT: return "ETIMEDOUT";
	case ENODEV: return "ENODEV";
	case EUNATCH: return "EUNATCH";
	case EAGAIN: return "EAGAIN";
	case ECONNRESET: return "ECONNRESET";
	case EIO: return "EIO";
	case EPERM: return "EPERM";
	case EDQUOT: return "EDQUOT";
	case EBUSY: return "EBUSY";
	case EFAULT: return "EFAULT";
	default: return strerror(e);
	}
}

static int fail(const char *what)
{
	int e = errno;

	printf("%s\n", errname(e));
	fprintf(stderr, "atmtest: %s: %s\n", what, strerror(e));
	return 1;
}

static int parse_pvc(const char *s, struct sockaddr_atmpvc *a)
{
	int itf, vpi, vci;

	if (sscanf(s, "%d.%d.%d", &itf, &vpi, &vci) != 3)
		return -1;
	memset(a, 0, sizeof(*a));
	a->sap_family = AF_ATMPVC;
	a->sap_addr.itf = itf;
	a->sap_addr.vpi = vpi;
	a->sap_addr.vci = vci;
	return 0;
}

static int cbr_pcr;

/* OAM cell CRC-10 (I.610): x^10 + x^9 + x^5 + x^4 + x + 1, MSB first. */
static unsigned int crc10(const unsigned char *p, unsigned int nbits)
{
	unsigned int crc = 0, bit, top, in;

	for (bit = 0; bit < nbits; bit++) {
		in = (p[bit / 8] >> (7 - bit % 8)) & 1;
		top = (crc >> 9) & 1;
		crc = (crc << 1) & 0x3ff;
		if (top ^ in)
			crc ^= 0x233;
	}
	return crc;
}

/* Send F5 loopback cells on an AAL0 VC and wait for their answers. */
static int oam_ping(int s, const struct sockaddr_atmpvc *a, int count)
{
	unsigned char cell[ATM_AAL0_SDU], *pl = cell + 4;
	unsigned int hdr, tag, got;
	struct pollfd p = { .fd = s, .events = POLLIN };
	int i, n;

	for (i = 0; i < count; i++) {
		tag = 0xc0a70000u + i;
		hdr = (a->sap_addr.vpi << ATM_HDR_VPI_SHIFT) |
		      (a->sap_addr.vci << ATM_HDR_VCI_SHIFT) |
		      (5 << ATM_HDR_PTI_SHIFT);
		memcpy(cell, &hdr, 4);
		memset(pl, 0x6a, ATM_CELL_PAYLOAD);
		pl[0] = 0x18;			/* fault management: loopback */
		pl[1] = 0x01;			/* loopback indication: request */
		pl[2] = tag >> 24;		/* correlation tag */
		pl[3] = tag >> 16;
		pl[4] = tag >> 8;
		pl[5] = tag;
		pl[46] = pl[47] = 0;		/* CRC-10: the NIC writes it */
		if (write(s, cell, sizeof(cell)) != sizeof(cell))
			return fail("write");
		for (;;) {
			n = poll(&p, 1, 5000);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				printf("timeout\n");
				return 1;
			}
			if (read(s, cell, sizeof(cell)) != sizeof(cell))
				return fail("read");
			memcpy(&hdr, cell, 4);
			got = (unsigned int)pl[2] << 24 | pl[3] << 16 |
			      pl[4] << 8 | pl[5];
			if ((hdr & ATM_HDR_PTI_MASK) >> ATM_HDR_PTI_SHIFT == 5 &&
			    pl[0] == 0x18 && !(pl[1] & 1) && got == tag)
				break;
		}
		if (crc10(pl, 48 * 8)) {
			printf("bad crc-10\n");
			return 1;
		}
		printf("reply %d tag 0x%08x\n", i + 1, got);
		fflush(stdout);
	}
	return 0;
}

static int raw_oid(int argc, char **argv)
{
	struct condis_oid_request req;
	struct atmif_sioc sioc;
	unsigned char buf[4096];
	unsigned int i, len;
	int s, set;

	if (argc < 6)
		return 2;
	set = !strcmp(argv[3], "set");
	len = strtoul(argv[5], NULL, 0);
	if (len > sizeof(buf))
		return 2;
	memset(buf, 0, sizeof(buf));
	for (i = 0; argc > 6 && argv[6][2 * i] && argv[6][2 * i + 1] &&
	     i < sizeof(buf); i++)
		sscanf(argv[6] + 2 * i, "%2hhx", &buf[i]);
	memset(&req, 0, sizeof(req));
	req.itf = atoi(argv[2]);
	req.oid = strtoul(argv[4], NULL, 0);
	req.len = len;
	req.buf = (unsigned long)buf;
	sioc.number = req.itf;
	sioc.length = sizeof(req);
	sioc.arg = &req;
	s = socket(PF_ATMPVC, SOCK_DGRAM, 0);
	if (s < 0 || ioctl(s, set ? CONDIS_IOC_SET : CONDIS_IOC_QUERY, &sioc) < 0)
		return fail("ioctl");
	printf("status 0x%08x written %u needed %u\n", req.ndis_status,
	       req.bytes_written, req.bytes_needed);
	return 0;
}

/* A PVC socket with its QoS set, not bound yet. */
static int qos_socket(int aal, int tx, int rx, int max_sdu)
{
	struct atm_qos qos;
	int s;

	s = socket(PF_ATMPVC, SOCK_DGRAM, 0);
	if (s < 0)
		return -1;
	memset(&qos, 0, sizeof(qos));
	qos.aal = aal;
	if (tx) {
		qos.txtp.traffic_class = cbr_pcr ? ATM_CBR : ATM_UBR;
		qos.txtp.max_pcr = cbr_pcr;
		qos.txtp.max_sdu = max_sdu;
	}
	if (rx) {
		qos.rxtp.traffic_class = ATM_UBR;
		qos.rxtp.max_sdu = max_sdu;
	}
	if (setsockopt(s, SOL_ATM, SO_ATMQOS, &qos, sizeof(qos)) < 0) {
		int e = errno;

		close(s);
		errno = e;
		return -1;
	}
	return s;
}

static int pvc_socket(const struct sockaddr_atmpvc *a, int aal, int tx,
		      int rx, int max_sdu)
{
	int s = qos_socket(aal, tx, rx, max_sdu);

	if (s >= 0 && connect(s, (const struct sockaddr *)a, sizeof(*a)) < 0) {
		int e = errno;

		close(s);
		errno = e;
		return -1;
	}
	return s;
}

/* Print "WHAT ok" or "WHAT ERRNO" for a call that returned RC. */
static int step(const char *what, int rc)
{
	printf("%s %s\n", what, rc < 0 ? errname(errno) : "ok");
	fflush(stdout);
	return rc;
}

/* Bind to ITF.VPI.? , connect to ITF.VPI.VCI, then look up another VC. */
static int rebind(const struct sockaddr_atmpvc *a, int lookup_vci)
{
	struct sockaddr_atmpvc p = *a;
	struct pollfd pfd;
	int s, t, e, fds[2], n;
	pid_t pid;

	s = qos_socket(ATM_AAL5, 1, 1, 0);
	if (s < 0)
		return fail("socket");
	p.sap_addr.vci = ATM_VCI_UNSPEC;
	step("bind", bind(s, (struct sockaddr *)&p, sizeof(p)));
	step("connect", connect(s, (const struct sockaddr *)a, sizeof(*a)));

	/*
	 * A socket hashed twice loops its vcc_hash chain: a connect() that
	 * walks that chain never returns. Do it in a child, wait boundedly.
	 */
	if (pipe(fds) < 0)
		return fail("pipe");
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (!pid) {
		close(fds[0]);
		p = *a;
		p.sap_addr.vci = lookup_vci;
		t = qos_socket(ATM_AAL5, 1, 1, 0);
		e = t < 0 || connect(t, (struct sockaddr *)&p, sizeof(p)) < 0 ?
		    errno : 0;
		if (write(fds[1], &e, sizeof(e)) != sizeof(e))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	while ((n = poll(&pfd, 1, 30000)) < 0 && errno == EINTR)
		;
	if (n <= 0) {
		printf("lookup hung\n");
		fflush(stdout);
		return 1;
	}
	if (read(fds[0], &e, sizeof(e)) != sizeof(e))
		return fail("read");
	printf("lookup %s\n", e ? errname(e) : "ok");
	waitpid(pid, NULL, 0);
	close(s);
	return 0;
}

/* The rmem of the PVC socket on ITF.VPI.VCI, from /proc/net/atm/vc. */
static int vc_rmem(const struct sockaddr_atmpvc *a)
{
	char line[256], fam[8];
	int itf, vpi, vci, err, wmem, sndbuf, rmem, rcvbuf;
	unsigned long flags;
	FILE *f = fopen("/proc/net/atm/vc", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %d %d %d %3s %lx %d %d/%d %d/%d", &itf,
			   &vpi, &vci, fam, &flags, &err, &wmem, &sndbuf,
			   &rmem, &rcvbuf) == 10 && !strcmp(fam, "PVC") &&
		    itf == a->sap_addr.itf && vpi == a->sap_addr.vpi &&
		    vci == a->sap_addr.vci) {
			fclose(f);
			return rmem;
		}
	fclose(f);
	return -1;
}

/* Send one LEN-byte PDU of byte C on T; wait until R can read. */
static int pdu_to(int t, int r, int len, char c)
{
	struct pollfd p = { .fd = r, .events = POLLIN };
	char buf[4096];
	int n;

	memset(buf, c, len);
	if (write(t, buf, len) != len)
		return -1;
	while ((n = poll(&p, 1, 10000)) < 0 && errno == EINTR)
		;
	if (n <= 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	return 0;
}

/* recvmsg() into a buffer the kernel cannot write. */
static int efault(const struct sockaddr_atmpvc *a, int peer_itf)
{
	struct sockaddr_atmpvc ta = *a;
	char buf[4096];
	void *bad;
	int r, t, n;

	ta.sap_addr.itf = peer_itf;
	r = pvc_socket(a, ATM_AAL5, 0, 1, 0);
	if (r < 0)
		return fail("open rx");
	t = pvc_socket(&ta, ATM_AAL5, 1, 0, 0);
	if (t < 0)
		return fail("open tx");
	bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (bad == MAP_FAILED)
		return fail("mmap");

	if (pdu_to(t, r, 100, 'a') < 0)
		return fail("pdu 1");
	n = recv(r, bad, 4096, MSG_DONTWAIT);
	printf("recv %s\n", n < 0 ? errname(errno) : "copied");
	printf("rmem %d\n", vc_rmem(a));

	if (pdu_to(t, r, 200, 'b') < 0)
		return fail("pdu 2");
	n = recv(r, buf, sizeof(buf), MSG_DONTWAIT);
	if (n < 0)
		return fail("recv");
	printf("next %d %c\n", n, buf[0]);

	if (pdu_to(t, r, 300, 'c') < 0)
		return fail("pdu 3");
	n = recv(r, bad, 4096, MSG_DONTWAIT | MSG_PEEK);
	printf("peek %s\n", n < 0 ? errname(errno) : "copied");
	n = recv(r, buf, sizeof(buf), MSG_DONTWAIT);
	if (n < 0)
		return fail("recv");
	printf("after peek %d %c\n", n, buf[0]);
	printf("rmem %d\n", vc_rmem(a));
	close(t);
	close(r);
	return 0;
}

/* An atmtcp interface whose daemon grants every open and close. */
static int atmtcp(void)
{
	union {
		struct atmtcp_control msg;
		char data[65536];
	} u;
	int s, itf;
	ssize_t n;

	s = socket(PF_ATMPVC, SOCK_DGRAM, 0);
	if (s < 0)
		return fail("socket");
	itf = ioctl(s, SIOCSIFATMTCP, -1);
	if (itf < 0)
		return fail("SIOCSIFATMTCP");
	printf("itf %d\n", itf);
	fflush(stdout);
	for (;;) {
		n = read(s, &u, sizeof(u));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return fail("read");
		if (n != sizeof(u.msg) || u.msg.hdr.length != (__u32)ATMTCP_HDR_MAGIC)
			continue;	/* a PDU on one of its VCs */
		u.msg.result = 0;
		if (write(s, &u.msg, sizeof(u.msg)) != sizeof(u.msg))
			return fail("write");
	}
}

static long long now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* Open COUNT PVCs at once, then close them all; report both times. */
static int open_many(const struct sockaddr_atmpvc *first, int count, int tx,
		     int rx)
{
	struct sockaddr_atmpvc a = *first;
	struct rlimit rl = { count + 64, count + 64 };
	long long t0, t1, t2;
	int *fds, i, n, e = 0;

	/* One descriptor per VC: raise the limit (we run as root). */
	setrlimit(RLIMIT_NOFILE, &rl);
	fds = calloc(count, sizeof(*fds));
	if (!fds)
		return fail("calloc");
	t0 = now_us();
	for (n = 0; n < count; n++) {
		fds[n] = pvc_socket(&a, ATM_AAL5, tx, rx, 0);
		if (fds[n] < 0) {
			e = errno;
			break;
		}
		if (++a.sap_addr.vci > 65535) {
			a.sap_addr.vci = 32;
			a.sap_addr.vpi++;
		}
	}
	t1 = now_us();
	for (i = 0; i < n; i++)
		close(fds[i]);
	t2 = now_us();
	printf("vcs %d %d %lld %lld\n", n, count, t1 - t0, t2 - t1);
	if (e)
		printf("error %s\n", errname(e));
	free(fds);
	return e ? 1 : 0;
}

/* Open and close one PVC COUNT times. */
static int open_close(const struct sockaddr_atmpvc *a, int count, int tx,
		      int rx)
{
	long long t0 = now_us();
	int n, s, e = 0;

	for (n = 0; n < count; n++) {
		s = pvc_socket(a, ATM_AAL5, tx, rx, 0);
		if (s < 0) {
			e = errno;
			break;
		}
		close(s);
	}
	printf("cycle %d %d %lld\n", n, count, now_us() - t0);
	if (e)
		printf("error %s\n", errname(e));
	return e ? 1 : 0;
}

/* Receive until COUNT SDUs or IDLE_MS without one; time first to last. */
static int recv_rate(const struct sockaddr_atmpvc *a, int count, int max_sdu,
		     int idle_ms)
{
	struct pollfd p;
	long long first = 0, last = 0, bytes = 0;
	int s, n, got = 0, first_len = 0, rcvbuf = 8 << 20;
	char *buf;

	buf = malloc(65536);
	s = pvc_socket(a, ATM_AAL5, 0, 1, max_sdu ? max_sdu : 65535);
	if (!buf || s < 0)
		return fail("open");
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	printf("ok\n");
	fflush(stdout);
	p.fd = s;
	p.events = POLLIN;
	while (!count || got < count) {
		/* Before the first SDU, wait long: the sender starts later. */
		n = poll(&p, 1, got ? idle_ms : 30000);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		n = read(s, buf, 65536);
		if (n < 0)
			return fail("read");
		last = now_us();
		if (!got++) {
			first = last;
			first_len = n;
		}
		bytes += n;
	}
	printf("rate %d %lld %lld %d\n", got, bytes, last - first, first_len);
	close(s);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int aal = ATM_AAL5, tx = 1, rx = 1, max_sdu = 0, size = 0, count = 1;
	int hold = 0, peer_itf = -1, lookup_vci = -1;
	int idle_ms = 2000, count_given = 0;
	struct sockaddr_atmpvc addr;
	const char *cmd;
	int c, s, i;

	if (argc >= 3 && !strcmp(argv[1], "tty"))
		return run_on_tty(argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "oid"))
		return raw_oid(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "atmtcp"))
		return atmtcp();
	if (argc < 3 || parse_pvc(argv[2], &addr) < 0) {
		fprintf(stderr, "usage: atmtest open|send|aal0-send|aal0-recv|vcs|cycle|rate ITF.VPI.VCI [options]\n");
		return 2;
	}
	cmd = argv[1];
	optind = 3;
	while ((c = getopt(argc, argv, "a:c:d:m:s:n:p:t:wH")) != -1) {
		switch (c) {
		case 'a':
			aal = atoi(optarg);
			break;
		case 'c':
			cbr_pcr = atoi(optarg);
			break;
		case 'd':
			tx = strcmp(optarg, "rx") != 0;
			rx = strcmp(optarg, "tx") != 0;
			break;
		case 'm':
			max_sdu = atoi(optarg);
			break;
		case 's':
			size = atoi(optarg);
			break;
		case 'n':
			count = atoi(optarg);
			lookup_vci = count;
			count_given = 1;
			break;
		case 'p':
			peer_itf = atoi(optarg);
			break;
		case 't':
			idle_ms = atoi(optarg);
			break;
		case 'w':
		case 'H':
			hold = 1;
			break;
		default:
			return 2;
		}
	}

	if (!strcmp(cmd, "vcs"))
		return open_many(&addr, count, tx, rx);
	if (!strcmp(cmd, "cycle"))
		return open_close(&addr, count, tx, rx);
	if (!strcmp(cmd, "rate"))
		return recv_rate(&addr, count_given ? count : 0, max_sdu,
				 idle_ms);
	if (!strcmp(cmd, "open")) {
		char b;

		s = pvc_socket(&addr, aal, tx, rx, max_sdu);
		if (s < 0)
			return fail("open");
		printf("ok\n");
		fflush(stdout);
		if (hold)
			for (;;)
				pause();
		while (read(0, &b, 1) > 0)
			;
		close(s);
		return 0;
	}
	if (!strcmp(cmd, "rebind"))
		return rebind(&addr, lookup_vci >= 0 ? lookup_vci :
			      addr.sap_addr.vci + 32);
	if (!strcmp(cmd, "efault"))
		return peer_itf < 0 ? 2 : efault(&addr, peer_itf);
	if (!strcmp(cmd, "oam-ping")) {
		s = pvc_socket(&addr, ATM_AAL0, 1, 1, ATM_AAL0_SDU);
		if (s < 0)
			return fail("open");
		return oam_ping(s, &addr, count);
	}
	if (!strcmp(cmd, "watch")) {
		struct pollfd p;
		socklen_t len = sizeof(int);
		int e = 0;

		s = pvc_socket(&addr, aal, tx, rx, max_sdu);
		if (s < 0)
			return fail("open");
		printf("ok\n");
		fflush(stdout);
		p.fd = s;
		p.events = POLLERR | POLLHUP;	/* reported whatever we ask */
		/* An RX VC also polls readable for data: drain it. */
		if (rx)
			p.events |= POLLIN;
		for (;;) {
			char buf[65536];

			if (poll(&p, 1, -1) < 0) {
				if (errno == EINTR)
					continue;
				return fail("poll");
			}
			if (p.revents & (POLLERR | POLLHUP))
				break;
			if (p.revents & POLLIN && read(s, buf, sizeof(buf)) <= 0)
				break;
		}
		if (getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
			return fail("getsockopt");
		printf("error %s\n", e ? errname(e) : "none");
		close(s);
		return 0;
	}
	if (!strcmp(cmd, "send")) {
		char *buf = calloc(1, size ? size : 1);

		s = pvc_socket(&addr, ATM_AAL5, 1, 0, max_sdu ? max_sdu : size);
		if (s < 0)
			return fail("open");
		for (i = 0; i < count; i++)
			if (write(s, buf, size) != size)
				return fail("write");
		printf("ok %d\n", count);
		fflush(stdout);
		while (hold && read(0, buf, 1) > 0)
			;
		close(s);
		return 0;
	}
	if (!strcmp(cmd, "aal0-send") || !strcmp(cmd, "aal0-recv")) {
		int sending = !strcmp(cmd, "aal0-send");
		unsigned char cell[ATM_AAL0_SDU];
		unsigned int hdr;

		s = pvc_socket(&addr, ATM_AAL0, sending, !sending,
			       ATM_AAL0_SDU);
		if (s < 0)
			return fail("open");
		for (i = 0; i < count; i++) {
			if (sending) {
				int j;

				hdr = (addr.sap_addr.vpi << ATM_HDR_VPI_SHIFT) |
				      (addr.sap_addr.vci << ATM_HDR_VCI_SHIFT) |
				      ((i % 4) << ATM_HDR_PTI_SHIFT) | (i % 2);
				memcpy(cell, &hdr, 4);
				for (j = 0; j < ATM_CELL_PAYLOAD; j++)
					cell[4 + j] = (i + j) & 0xff;
				if (write(s, cell, sizeof(cell)) != sizeof(cell))
					return fail("write");
			} else {
				int j, n = read(s, cell, sizeof(cell));

				if (n != sizeof(cell))
					return fail("read");
				memcpy(&hdr, cell, 4);
				printf("%u %u ", (hdr & ATM_HDR_PTI_MASK) >>
				       ATM_HDR_PTI_SHIFT, hdr & ATM_HDR_CLP);
				for (j = 0; j < ATM_CELL_PAYLOAD; j++)
					printf("%02x", cell[4 + j]);
				printf("\n");
				fflush(stdout);
			}
		}
		if (sending)
			printf("ok %d\n", count);
		close(s);
		return 0;
	}
	fprintf(stderr, "atmtest: unknown command %s\n", cmd);
	return 2;
}
