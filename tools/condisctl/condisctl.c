// SPDX-License-Identifier: GPL-2.0
/*
 * condisctl: query and set CoNDIS OIDs on an ATM interface driven by the
 * condis shim, through CONDIS_IOC_QUERY / CONDIS_IOC_SET
 * (include/uapi/linux/condis.h) on an ATM socket.
 *
 *   condisctl [--json] ITF [VPI.VCI] query OID
 *   condisctl [--json] ITF [VPI.VCI] set OID VALUE
 *   condisctl [--json] ITF [VPI.VCI] list
 *
 * Exit status: 0 on NDIS SUCCESS, 1 for any other NDIS status, 2 for a
 * usage error or an ioctl that failed with an errno.
 * See Documentation/condisctl.rst.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/atm.h>
#include <linux/atmdev.h>
#include <linux/condis.h>
#include "condisctl.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define QUERY_LEN	256

/* ---- tables ---------------------------------------------------------- */

#define OID(n, t)	{ #n, OID_##n, CD_##t }

const struct cd_oid cd_oids[] = {
	OID(GEN_CO_SUPPORTED_LIST,		OIDLIST),
	OID(GEN_CO_HARDWARE_STATUS,		HWSTATUS),
	OID(GEN_CO_MEDIA_SUPPORTED,		MEDIUM),
	OID(GEN_CO_MEDIA_IN_USE,		MEDIUM),
	OID(GEN_CO_LINK_SPEED,			SPEED),
	OID(GEN_CO_VENDOR_ID,			HEX32),
	OID(GEN_CO_VENDOR_DESCRIPTION,		STRING),
	OID(GEN_CO_DRIVER_VERSION,		VERSION),
	OID(GEN_CO_PROTOCOL_OPTIONS,		HEX32),
	OID(GEN_CO_MAC_OPTIONS,			HEX32),
	OID(GEN_CO_MEDIA_CONNECT_STATUS,	CONNECT),
	OID(GEN_CO_VENDOR_DRIVER_VERSION,	HEX32),
	OID(GEN_CO_MINIMUM_LINK_SPEED,		SPEED),
	OID(GEN_CO_XMIT_PDUS_OK,		U64),
	OID(GEN_CO_RCV_PDUS_OK,			U64),
	OID(GEN_CO_XMIT_PDUS_ERROR,		U64),
	OID(GEN_CO_RCV_PDUS_ERROR,		U64),
	OID(GEN_CO_RCV_PDUS_NO_BUFFER,		U64),
	OID(GEN_CO_RCV_CRC_ERROR,		U64),
	OID(GEN_CO_TRANSMIT_QUEUE_LENGTH,	U64),
	OID(GEN_CO_BYTES_XMIT,			U64),
	OID(GEN_CO_BYTES_RCV,			U64),
	/* Layouts not defined by the uapi header: shown as raw bytes. */
	OID(ATM_SUPPORTED_VC_RATES,		RAW),
	OID(ATM_SUPPORTED_SERVICE_CATEGORY,	SERVICE),
	OID(ATM_SUPPORTED_AAL_TYPES,		AAL),
	OID(ATM_HW_CURRENT_ADDRESS,		MAC),
	OID(ATM_MAX_ACTIVE_VCS,			U32),
	OID(ATM_MAX_ACTIVE_VCI_BITS,		U32),
	OID(ATM_MAX_ACTIVE_VPI_BITS,		U32),
	OID(ATM_MAX_AAL5_PACKET_SIZE,		U32),
	OID(ATM_GET_NEAREST_FLOW,		RAW),
	OID(ATM_RCV_CELLS_OK,			U64),
	OID(ATM_XMIT_CELLS_OK,			U64),
	OID(ATM_RCV_CELLS_DROPPED,		U64),
	OID(ATM_RCV_INVALID_VPI_VCI,		U64),
	OID(ATM_CELLS_HEC_ERROR,		U64),
	OID(ATM_RCV_REASSEMBLY_ERROR,		U64),
};

const size_t cd_noids = ARRAY_SIZE(cd_oids);

struct cd_name {
	u32 val;
	const char *name;
};

#define STATUS(n)	{ CONDIS_STATUS_##n, #n }

static const struct cd_name statuses[] = {
	STATUS(SUCCESS),
	STATUS(PENDING),
	STATUS(FAILURE),
	STATUS(RESOURCES),
	STATUS(NOT_SUPPORTED),
	STATUS(REQUEST_ABORTED),
	STATUS(RESET_IN_PROGRESS),
	STATUS(INVALID_LENGTH),
	STATUS(INVALID_DATA),
	STATUS(BUFFER_TOO_SHORT),
	STATUS(INVALID_OID),
	STATUS(VC_NOT_ACTIVATED),
	STATUS(CELLRATE_NOT_AVAILABLE),
};

/* NDIS_HARDWARE_STATUS */
static const struct cd_name hw_statuses[] = {
	{ CONDIS_HARDWARE_STATUS_READY, "ready" },
	{ 1, "initializing" },
	{ CONDIS_HARDWARE_STATUS_RESET, "reset" },
	{ 3, "closing" },
	{ 4, "not-ready" },
};

