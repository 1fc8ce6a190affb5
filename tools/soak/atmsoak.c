// SPDX-License-Identifier: GPL-2.0
/*
 * atmsoak: PDUs of mixed sizes across many PVCs whose sending sockets open
 * and close all the time, every PDU checked at the receiver.
 *
 *   atmsoak TXITF RXITF [-v NVCS] [-n PDUS] [-b VCI] [-S SEED] [-k CYCLE]
 *	[-r]
 *
 * Opens NVCS (64) VCs 0.VCI.. (VCI 1000..) on RXITF for receiving, and
 * the same VCs on TXITF for sending; sends PDUS (1000000) AAL5 PDUs, each
 * on a VC chosen at random, of a size chosen at random (8..64, 65..2048,
 * 1500 and 2049..9180 bytes: the driver copies the small ones and maps the
 * large ones). Every CYCLE (200) PDUs it closes one VC's sending socket
 * and opens it again; the receiving sockets stay open. A PDU carries its
 * VC, a per-VC sequence number and a pattern that depends on both: the
 * receiver counts every PDU received, and every one damaged ("corrupt"),
 * out of order or twice ("reorder") or on the wrong VC. The sockets are
 * non-blocking: a full send buffer makes the sender read instead.
 *
 * With -r, a sending socket that fails to open again (a device refusing
 * or not answering) is retried, up to 100 times, and counted
 * ("open_errors"); without it that is fatal. SIGUSR1 ends the sending
 * early, as if PDUS were reached.
 *
 * At the end it reads until every VC received its last PDU, or until no
 * PDU came for 5 s (the PDUs lost, which the caller must find counted),
 * and prints one line:
 *   soak sent S received R lost L corrupt C reorder O send_errors E
 *	cycles K open_errors F seed SEED
 * Exits 0 unless a socket call failed unexpectedly, or a PDU was damaged
 * or out of order. Reproducible from the seed it prints.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/atm.h>

#define MAX_VCS		1024
#define MAX_PDU		9180
#define HDR_LEN		8
#define IDLE_MS		5000

struct vc {
	int tx, rx;
	uint32_t next_seq;	/* the next to send */
	int64_t last_seen;	/* the highest received, -1: none */
};

static struct vc vcs[MAX_VCS];
static int nvcs = 64, tx_itf, rx_itf, base_vci = 1000;
static unsigned long long received, corrupt, reorder, lost, send_errors;
static unsigned long long open_errors;
static volatile sig_atomic_t stop;

static void on_usr1(int sig)
{
	(void)sig;
	stop = 1;
}
static uint64_t rng;

/* xorshift64*: reproducible from the seed. */
static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static unsigned int rnd_below(unsigned int n)
{
	return (unsigned int)(rnd() >> 33) % n;
}

static unsigned int pdu_size(void)
{
	unsigned int r = rnd_below(100);

	if (r < 40)
		return HDR_LEN + rnd_below(64 - HDR_LEN + 1);
	if (r < 70)
		return 65 + rnd_below(2048 - 65 + 1);
	if (r < 90)
		return 1500;
	return 2049 + rnd_below(MAX_PDU - 2049 + 1);
}

static unsigned char pattern(uint32_t vc, uint32_t seq, unsigned int i)
{
	return (unsigned char)(vc * 31 + seq * 7 + i);
}

