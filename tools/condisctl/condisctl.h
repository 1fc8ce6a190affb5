/* SPDX-License-Identifier: GPL-2.0 */
/*
 * condisctl: the parts that need no ATM socket (OID and status tables,
 * value formatting and parsing, the command line), shared by the tool and
 * its host test. See Documentation/condisctl.rst.
 */
#ifndef _CONDISCTL_H
#define _CONDISCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

struct atmif_sioc;

#define __printf(a, b)	__attribute__((format(printf, a, b)))

/* How an OID's value prints and how a set VALUE parses. */
enum cd_type {
	CD_RAW,		/* unknown layout: hex dump; set: u32 or hex: */
	CD_U32,		/* decimal */
	CD_HEX32,	/* u32 in hex */
	CD_HWSTATUS,	/* NDIS_HARDWARE_STATUS */
	CD_MEDIUM,	/* NDIS_MEDIUM */
	CD_CONNECT,	/* media connect status, 0 connected, 1 disconnected */
	CD_VERSION,	/* NDIS version, u16 major << 8 | minor (2 or 4 bytes) */
	CD_SERVICE,	/* service category bit mask */
	CD_AAL,		/* AAL type bit mask */
	CD_U64,		/* counter, 8 bytes (4 accepted) */
	CD_SPEED,	/* struct condis_link_speed */
	CD_STRING,	/* text, NUL-terminated or not */
	CD_MAC,		/* 6-byte address */
	CD_OIDLIST,	/* array of u32 OIDs */
};

struct cd_oid {
	const char *name;	/* without "OID_" */
	u32 oid;
	enum cd_type type;
};

extern const struct cd_oid cd_oids[];
extern const size_t cd_noids;

/* A growing output string; every function appends. */
struct cd_buf {
	char *s;
	size_t len;
	size_t cap;
};

void cd_buf_free(struct cd_buf *b);
__printf(2, 3) void cd_printf(struct cd_buf *b, const char *fmt, ...);

const struct cd_oid *cd_oid_by_number(u32 oid);
int cd_parse_oid(const char *s, u32 *oid);
int cd_parse_num(const char *s, u64 max, u64 *val);
const char *cd_status_name(u32 status);

void cd_json_string(struct cd_buf *b, const char *s, size_t len);
void cd_fmt_oid(struct cd_buf *b, u32 oid);
void cd_fmt_status(struct cd_buf *b, u32 status);
void cd_fmt_value(struct cd_buf *b, u32 oid, const void *data, size_t len,
		  bool json);
int cd_parse_value(u32 oid, const char *s, u8 *out, size_t size,
		   size_t *len, const char **why);

enum cd_cmd { CD_QUERY, CD_SET, CD_LIST, CD_RESET };

struct cd_args {
	bool json;
	bool help;
	int itf;
	bool vc;
	u16 vpi;
	u32 vci;
	enum cd_cmd cmd;
	u32 oid;
	const char *value;
};

int cd_parse_args(int argc, char **argv, struct cd_args *a, FILE *err);
int cd_main(int argc, char **argv, FILE *out, FILE *err);

/* The system calls, replaceable by the host test. */
extern int (*cd_socket)(void);
extern int (*cd_ioctl)(int fd, unsigned long cmd, struct atmif_sioc *sioc);

#endif /* _CONDISCTL_H */