/* NDIS_MEDIUM */
static const struct cd_name media[] = {
	{ 0, "802.3" },
	{ 1, "802.5" },
	{ 2, "fddi" },
	{ 3, "wan" },
	{ 4, "localtalk" },
	{ 5, "dix" },
	{ 6, "arcnet-raw" },
	{ 7, "arcnet-878.2" },
	{ CONDIS_MEDIUM_ATM, "atm" },
	{ 9, "wireless-wan" },
	{ 10, "irda" },
	{ 11, "bpc" },
	{ 12, "co-wan" },
	{ 13, "1394" },
};

static const struct cd_name connect_states[] = {
	{ CONDIS_MEDIA_CONNECTED, "connected" },
	{ CONDIS_MEDIA_DISCONNECTED, "disconnected" },
};

static const struct cd_name services[] = {
	{ CONDIS_SERVICE_CBR, "cbr" },
	{ CONDIS_SERVICE_VBR, "vbr" },
	{ CONDIS_SERVICE_UBR, "ubr" },
	{ CONDIS_SERVICE_ABR, "abr" },
};

static const struct cd_name aal_types[] = {
	{ CONDIS_AAL_TYPE_AAL0, "aal0" },
	{ CONDIS_AAL_TYPE_AAL1, "aal1" },
	{ CONDIS_AAL_TYPE_AAL34, "aal34" },
	{ CONDIS_AAL_TYPE_AAL5, "aal5" },
};

static const char *lookup(const struct cd_name *t, size_t n, u32 val)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].val == val)
			return t[i].name;
	return NULL;
}

const struct cd_oid *cd_oid_by_number(u32 oid)
{
	size_t i;

	for (i = 0; i < cd_noids; i++)
		if (cd_oids[i].oid == oid)
			return &cd_oids[i];
	return NULL;
}

const char *cd_status_name(u32 status)
{
	return lookup(statuses, ARRAY_SIZE(statuses), status);
}

/* ---- output buffer ---------------------------------------------------- */

static void die_nomem(void)
{
	fputs("condisctl: out of memory\n", stderr);
	exit(2);
}

void cd_buf_free(struct cd_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = 0;
	b->cap = 0;
}

static void cd_vprintf(struct cd_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	for (;;) {
		va_copy(aq, ap);
		n = vsnprintf(b->s ? b->s + b->len : NULL,
			      b->s ? b->cap - b->len : 0, fmt, aq);
		va_end(aq);
		if (n < 0)
			return;
		if (b->s && b->len + n < b->cap) {
			b->len += n;
			return;
		}
		b->cap = b->cap * 2 + n + 64;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			die_nomem();
		b->s[b->len] = '\0';
	}
}

void cd_printf(struct cd_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cd_vprintf(b, fmt, ap);
	va_end(ap);
}

/* ---- parsing ------------------------------------------------------------ */

/* A number, 0x.. (hex) or decimal; no sign, no spaces. */
int cd_parse_num(const char *s, u64 max, u64 *val)
{
	unsigned long long v;
	const char *p;
	char *end;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -1;
	for (p = s; *p; p++)
		if (base == 16 ? !isxdigit((unsigned char)*p) :
				 !isdigit((unsigned char)*p))
			return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || v > max)
		return -1;
	*val = v;
	return 0;
}