static int vc_socket(int itf, int vci, int tx)
{
	struct sockaddr_atmpvc a;
	struct atm_qos qos;
	int s, bufsz = 8 << 20;

	s = socket(PF_ATMPVC, SOCK_DGRAM, 0);
	if (s < 0)
		return -1;
	memset(&qos, 0, sizeof(qos));
	qos.aal = ATM_AAL5;
	if (tx) {
		qos.txtp.traffic_class = ATM_UBR;
		qos.txtp.max_sdu = MAX_PDU;
	} else {
		qos.rxtp.traffic_class = ATM_UBR;
		qos.rxtp.max_sdu = MAX_PDU;
		setsockopt(s, SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof(bufsz));
	}
	memset(&a, 0, sizeof(a));
	a.sap_family = AF_ATMPVC;
	a.sap_addr.itf = itf;
	a.sap_addr.vpi = 0;
	a.sap_addr.vci = vci;
	if (setsockopt(s, SOL_ATM, SO_ATMQOS, &qos, sizeof(qos)) < 0 ||
	    connect(s, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    fcntl(s, F_SETFL, O_NONBLOCK) < 0) {
		int e = errno;

		close(s);
		errno = e;
		return -1;
	}
	return s;
}

static int die(const char *what, int vc)
{
	fprintf(stderr, "atmsoak: %s (VC 0.%d): %s\n", what, base_vci + vc,
		strerror(errno));
	return 1;
}

/* Check one received PDU of VC @v. */
static void check_pdu(int v, const unsigned char *p, ssize_t n)
{
	uint32_t vc, seq;
	ssize_t i;

	received++;
	if (n < HDR_LEN) {
		corrupt++;
		return;
	}
	memcpy(&vc, p, 4);
	memcpy(&seq, p + 4, 4);
	if (vc != (uint32_t)v) {
		corrupt++;
		return;
	}
	for (i = HDR_LEN; i < n; i++) {
		if (p[i] != pattern(vc, seq, i)) {
			corrupt++;
			return;
		}
	}
	if ((int64_t)seq <= vcs[v].last_seen) {
		reorder++;
		return;
	}
	lost += seq - (vcs[v].last_seen + 1);
	vcs[v].last_seen = seq;
}

/* Read what is there on every VC; wait up to @ms for something. */
static int drain(int ms)
{
	static struct pollfd pfd[MAX_VCS];
	static unsigned char buf[MAX_PDU + 1];
	int i, n, got = 0;
	ssize_t len;

	for (i = 0; i < nvcs; i++) {
		pfd[i].fd = vcs[i].rx;
		pfd[i].events = POLLIN;
	}
	n = poll(pfd, nvcs, ms);
	if (n < 0)
		return errno == EINTR ? 0 : -1;
	for (i = 0; i < nvcs && n; i++) {
		if (!pfd[i].revents)
			continue;
		n--;
		while ((len = recv(vcs[i].rx, buf, sizeof(buf), 0)) >= 0) {
			check_pdu(i, buf, len);
			got++;
		}
		if (errno != EAGAIN)
			return -1;
	}
	return got;
}

static int all_arrived(void)
{
	int i;

	for (i = 0; i < nvcs; i++)
		if (vcs[i].last_seen + 1 != (int64_t)vcs[i].next_seq)
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long long total = 1000000, sent = 0, cycles = 0;
	unsigned long long seed = (unsigned long long)time(NULL);
	unsigned int cycle = 200;
	static unsigned char pdu[MAX_PDU];
	struct timespec t0, t;
	int c, i, retry = 0, tries;

	if (argc < 3) {
		fprintf(stderr, "usage: atmsoak TXITF RXITF [-v NVCS] [-n PDUS] [-b VCI] [-S SEED] [-k CYCLE] [-r]\n");
		return 2;
	}
	tx_itf = atoi(argv[1]);
	rx_itf = atoi(argv[2]);
	optind = 3;
	while ((c = getopt(argc, argv, "v:n:b:S:k:r")) != -1) {
		switch (c) {
		case 'v':
			nvcs = atoi(optarg);
			break;
		case 'n':
			total = strtoull(optarg, NULL, 0);
			break;
		case 'b':
			base_vci = atoi(optarg);
			break;
		case 'S':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'k':
			cycle = atoi(optarg);
			break;
		case 'r':
			retry = 1;
			break;
		default:
			return 2;
		}
	}
	if (nvcs < 1 || nvcs > MAX_VCS || !cycle)
		return 2;
	rng = seed ? seed : 1;
	printf("# atmsoak: %d VCs from itf %d to itf %d, %llu PDUs, seed %llu\n",
	       nvcs, tx_itf, rx_itf, total, seed);
	fflush(stdout);

	for (i = 0; i < nvcs; i++) {
		vcs[i].last_seen = -1;
		vcs[i].rx = vc_socket(rx_itf, base_vci + i, 0);
		if (vcs[i].rx < 0)
			return die("open receiver", i);
		vcs[i].tx = vc_socket(tx_itf, base_vci + i, 1);
		if (vcs[i].tx < 0)
			return die("open sender", i);
	}

	signal(SIGUSR1, on_usr1);
	while (sent < total && !stop) {
		int v = rnd_below(nvcs);
		unsigned int len = pdu_size(), k;
		uint32_t seq = vcs[v].next_seq, vc = v;

		memcpy(pdu, &vc, 4);
		memcpy(pdu + 4, &seq, 4);
		for (k = HDR_LEN; k < len; k++)
			pdu[k] = pattern(vc, seq, k);
		while (send(vcs[v].tx, pdu, len, 0) < 0) {
			if (errno == EAGAIN) {
				/* Send buffer full: let the receivers catch up. */
				if (drain(10) < 0)
					return die("receive", v);
				continue;
			}
			/* e.g. a reset or a link down: counted, not fatal. */
			send_errors++;
			break;
		}
		vcs[v].next_seq++;	/* a failed send is a gap: lost */
		sent++;
		if (drain(0) < 0)
			return die("receive", v);
		if (sent % cycle == 0) {
			v = rnd_below(nvcs);
			close(vcs[v].tx);
			for (tries = 0; ; tries++) {
				vcs[v].tx = vc_socket(tx_itf, base_vci + v, 1);
				if (vcs[v].tx >= 0)
					break;
				if (!retry || tries == 100)
					return die("reopen sender", v);
				if (errno != EINTR)	/* SIGUSR1 */
					open_errors++;
				if (drain(10) < 0)
					return die("receive", v);
			}
			cycles++;
		}
	}

	/* Everything, or nothing for IDLE_MS: what did not come is lost. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!all_arrived()) {
		int got = drain(100);

		if (got < 0)
			return die("receive", 0);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (got)
			t0 = t;
		else if ((t.tv_sec - t0.tv_sec) * 1000 +
			 (t.tv_nsec - t0.tv_nsec) / 1000000 > IDLE_MS)
			break;
	}
	for (i = 0; i < nvcs; i++) {
		lost += vcs[i].next_seq - (vcs[i].last_seen + 1);
		close(vcs[i].tx);
		close(vcs[i].rx);
	}
	printf("soak sent %llu received %llu lost %llu corrupt %llu reorder %llu send_errors %llu cycles %llu open_errors %llu seed %llu\n",
	       sent, received, lost, corrupt, reorder, send_errors, cycles,
	       open_errors, seed);
	return corrupt || reorder;
}