/* An OID name (case-insensitive, "OID_" optional) or number. */
int cd_parse_oid(const char *s, u32 *oid)
{
	size_t i;
	u64 v;

	if (!cd_parse_num(s, UINT32_MAX, &v)) {
		*oid = v;
		return 0;
	}
	if (!strncasecmp(s, "OID_", 4))
		s += 4;
	for (i = 0; i < cd_noids; i++) {
		if (!strcasecmp(s, cd_oids[i].name)) {
			*oid = cd_oids[i].oid;
			return 0;
		}
	}
	return -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int parse_hex(const char *s, u8 *out, size_t size, size_t *len,
		     const char **why)
{
	size_t n = strlen(s), i;
	int hi, lo;

	if (n % 2) {
		*why = "hex: needs an even number of hex digits";
		return -1;
	}
	if (n / 2 > size) {
		*why = "value too long";
		return -1;
	}
	for (i = 0; i < n / 2; i++) {
		hi = hexval((unsigned char)s[2 * i]);
		lo = hexval((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			*why = "hex: takes hex digits only (e.g. hex:0102ff)";
			return -1;
		}
		out[i] = hi << 4 | lo;
	}
	*len = n / 2;
	return 0;
}

/* Copy the field of s up to sep (or the end) into tok; return the rest. */
static const char *field(const char *s, char sep, char *tok, size_t size)
{
	const char *e = strchr(s, sep);
	size_t n = e ? (size_t)(e - s) : strlen(s);

	if (n >= size)
		n = 0;	/* too long to be valid: an empty field fails to parse */
	memcpy(tok, s, n);
	tok[n] = '\0';
	return e ? e + 1 : NULL;
}

static void put_u16(u8 *p, u16 v)
{
	memcpy(p, &v, sizeof(v));
}

static void put_u32(u8 *p, u32 v)
{
	memcpy(p, &v, sizeof(v));
}

static void put_u64(u8 *p, u64 v)
{
	memcpy(p, &v, sizeof(v));
}

/*
 * Parse a set VALUE for oid into out (host byte order, as NDIS).
 * Returns 0 and the length, or -1 and the reason.
 */
int cd_parse_value(u32 oid, const char *s, u8 *out, size_t size,
		   size_t *len, const char **why)
{
	const struct cd_oid *o = cd_oid_by_number(oid);
	enum cd_type t = o ? o->type : CD_RAW;
	char tok[64];
	const char *rest;
	u64 a, b;
	size_t n;

	if (!strncasecmp(s, "hex:", 4))
		return parse_hex(s + 4, out, size, len, why);

	switch (t) {
	case CD_VERSION:
		/* MAJOR.MINOR or the u16 itself */
		rest = field(s, '.', tok, sizeof(tok));
		if (rest) {
			if (cd_parse_num(tok, 255, &a) ||
			    cd_parse_num(rest, 255, &b))
				goto bad_version;
			a = a << 8 | b;
		} else if (cd_parse_num(s, UINT16_MAX, &a)) {
			goto bad_version;
		}
		n = 2;
		if (size < n)
			goto too_long;
		put_u16(out, a);
		break;
	case CD_U64:
		if (cd_parse_num(s, UINT64_MAX, &a)) {
			*why = "not a 64-bit number (0x.. or decimal)";
			return -1;
		}
		n = 8;
		if (size < n)
			goto too_long;
		put_u64(out, a);
		break;
	case CD_SPEED:
		/* OUT,IN or one number for both, in 100 bit/s */
		rest = field(s, ',', tok, sizeof(tok));
		if (cd_parse_num(tok, UINT32_MAX, &a) ||
		    (rest && cd_parse_num(rest, UINT32_MAX, &b))) {
			*why = "takes OUT,IN (or one number for both), in units of 100 bit/s";
			return -1;
		}
		if (!rest)
			b = a;
		n = 8;
		if (size < n)
			goto too_long;
		put_u32(out, a);
		put_u32(out + 4, b);
		break;
	case CD_STRING:
		n = strlen(s) + 1;
		if (size < n)
			goto too_long;
		memcpy(out, s, n);
		break;
	case CD_MAC:
		for (n = 0, rest = s; n < 6; n++) {
			if (!rest || hexval((unsigned char)rest[0]) < 0 ||
			    hexval((unsigned char)rest[1]) < 0 ||
			    rest[2] != (n < 5 ? ':' : '\0'))
				break;
			a = hexval((unsigned char)rest[0]) << 4 |
			    hexval((unsigned char)rest[1]);
			if (size <= n)
				goto too_long;
			out[n] = a;
			rest = n < 5 ? rest + 3 : NULL;
		}
		if (n != 6) {
			*why = "takes an address aa:bb:cc:dd:ee:ff";
			return -1;
		}
		break;
	case CD_OIDLIST:
		/* OID,OID,... (names or numbers) */
		for (n = 0, rest = s; rest; n += 4) {
			u32 v;

			rest = field(rest, ',', tok, sizeof(tok));
			if (cd_parse_oid(tok, &v)) {
				*why = "takes OIDs separated by commas";
				return -1;
			}
			if (size < n + 4)
				goto too_long;
			put_u32(out + n, v);
		}
		break;
	default:
		/* every u32 type, and OIDs of unknown layout */
		if (cd_parse_num(s, UINT32_MAX, &a)) {
			*why = o && t != CD_RAW ?
				"not a 32-bit number (0x.. or decimal)" :
				"not a 32-bit number (0x.. or decimal) or hex:BYTES";
			return -1;
		}
		n = 4;
		if (size < n)
			goto too_long;
		put_u32(out, a);
		break;
	}
	*len = n;
	return 0;

bad_version:
	*why = "takes MAJOR.MINOR (e.g. 5.0) or a 16-bit number";
	return -1;
too_long:
	*why = "value too long";
	return -1;
}

/* ---- formatting ----------------------------------------------------------- */

void cd_json_string(struct cd_buf *b, const char *s, size_t len)
{
	size_t i;

	cd_printf(b, "\"");
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		switch (c) {
		case '"':
			cd_printf(b, "\\\"");
			break;
		case '\\':
			cd_printf(b, "\\\\");
			break;
		case '\n':
			cd_printf(b, "\\n");
			break;
		case '\r':
			cd_printf(b, "\\r");
			break;
		case '\t':
			cd_printf(b, "\\t");
			break;
		case '\b':
			cd_printf(b, "\\b");
			break;
		case '\f':
			cd_printf(b, "\\f");
			break;
		default:
			/* Not UTF-8 from a driver: bytes >= 0x7f as Latin-1. */
			if (c < 0x20 || c >= 0x7f)
				cd_printf(b, "\\u%04x", c);
			else
				cd_printf(b, "%c", c);
		}
	}
	cd_printf(b, "\"");
}

/* A C-like quoted string for people. */
static void human_string(struct cd_buf *b, const char *s, size_t len)
{
	size_t i;

	cd_printf(b, "\"");
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			cd_printf(b, "\\%c", c);
		else if (c == '\n')
			cd_printf(b, "\\n");
		else if (c == '\t')
			cd_printf(b, "\\t");
		else if (c < 0x20 || c >= 0x7f)
			cd_printf(b, "\\x%02x", c);
		else
			cd_printf(b, "%c", c);
	}
	cd_printf(b, "\"");
}

static void hex_bytes(struct cd_buf *b, const u8 *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		cd_printf(b, "%02x", p[i]);
}

/* The OID's name, or its number in hex. */
void cd_fmt_oid(struct cd_buf *b, u32 oid)
{
	const struct cd_oid *o = cd_oid_by_number(oid);

	if (o)
		cd_printf(b, "%s", o->name);
	else
		cd_printf(b, "0x%08x", oid);
}

/* "INVALID_OID (0xc0010017)", or the number alone. */
void cd_fmt_status(struct cd_buf *b, u32 status)
{
	const char *name = cd_status_name(status);

	if (name)
		cd_printf(b, "%s (0x%08x)", name, status);
	else
		cd_printf(b, "0x%08x", status);
}

static bool size_ok(enum cd_type t, size_t len)
{
	switch (t) {
	case CD_RAW:
	case CD_STRING:
		return true;
	case CD_VERSION:
		return len == 2 || len == 4;
	case CD_U64:
		return len == 8 || len == 4;
	case CD_SPEED:
		return len == sizeof(struct condis_link_speed);
	case CD_MAC:
		return len == 6;
	case CD_OIDLIST:
		return len % 4 == 0;
	default:
		return len == 4;
	}
}

static const char *size_want(enum cd_type t)
{
	switch (t) {
	case CD_VERSION:
		return "2 or 4";
	case CD_U64:
		return "8 or 4";
	case CD_SPEED:
		return "8";
	case CD_MAC:
		return "6";
	case CD_OIDLIST:
		return "a multiple of 4";
	default:
		return "4";
	}
}

static u32 get_u32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u16 get_u16(const u8 *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u64 get_u64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void fmt_bits(struct cd_buf *b, u32 v, const struct cd_name *t,
		     size_t n)
{
	const char *sep = "";
	u32 known = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		known |= t[i].val;
		if (v & t[i].val) {
			cd_printf(b, "%s%s", sep, t[i].name);
			sep = ",";
		}
	}
	if (v & ~known)
		cd_printf(b, "%s0x%x", sep, v & ~known);
	else if (!v)
		cd_printf(b, "none");
}

/* 100 bit/s units as Mbit/s, without trailing zeros: 1412830 -> 141.283 */
static void fmt_mbit(struct cd_buf *b, u32 v)
{
	char frac[16];
	int i;

	cd_printf(b, "%u", v / 10000);
	if (!(v % 10000))
		return;
	snprintf(frac, sizeof(frac), "%04u", v % 10000);
	for (i = strlen(frac) - 1; i > 0 && frac[i] == '0'; i--)
		frac[i] = '\0';
	cd_printf(b, ".%s", frac);
}

/*
 * The value of oid in data[0..len), as people read it ("4096",
 * "0 (ready)") or as JSON members ("\"value\":4096" and, for values with
 * a name, ",\"text\":\"ready\""). A length that does not fit the OID's
 * type prints as raw bytes ("\"value\":null,\"raw\":\"0102\"").
 */
void cd_fmt_value(struct cd_buf *b, u32 oid, const void *data, size_t len,
		  bool json)
{
	const struct cd_oid *o = cd_oid_by_number(oid);
	enum cd_type t = o ? o->type : CD_RAW;
	struct cd_buf text = { 0 };
	const u8 *p = data;
	const char *name = NULL;
	const char *sep = "";
	u32 v = 0, in;
	size_t i, n;

	if (!size_ok(t, len)) {
		if (json) {
			cd_printf(b, "\"value\":null,\"raw\":\"");
			hex_bytes(b, p, len);
			cd_printf(b, "\"");
		} else {
			cd_printf(b, "hex:");
			hex_bytes(b, p, len);
			cd_printf(b, " (%zu bytes, expected %s)", len,
				  size_want(t));
		}
		return;
	}
	if (json)
		cd_printf(b, "\"value\":");

	switch (t) {
	case CD_RAW:
		if (json) {
			cd_printf(b, "\"");
			hex_bytes(b, p, len);
			cd_printf(b, "\"");
		} else {
			cd_printf(b, "hex:");
			hex_bytes(b, p, len);
			cd_printf(b, " (%zu bytes)", len);
		}
		break;
	case CD_U32:
		cd_printf(b, "%u", get_u32(p));
		break;
	case CD_HEX32:
		cd_printf(b, json ? "%u" : "0x%08x", get_u32(p));
		break;
	case CD_HWSTATUS:
	case CD_MEDIUM:
	case CD_CONNECT:
		v = get_u32(p);
		if (t == CD_HWSTATUS)
			name = lookup(hw_statuses, ARRAY_SIZE(hw_statuses), v);
		else if (t == CD_MEDIUM)
			name = lookup(media, ARRAY_SIZE(media), v);
		else
			name = lookup(connect_states,
				      ARRAY_SIZE(connect_states), v);
		cd_printf(b, "%u", v);
		if (name)
			cd_printf(&text, "%s", name);
		break;
	case CD_VERSION:
		v = len == 2 ? get_u16(p) : get_u32(p);
		if (json) {
			cd_printf(b, "%u", v);
			cd_printf(&text, "%u.%u", v >> 8, v & 0xff);
		} else {
			cd_printf(b, "%u.%u (0x%04x)", v >> 8, v & 0xff, v);
		}
		break;
	case CD_SERVICE:
	case CD_AAL:
		v = get_u32(p);
		cd_printf(b, json ? "%u" : "0x%08x", v);
		if (t == CD_SERVICE)
			fmt_bits(&text, v, services, ARRAY_SIZE(services));
		else
			fmt_bits(&text, v, aal_types, ARRAY_SIZE(aal_types));
		break;
	case CD_U64:
		cd_printf(b, "%llu", len == 4 ? (unsigned long long)get_u32(p) :
			  (unsigned long long)get_u64(p));
		break;
	case CD_SPEED:
		v = get_u32(p);
		in = get_u32(p + 4);
		if (json) {
			cd_printf(b, "{\"outbound\":%u,\"inbound\":%u}", v, in);
			break;
		}
		cd_printf(b, "out %u in %u (x100 bit/s) = ", v, in);
		fmt_mbit(b, v);
		if (in != v) {
			cd_printf(b, "/");
			fmt_mbit(b, in);
		}
		cd_printf(b, " Mbit/s");
		break;
	case CD_STRING:
		n = strnlen((const char *)p, len);
		if (json)
			cd_json_string(b, (const char *)p, n);
		else
			human_string(b, (const char *)p, n);
		break;
	case CD_MAC:
		cd_printf(b, json ? "\"" : "");
		for (i = 0; i < 6; i++)
			cd_printf(b, "%s%02x", i ? ":" : "", p[i]);
		cd_printf(b, json ? "\"" : "");
		break;
	case CD_OIDLIST:
		cd_printf(b, json ? "[" : "");
		for (i = 0; i < len; i += 4) {
			cd_printf(b, "%s", sep);
			if (json) {
				cd_printf(b, "\"");
				cd_fmt_oid(b, get_u32(p + i));
				cd_printf(b, "\"");
			} else {
				cd_fmt_oid(b, get_u32(p + i));
			}
			sep = json ? "," : " ";
		}
		cd_printf(b, json ? "]" : (len ? "" : "(none)"));
		break;
	}

	if (text.s) {
		if (json) {
			cd_printf(b, ",\"text\":");
			cd_json_string(b, text.s, text.len);
		} else {
			cd_printf(b, " (%s)", text.s);
		}
	}
	cd_buf_free(&text);
}

/* ---- command line ---------------------------------------------------------- */

static void print_usage(FILE *f)
{
	fputs("usage: condisctl [--json] ITF [VPI.VCI] query OID\n"
	      "       condisctl [--json] ITF [VPI.VCI] set OID VALUE\n"
	      "       condisctl [--json] ITF [VPI.VCI] list\n"
	      "       condisctl ITF reset\n"
	      "       condisctl --help\n"
	      "Query or set a CoNDIS OID on ATM interface ITF; with VPI.VCI, on that VC.\n"
	      "  OID      a name without OID_, any case (ATM_MAX_ACTIVE_VCS,\n"
	      "           gen_co_xmit_pdus_ok), or a number (0x08010105 or decimal)\n"
	      "  VALUE    as the OID's type: a number (0x.. or decimal) for u32 and\n"
	      "           counter OIDs and for OIDs of unknown type; OUT,IN (100 bit/s)\n"
	      "           for link speeds; MAJOR.MINOR for GEN_CO_DRIVER_VERSION;\n"
	      "           aa:bb:cc:dd:ee:ff; text; OID,OID,... for the OID list;\n"
	      "           hex:BYTES (e.g. hex:0102ff) for raw bytes, for any OID\n"
	      "  list     query GEN_CO_SUPPORTED_LIST, then every OID in it\n"
	      "  reset    reset the adapter (VCs stay open; needs CAP_NET_ADMIN)\n"
	      "  --json   one JSON object per line\n"
	      "Exit status: 0 NDIS SUCCESS, 1 other NDIS status, 2 usage or system error.\n",
	      f);
}

static __printf(2, 3) int usage_err(FILE *err, const char *fmt, ...);

static int usage_err(FILE *err, const char *fmt, ...)
{
	va_list ap;

	fputs("condisctl: ", err);
	va_start(ap, fmt);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fputs("\n", err);
	print_usage(err);
	return 2;
}

/*
 * Fill a from argv. Returns 0, or 2 after printing the error and the
 * usage to err. --help sets a->help.
 */
int cd_parse_args(int argc, char **argv, struct cd_args *a, FILE *err)
{
	const char *cmd, *rest;
	char tok[32];
	int i = 1;
	u64 v, w;

	memset(a, 0, sizeof(*a));
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--json")) {
			a->json = true;
		} else if (!strcmp(argv[i], "--help") ||
			   !strcmp(argv[i], "-h")) {
			a->help = true;
			return 0;
		} else {
			return usage_err(err, "unknown option %s", argv[i]);
		}
	}

	if (i >= argc)
		return usage_err(err, "missing ITF");
	if (cd_parse_num(argv[i], INT_MAX, &v))
		return usage_err(err, "ITF %s is not an interface number",
				 argv[i]);
	a->itf = v;
	i++;

	if (i < argc && strchr(argv[i], '.')) {
		rest = field(argv[i], '.', tok, sizeof(tok));
		if (cd_parse_num(tok, UINT16_MAX, &v) ||
		    cd_parse_num(rest, UINT32_MAX, &w))
			return usage_err(err, "VC %s is not VPI.VCI", argv[i]);
		a->vc = true;
		a->vpi = v;
		a->vci = w;
		i++;
	}

	if (i >= argc)
		return usage_err(err, "missing command (query, set, list or reset)");
	cmd = argv[i++];
	if (!strcmp(cmd, "list")) {
		a->cmd = CD_LIST;
	} else if (!strcmp(cmd, "reset")) {
		if (a->vc)
			return usage_err(err, "reset: not per VC");
		a->cmd = CD_RESET;
	} else if (!strcmp(cmd, "query") || !strcmp(cmd, "set")) {
		a->cmd = cmd[0] == 'q' ? CD_QUERY : CD_SET;
		if (i >= argc)
			return usage_err(err, "%s: missing OID", cmd);
		if (cd_parse_oid(argv[i], &a->oid))
			return usage_err(err, "unknown OID %s", argv[i]);
		i++;
		if (a->cmd == CD_SET) {
			if (i >= argc)
				return usage_err(err, "set: missing VALUE");
			a->value = argv[i++];
		}
	} else {
		return usage_err(err, "unknown command %s", cmd);
	}
	if (i < argc)
		return usage_err(err, "unexpected argument %s", argv[i]);
	return 0;
}

/* ---- requests --------------------------------------------------------------- */

static int sys_socket(void)
{
	return socket(PF_ATMPVC, SOCK_DGRAM, 0);
}

static int sys_ioctl(int fd, unsigned long cmd, struct atmif_sioc *sioc)
{
	return ioctl(fd, cmd, sioc);
}

int (*cd_socket)(void) = sys_socket;
int (*cd_ioctl)(int fd, unsigned long cmd, struct atmif_sioc *sioc) =
	sys_ioctl;

struct ctx {
	const struct cd_args *a;
	int fd;
	FILE *out;
	FILE *err;
};

struct result {
	struct condis_oid_request req;
	u8 *buf;
	size_t len;	/* valid bytes at buf */
};

/* One request; 0 or the errno of the ioctl. */
static int request(struct ctx *c, unsigned long cmd, u32 oid, void *buf,
		   u32 len, struct condis_oid_request *req)
{
	struct atmif_sioc sioc;

	memset(req, 0, sizeof(*req));
	req->itf = c->a->itf;
	if (c->a->vc) {
		req->flags = CONDIS_REQ_VC;
		req->vpi = c->a->vpi;
		req->vci = c->a->vci;
	}
	req->oid = oid;
	req->len = len;
	req->buf = (uintptr_t)buf;

	memset(&sioc, 0, sizeof(sioc));
	sioc.number = c->a->itf;
	sioc.length = sizeof(*req);
	sioc.arg = req;
	if (cd_ioctl(c->fd, cmd, &sioc) < 0)
		return errno ? errno : EIO;
	return 0;
}

/* Query with QUERY_LEN bytes, once more with bytes_needed if too short. */
static int query(struct ctx *c, u32 oid, struct result *r)
{
	u32 len = QUERY_LEN, need;
	int e;

	memset(r, 0, sizeof(*r));
	r->buf = calloc(1, len);
	if (!r->buf)
		die_nomem();
	e = request(c, CONDIS_IOC_QUERY, oid, r->buf, len, &r->req);
	need = r->req.bytes_needed;
	if (!e && r->req.ndis_status == CONDIS_STATUS_BUFFER_TOO_SHORT &&
	    need > len && need <= CONDIS_MAX_INFO_LEN) {
		free(r->buf);
		len = need;
		r->buf = calloc(1, len);
		if (!r->buf)
			die_nomem();
		e = request(c, CONDIS_IOC_QUERY, oid, r->buf, len, &r->req);
	}
	if (e)
		return e;
	r->len = r->req.bytes_written;
	if (r->len > len) {
		struct cd_buf b = { 0 };

		cd_fmt_oid(&b, oid);
		fprintf(c->err,
			"condisctl: %s: bytes_written %zu exceeds the %u-byte buffer\n",
			b.s, r->len, len);
		cd_buf_free(&b);
		r->len = len;
	}
	return 0;
}

static bool needs_bytes(u32 status)
{
	return status == CONDIS_STATUS_BUFFER_TOO_SHORT ||
	       status == CONDIS_STATUS_INVALID_LENGTH;
}

/* The ioctl failed: say why, as clearly as we can. Returns 2. */
static int errno_fail(struct ctx *c, u32 oid, const char *op, int e)
{
	struct cd_buf b = { 0 };

	cd_fmt_oid(&b, oid);
	cd_printf(&b, ": %s on itf %d: %s", op, c->a->itf, strerror(e));
	switch (e) {
	case EPERM:
	case EACCES:
		if (c->a->cmd == CD_SET)
			cd_printf(&b, " (setting an OID needs CAP_NET_ADMIN: run as root)");
		else if (c->a->vc)
			cd_printf(&b, " (a VC another user opened needs CAP_NET_ADMIN)");
		break;
	case ENODEV:
		cd_printf(&b, " (no ATM interface %d)", c->a->itf);
		break;
	case ENOTTY:
		cd_printf(&b, " (the driver of ATM interface %d takes no CoNDIS OID requests)",
			  c->a->itf);
		break;
	case EINVAL:
		cd_printf(&b, " (not a CoNDIS interface, or a request it rejects as malformed)");
		break;
	}
	fprintf(c->err, "condisctl: %s\n", b.s);
	cd_buf_free(&b);
	return 2;
}

/* A non-SUCCESS NDIS status on stderr. Returns 1. */
static int status_fail(struct ctx *c, u32 oid,
		       const struct condis_oid_request *req)
{
	struct cd_buf b = { 0 };

	cd_fmt_oid(&b, oid);
	cd_printf(&b, ": NDIS status ");
	cd_fmt_status(&b, req->ndis_status);
	if (needs_bytes(req->ndis_status))
		cd_printf(&b, ", %u bytes needed", req->bytes_needed);
	fprintf(c->err, "condisctl: %s\n", b.s);
	cd_buf_free(&b);
	return 1;
}

static void json_head(struct cd_buf *b, struct ctx *c, u32 oid, u32 status)
{
	const struct cd_oid *o = cd_oid_by_number(oid);
	const char *name = cd_status_name(status);

	cd_printf(b, "{\"itf\":%d,\"vc\":", c->a->itf);
	if (c->a->vc)
		cd_printf(b, "\"%u.%u\"", c->a->vpi, c->a->vci);
	else
		cd_printf(b, "null");
	cd_printf(b, ",\"oid\":");
	if (o)
		cd_json_string(b, o->name, strlen(o->name));
	else
		cd_printf(b, "null");
	cd_printf(b, ",\"number\":\"0x%08x\",\"status\":", oid);
	if (name)
		cd_printf(b, "\"%s\"", name);
	else
		cd_printf(b, "\"0x%08x\"", status);
}

/*
 * One line for a query's outcome. A failed query prints a line only with
 * --json or in a list (the error itself goes to stderr otherwise).
 */
static void print_query(struct ctx *c, u32 oid, const struct result *r,
			bool in_list)
{
	u32 st = r->req.ndis_status;
	struct cd_buf b = { 0 };

	if (c->a->json) {
		json_head(&b, c, oid, st);
		cd_printf(&b, ",");
		if (st == CONDIS_STATUS_SUCCESS)
			cd_fmt_value(&b, oid, r->buf, r->len, true);
		else
			cd_printf(&b, "\"value\":null");
		cd_printf(&b, ",\"bytes_written\":%u", r->req.bytes_written);
		if (needs_bytes(st))
			cd_printf(&b, ",\"bytes_needed\":%u",
				  r->req.bytes_needed);
		cd_printf(&b, "}");
	} else if (st == CONDIS_STATUS_SUCCESS) {
		cd_fmt_oid(&b, oid);
		cd_printf(&b, " = ");
		cd_fmt_value(&b, oid, r->buf, r->len, false);
	} else if (in_list) {
		cd_fmt_oid(&b, oid);
		cd_printf(&b, ": NDIS status ");
		cd_fmt_status(&b, st);
		if (needs_bytes(st))
			cd_printf(&b, ", %u bytes needed",
				  r->req.bytes_needed);
	}
	if (b.s)
		fprintf(c->out, "%s\n", b.s);
	cd_buf_free(&b);
}

static int do_query(struct ctx *c, u32 oid)
{
	struct result r;
	int e, ret = 0;

	e = query(c, oid, &r);
	if (e) {
		ret = errno_fail(c, oid, "query", e);
	} else {
		print_query(c, oid, &r, false);
		if (r.req.ndis_status != CONDIS_STATUS_SUCCESS)
			ret = status_fail(c, oid, &r.req);
	}
	free(r.buf);
	return ret;
}

static int do_set(struct ctx *c, u32 oid, u8 *val, size_t len)
{
	struct condis_oid_request req;
	struct cd_buf b = { 0 };
	u32 st;
	int e;

	e = request(c, CONDIS_IOC_SET, oid, val, len, &req);
	if (e)
		return errno_fail(c, oid, "set", e);
	st = req.ndis_status;
	if (c->a->json) {
		json_head(&b, c, oid, st);
		cd_printf(&b, ",\"bytes_read\":%u", req.bytes_written);
		if (needs_bytes(st))
			cd_printf(&b, ",\"bytes_needed\":%u", req.bytes_needed);
		cd_printf(&b, "}");
	} else if (st == CONDIS_STATUS_SUCCESS) {
		cd_fmt_oid(&b, oid);
		cd_printf(&b, ": ok");
	}
	if (b.s)
		fprintf(c->out, "%s\n", b.s);
	cd_buf_free(&b);
	return st == CONDIS_STATUS_SUCCESS ? 0 : status_fail(c, oid, &req);
}

/*
 * GEN_CO_SUPPORTED_LIST, then one line for every OID in it. Exit status 0
 * once the list itself was read: a failed OID shows in its line.
 */
static int do_list(struct ctx *c)
{
	struct result r, one;
	size_t i, n;
	u32 *oids;
	int e, ret = 0;

	e = query(c, OID_GEN_CO_SUPPORTED_LIST, &r);
	if (e) {
		free(r.buf);
		return errno_fail(c, OID_GEN_CO_SUPPORTED_LIST, "query", e);
	}
	if (r.req.ndis_status != CONDIS_STATUS_SUCCESS) {
		print_query(c, OID_GEN_CO_SUPPORTED_LIST, &r, false);
		free(r.buf);
		return status_fail(c, OID_GEN_CO_SUPPORTED_LIST, &r.req);
	}
	if (r.len % 4)
		fprintf(c->err,
			"condisctl: GEN_CO_SUPPORTED_LIST: %zu bytes, not a multiple of 4; ignoring the last %zu\n",
			r.len, r.len % 4);
	n = r.len / 4;
	oids = calloc(n ? n : 1, sizeof(*oids));
	if (!oids)
		die_nomem();
	memcpy(oids, r.buf, n * 4);
	free(r.buf);

	for (i = 0; i < n; i++) {
		e = query(c, oids[i], &one);
		if (e)
			ret = errno_fail(c, oids[i], "query", e);
		else
			print_query(c, oids[i], &one, true);
		free(one.buf);
		if (e)
			break;
	}
	free(oids);
	return ret;
}

/* CONDIS_IOC_RESET: returns when the reset is over. */
static int do_reset(struct ctx *c)
{
	struct atmif_sioc sioc;

	memset(&sioc, 0, sizeof(sioc));
	sioc.number = c->a->itf;
	if (cd_ioctl(c->fd, CONDIS_IOC_RESET, &sioc) < 0) {
		int e = errno ? errno : EIO;

		fprintf(c->err, "condisctl: %d: reset: %s%s\n", c->a->itf,
			strerror(e), e == EIO ?
			" (the device is dead; its VCs were closed)" : "");
		return 2;
	}
	if (c->a->json)
		fprintf(c->out, "{\"itf\":%d,\"reset\":\"done\"}\n", c->a->itf);
	else
		fprintf(c->out, "%d: reset done\n", c->a->itf);
	return 0;
}

int cd_main(int argc, char **argv, FILE *out, FILE *err)
{
	struct cd_args a;
	struct ctx c = { .a = &a, .out = out, .err = err };
	const char *why = "";
	size_t len = 0;
	u8 *val = NULL;
	int ret = 0;

	ret = cd_parse_args(argc, argv, &a, err);
	if (ret)
		return ret;
	if (a.help) {
		print_usage(out);
		return 0;
	}
	if (a.cmd == CD_SET) {
		val = calloc(1, CONDIS_MAX_INFO_LEN);
		if (!val)
			die_nomem();
		if (cd_parse_value(a.oid, a.value, val, CONDIS_MAX_INFO_LEN,
				   &len, &why)) {
			struct cd_buf b = { 0 };

			cd_fmt_oid(&b, a.oid);
			fprintf(err, "condisctl: %s: bad VALUE %s: %s\n", b.s,
				a.value, why);
			cd_buf_free(&b);
			free(val);
			return 2;
		}
	}

	c.fd = cd_socket();
	if (c.fd < 0) {
		fprintf(err, "condisctl: socket(PF_ATMPVC): %s%s\n",
			strerror(errno), errno == EAFNOSUPPORT ?
			" (no ATM support in this kernel)" : "");
		free(val);
		return 2;
	}
	switch (a.cmd) {
	case CD_QUERY:
		ret = do_query(&c, a.oid);
		break;
	case CD_SET:
		ret = do_set(&c, a.oid, val, len);
		break;
	case CD_LIST:
		ret = do_list(&c);
		break;
	case CD_RESET:
		ret = do_reset(&c);
		break;
	}
	close(c.fd);
	free(val);
	return ret;
}

#ifndef CONDISCTL_TEST
int main(int argc, char **argv)
{
	int ret = cd_main(argc, argv, stdout, stderr);

	if (fflush(stdout) == EOF) {
		perror("condisctl: stdout");
		return 2;
	}
	return ret;
}
#endif
