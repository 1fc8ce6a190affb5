// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of condisctl: no ATM socket. The tables, formatting and
 * parsing are called directly; whole command lines run through cd_main()
 * against a fake ioctl that answers like the shim would. TAP output;
 * exits non-zero if any test fails. Run by "make -C tools check".
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/atmdev.h>
#include <linux/condis.h>
#include "condisctl.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int ntests, nfailed;

static __printf(2, 3) bool ok(bool cond, const char *fmt, ...);

static bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	ntests++;
	if (!cond)
		nfailed++;
	printf("%sok %d - ", cond ? "" : "not ", ntests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

static void is_str(const char *got, const char *want, const char *name)
{
	if (!ok(got && !strcmp(got, want), "%s", name)) {
		printf("#   got:  '%s'\n", got ? got : "(null)");
		printf("#   want: '%s'\n", want);
	}
}

static void is_int(long long got, long long want, const char *name)
{
	if (!ok(got == want, "%s", name))
		printf("#   got: %lld (0x%llx), want: %lld (0x%llx)\n",
		       got, got, want, want);
}

/* ---- OID names ---------------------------------------------------------- */

static void test_oid_names(void)
{
	static const struct {
		const char *s;
		int ret;
		u32 oid;
	} tests[] = {
		{ "ATM_MAX_ACTIVE_VCS", 0, OID_ATM_MAX_ACTIVE_VCS },
		{ "atm_max_active_vcs", 0, OID_ATM_MAX_ACTIVE_VCS },
		{ "Gen_Co_Xmit_Pdus_Ok", 0, OID_GEN_CO_XMIT_PDUS_OK },
		{ "gen_co_xmit_pdus_ok", 0, OID_GEN_CO_XMIT_PDUS_OK },
		{ "OID_ATM_HW_CURRENT_ADDRESS", 0, OID_ATM_HW_CURRENT_ADDRESS },
		{ "oid_gen_co_link_speed", 0, OID_GEN_CO_LINK_SPEED },
		{ "0x08010105", 0, OID_ATM_MAX_ACTIVE_VCS },
		{ "0X0801010B", 0, OID_ATM_MAX_AAL5_PACKET_SIZE },
		{ "134283525", 0, OID_ATM_MAX_ACTIVE_VCS },
		{ "0x12345678", 0, 0x12345678 },
		{ "0xffffffff", 0, 0xffffffff },
		{ "0", 0, 0 },
		{ "ATM_NO_SUCH_OID", -1, 0 },
		{ "ATM_MAX_ACTIVE_VC", -1, 0 },
		{ "OID_", -1, 0 },
		{ "", -1, 0 },
		{ "0x", -1, 0 },
		{ "0x100000000", -1, 0 },
		{ "4294967296", -1, 0 },
		{ "-1", -1, 0 },
		{ " 1", -1, 0 },
		{ "12abc", -1, 0 },
		{ "0x0x5", -1, 0 },
		{ "0xfg", -1, 0 },
	};
	size_t i, j;
	u32 oid;
	int ret;
	bool unique = true, found = true;

	for (i = 0; i < ARRAY_SIZE(tests); i++) {
		oid = 0;
		ret = cd_parse_oid(tests[i].s, &oid);
		ok(ret == tests[i].ret && (ret || oid == tests[i].oid),
		   "parse OID '%s' -> %s 0x%08x", tests[i].s,
		   tests[i].ret ? "error" : "ok", tests[i].oid);
	}

	is_int(cd_noids, 37, "every OID of the header is in the table");
	for (i = 0; i < cd_noids; i++) {
		char lower[64];

		for (j = 0; cd_oids[i].name[j] && j < sizeof(lower) - 1; j++)
			lower[j] = tolower((unsigned char)cd_oids[i].name[j]);
		lower[j] = '\0';
		if (cd_oid_by_number(cd_oids[i].oid) != &cd_oids[i])
			unique = false;
		if (cd_parse_oid(lower, &oid) || oid != cd_oids[i].oid)
			found = false;
		for (j = 0; j < i; j++)
			if (!strcmp(cd_oids[i].name, cd_oids[j].name))
				unique = false;
	}
	ok(unique, "OID names and numbers are unique");
	ok(found, "every table name parses in lower case");
	ok(!cd_oid_by_number(0x12345678), "unknown number has no entry");
	ok(cd_oid_by_number(OID_GEN_CO_SUPPORTED_LIST) &&
	   cd_oid_by_number(OID_GEN_CO_SUPPORTED_LIST)->type == CD_OIDLIST,
	   "GEN_CO_SUPPORTED_LIST is a u32 list");
}

/* ---- formatting ----------------------------------------------------------- */

static char *fmt(u32 oid, const void *p, size_t len, bool json)
{
	struct cd_buf b = { 0 };

	cd_fmt_value(&b, oid, p, len, json);
	return b.s ? b.s : strdup("");
}

static void check_fmt(u32 oid, const void *p, size_t len, const char *human,
		      const char *json, const char *name)
{
	char title[160];
	char *s;

	s = fmt(oid, p, len, false);
	snprintf(title, sizeof(title), "format %s", name);
	is_str(s, human, title);
	free(s);
	s = fmt(oid, p, len, true);
	snprintf(title, sizeof(title), "format %s (json)", name);
	is_str(s, json, title);
	free(s);
}

static void test_format(void)
{
	u32 v;
	u16 h;
	u64 w;
	u32 speed[2];
	u32 list[3] = { OID_GEN_CO_SUPPORTED_LIST, OID_ATM_MAX_ACTIVE_VCS,
			0x12345678 };
	u8 mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
	u8 raw[3] = { 0x01, 0x02, 0xff };

	v = 4096;
	check_fmt(OID_ATM_MAX_ACTIVE_VCS, &v, 4, "4096", "\"value\":4096",
		  "u32");
	check_fmt(OID_ATM_MAX_ACTIVE_VCS, &v, 2,
		  "hex:0010 (2 bytes, expected 4)",
		  "\"value\":null,\"raw\":\"0010\"", "u32, short buffer");
	check_fmt(OID_ATM_MAX_ACTIVE_VCS, &v, 0, "hex: (0 bytes, expected 4)",
		  "\"value\":null,\"raw\":\"\"", "u32, empty buffer");
	w = 4096;
	check_fmt(OID_ATM_MAX_ACTIVE_VCS, &w, 8,
		  "hex:0010000000000000 (8 bytes, expected 4)",
		  "\"value\":null,\"raw\":\"0010000000000000\"",
		  "u32, 8 bytes");

	v = 0;
	check_fmt(OID_GEN_CO_HARDWARE_STATUS, &v, 4, "0 (ready)",
		  "\"value\":0,\"text\":\"ready\"", "hardware status ready");
	v = 4;
	check_fmt(OID_GEN_CO_HARDWARE_STATUS, &v, 4, "4 (not-ready)",
		  "\"value\":4,\"text\":\"not-ready\"",
		  "hardware status not-ready");
	v = 1;
	check_fmt(OID_GEN_CO_HARDWARE_STATUS, &v, 4, "1 (initializing)",
		  "\"value\":1,\"text\":\"initializing\"",
		  "hardware status initializing");
	v = 7;
	check_fmt(OID_GEN_CO_HARDWARE_STATUS, &v, 4, "7", "\"value\":7",
		  "hardware status unknown");

	v = CONDIS_MEDIUM_ATM;
	check_fmt(OID_GEN_CO_MEDIA_IN_USE, &v, 4, "8 (atm)",
		  "\"value\":8,\"text\":\"atm\"", "medium atm");
	check_fmt(OID_GEN_CO_MEDIA_SUPPORTED, &v, 4, "8 (atm)",
		  "\"value\":8,\"text\":\"atm\"", "media supported");

	v = 0x00123456;
	check_fmt(OID_GEN_CO_VENDOR_ID, &v, 4, "0x00123456",
		  "\"value\":1193046", "vendor id (hex)");
	v = 0x3;
	check_fmt(OID_GEN_CO_MAC_OPTIONS, &v, 4, "0x00000003", "\"value\":3",
		  "mac options (hex)");
	check_fmt(OID_GEN_CO_PROTOCOL_OPTIONS, &v, 4, "0x00000003",
		  "\"value\":3", "protocol options (hex)");
	v = 0x00010203;
	check_fmt(OID_GEN_CO_VENDOR_DRIVER_VERSION, &v, 4, "0x00010203",
		  "\"value\":66051", "vendor driver version (hex)");

	h = 0x0500;
	check_fmt(OID_GEN_CO_DRIVER_VERSION, &h, 2, "5.0 (0x0500)",
		  "\"value\":1280,\"text\":\"5.0\"", "driver version, 2 bytes");
	v = 0x0501;
	check_fmt(OID_GEN_CO_DRIVER_VERSION, &v, 4, "5.1 (0x0501)",
		  "\"value\":1281,\"text\":\"5.1\"", "driver version, 4 bytes");
	check_fmt(OID_GEN_CO_DRIVER_VERSION, &v, 3,
		  "hex:010500 (3 bytes, expected 2 or 4)",
		  "\"value\":null,\"raw\":\"010500\"",
		  "driver version, 3 bytes");

	v = CONDIS_MEDIA_CONNECTED;
	check_fmt(OID_GEN_CO_MEDIA_CONNECT_STATUS, &v, 4, "0 (connected)",
		  "\"value\":0,\"text\":\"connected\"", "connected");
	v = CONDIS_MEDIA_DISCONNECTED;
	check_fmt(OID_GEN_CO_MEDIA_CONNECT_STATUS, &v, 4, "1 (disconnected)",
		  "\"value\":1,\"text\":\"disconnected\"", "disconnected");

	v = CONDIS_SERVICE_UBR | CONDIS_SERVICE_ABR;
	check_fmt(OID_ATM_SUPPORTED_SERVICE_CATEGORY, &v, 4,
		  "0x0000000c (ubr,abr)",
		  "\"value\":12,\"text\":\"ubr,abr\"", "service categories");
	v = CONDIS_SERVICE_CBR | 0x30;
	check_fmt(OID_ATM_SUPPORTED_SERVICE_CATEGORY, &v, 4,
		  "0x00000031 (cbr,0x30)",
		  "\"value\":49,\"text\":\"cbr,0x30\"",
		  "service categories, unknown bits");
	v = 0;
	check_fmt(OID_ATM_SUPPORTED_SERVICE_CATEGORY, &v, 4,
		  "0x00000000 (none)", "\"value\":0,\"text\":\"none\"",
		  "service categories, none");
	v = CONDIS_AAL_TYPE_AAL0 | CONDIS_AAL_TYPE_AAL5;
	check_fmt(OID_ATM_SUPPORTED_AAL_TYPES, &v, 4, "0x00000009 (aal0,aal5)",
		  "\"value\":9,\"text\":\"aal0,aal5\"", "AAL types");
	v = 0xf;
	check_fmt(OID_ATM_SUPPORTED_AAL_TYPES, &v, 4,
		  "0x0000000f (aal0,aal1,aal34,aal5)",
		  "\"value\":15,\"text\":\"aal0,aal1,aal34,aal5\"",
		  "AAL types, all");

	w = 0x100000001ULL;
	check_fmt(OID_GEN_CO_XMIT_PDUS_OK, &w, 8, "4294967297",
		  "\"value\":4294967297", "u64 counter");
	w = UINT64_MAX;
	check_fmt(OID_ATM_RCV_CELLS_OK, &w, 8, "18446744073709551615",
		  "\"value\":18446744073709551615", "u64 counter, max");
	v = 7;
	check_fmt(OID_GEN_CO_BYTES_RCV, &v, 4, "7", "\"value\":7",
		  "counter answered in 4 bytes");
	check_fmt(OID_GEN_CO_RCV_PDUS_NO_BUFFER, &v, 3,
		  "hex:070000 (3 bytes, expected 8 or 4)",
		  "\"value\":null,\"raw\":\"070000\"", "counter, 3 bytes");

	speed[0] = 1412830;
	speed[1] = 1412830;
	check_fmt(OID_GEN_CO_LINK_SPEED, speed, 8,
		  "out 1412830 in 1412830 (x100 bit/s) = 141.283 Mbit/s",
		  "\"value\":{\"outbound\":1412830,\"inbound\":1412830}",
		  "link speed");
	speed[0] = 1536000;
	speed[1] = 100000;
	check_fmt(OID_GEN_CO_MINIMUM_LINK_SPEED, speed, 8,
		  "out 1536000 in 100000 (x100 bit/s) = 153.6/10 Mbit/s",
		  "\"value\":{\"outbound\":1536000,\"inbound\":100000}",
		  "minimum link speed, asymmetric");
	speed[0] = 1;
	speed[1] = 1;
	check_fmt(OID_GEN_CO_LINK_SPEED, speed, 8,
		  "out 1 in 1 (x100 bit/s) = 0.0001 Mbit/s",
		  "\"value\":{\"outbound\":1,\"inbound\":1}",
		  "link speed, 100 bit/s");
	check_fmt(OID_GEN_CO_LINK_SPEED, speed, 4,
		  "hex:01000000 (4 bytes, expected 8)",
		  "\"value\":null,\"raw\":\"01000000\"", "link speed, short");

	check_fmt(OID_GEN_CO_VENDOR_DESCRIPTION, "coatm\0junk", 10,
		  "\"coatm\"", "\"value\":\"coatm\"",
		  "string, NUL-terminated");
	check_fmt(OID_GEN_CO_VENDOR_DESCRIPTION, "coatm", 5, "\"coatm\"",
		  "\"value\":\"coatm\"", "string, not NUL-terminated");
	check_fmt(OID_GEN_CO_VENDOR_DESCRIPTION, "a\"b\\c\n\x01", 7,
		  "\"a\\\"b\\\\c\\n\\x01\"",
		  "\"value\":\"a\\\"b\\\\c\\n\\u0001\"", "string, escapes");
	check_fmt(OID_GEN_CO_VENDOR_DESCRIPTION, "", 0, "\"\"",
		  "\"value\":\"\"", "string, empty");

	check_fmt(OID_ATM_HW_CURRENT_ADDRESS, mac, 6, "02:00:5e:10:00:01",
		  "\"value\":\"02:00:5e:10:00:01\"", "mac");
	check_fmt(OID_ATM_HW_CURRENT_ADDRESS, mac, 5,
		  "hex:02005e1000 (5 bytes, expected 6)",
		  "\"value\":null,\"raw\":\"02005e1000\"", "mac, short");

	check_fmt(OID_GEN_CO_SUPPORTED_LIST, list, 12,
		  "GEN_CO_SUPPORTED_LIST ATM_MAX_ACTIVE_VCS 0x12345678",
		  "\"value\":[\"GEN_CO_SUPPORTED_LIST\",\"ATM_MAX_ACTIVE_VCS\",\"0x12345678\"]",
		  "OID list");
	check_fmt(OID_GEN_CO_SUPPORTED_LIST, list, 0, "(none)",
		  "\"value\":[]", "OID list, empty");
	check_fmt(OID_GEN_CO_SUPPORTED_LIST, list, 6,
		  "hex:010101000501 (6 bytes, expected a multiple of 4)",
		  "\"value\":null,\"raw\":\"010101000501\"",
		  "OID list, 6 bytes");

	check_fmt(0x12345678, raw, 3, "hex:0102ff (3 bytes)",
		  "\"value\":\"0102ff\"", "unknown OID");
	check_fmt(0x12345678, raw, 0, "hex: (0 bytes)", "\"value\":\"\"",
		  "unknown OID, empty");
	check_fmt(OID_ATM_SUPPORTED_VC_RATES, raw, 3, "hex:0102ff (3 bytes)",
		  "\"value\":\"0102ff\"", "ATM_SUPPORTED_VC_RATES (raw)");
}

/* ---- set values ------------------------------------------------------------ */

static void check_parse(u32 oid, const char *s, const void *want,
			size_t want_len, const char *name)
{
	u8 out[64];
	size_t len = 0;
	const char *why = NULL;
	int ret;

	memset(out, 0xaa, sizeof(out));
	ret = cd_parse_value(oid, s, out, sizeof(out), &len, &why);
	if (!want) {
		ok(ret == -1 && why && *why, "parse '%s' for %s: error (%s)",
		   s, name, why ? why : "no reason");
		return;
	}
	if (!ok(!ret && len == want_len && !memcmp(out, want, len),
		"parse '%s' for %s", s, name))
		printf("#   ret %d len %zu (want %zu) why %s\n", ret, len,
		       want_len, why ? why : "-");
}

static void test_parse_value(void)
{
	u32 v, sp[2];
	u16 h;
	u64 w;
	u32 list[2] = { OID_GEN_CO_SUPPORTED_LIST, OID_ATM_MAX_ACTIVE_VCS };
	u8 mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0xab };
	u8 raw[3] = { 0x01, 0x02, 0xff };
	u8 out[4];
	size_t len;
	const char *why = NULL;

	v = 4096;
	check_parse(OID_ATM_MAX_ACTIVE_VCS, "4096", &v, 4, "u32 decimal");
	check_parse(OID_ATM_MAX_ACTIVE_VCS, "0x1000", &v, 4, "u32 hex");
	v = 10;
	check_parse(OID_ATM_MAX_ACTIVE_VCS, "010", &v, 4,
		    "u32 leading zero is decimal");
	v = UINT32_MAX;
	check_parse(OID_GEN_CO_PROTOCOL_OPTIONS, "0xffffffff", &v, 4,
		    "u32 max");
	check_parse(OID_ATM_MAX_ACTIVE_VCS, "4294967296", NULL, 0,
		    "u32 overflow");
	check_parse(OID_ATM_MAX_ACTIVE_VCS, "-1", NULL, 0, "u32");
	check_parse(OID_ATM_MAX_ACTIVE_VCS, "12k", NULL, 0, "u32");
	check_parse(OID_ATM_MAX_ACTIVE_VCS, "", NULL, 0, "u32");
	v = 3;
	check_parse(OID_GEN_CO_MEDIA_CONNECT_STATUS, "3", &v, 4,
		    "connect status takes a number");
	v = 0x0c;
	check_parse(OID_ATM_SUPPORTED_SERVICE_CATEGORY, "0xc", &v, 4,
		    "service mask takes a number");

	v = 5;
	check_parse(0x12345678, "5", &v, 4, "unknown OID as u32");
	check_parse(0x12345678, "hex:0102ff", raw, 3, "unknown OID, hex:");
	check_parse(0x12345678, "HEX:0102FF", raw, 3, "unknown OID, HEX:");
	check_parse(0x12345678, "hex:", raw, 0, "unknown OID, empty hex:");
	check_parse(0x12345678, "hex:123", NULL, 0, "odd hex digits");
	check_parse(0x12345678, "hex:zz", NULL, 0, "non-hex digits");
	check_parse(0x12345678, "0102ff", NULL, 0, "unknown OID, no hex:");
	check_parse(OID_ATM_MAX_ACTIVE_VCS, "hex:0010", "\x00\x10", 2,
		    "hex: on a u32 OID passes raw bytes");

	w = 0x100000001ULL;
	check_parse(OID_GEN_CO_BYTES_XMIT, "0x100000001", &w, 8, "u64");
	w = UINT64_MAX;
	check_parse(OID_GEN_CO_BYTES_XMIT, "18446744073709551615", &w, 8,
		    "u64 max");
	check_parse(OID_GEN_CO_BYTES_XMIT, "18446744073709551616", NULL, 0,
		    "u64 overflow");

	sp[0] = sp[1] = 1412830;
	check_parse(OID_GEN_CO_LINK_SPEED, "1412830", sp, 8,
		    "link speed, one number");
	sp[0] = 10;
	sp[1] = 20;
	check_parse(OID_GEN_CO_LINK_SPEED, "10,20", sp, 8,
		    "link speed, OUT,IN");
	check_parse(OID_GEN_CO_LINK_SPEED, "10,x", NULL, 0, "link speed");
	check_parse(OID_GEN_CO_LINK_SPEED, "10,20,30", NULL, 0, "link speed");

	check_parse(OID_ATM_HW_CURRENT_ADDRESS, "02:00:5e:10:00:AB", mac, 6,
		    "mac");
	check_parse(OID_ATM_HW_CURRENT_ADDRESS, "02:00:5e:10:00", NULL, 0,
		    "mac");
	check_parse(OID_ATM_HW_CURRENT_ADDRESS, "02:00:5e:10:00:ab:01", NULL,
		    0, "mac");
	check_parse(OID_ATM_HW_CURRENT_ADDRESS, "02005e1000ab", NULL, 0, "mac");

	check_parse(OID_GEN_CO_VENDOR_DESCRIPTION, "coatm", "coatm", 6,
		    "string (with its NUL)");

	h = 0x0500;
	check_parse(OID_GEN_CO_DRIVER_VERSION, "5.0", &h, 2, "version 5.0");
	h = 0x0501;
	check_parse(OID_GEN_CO_DRIVER_VERSION, "0x0501", &h, 2,
		    "version as number");
	check_parse(OID_GEN_CO_DRIVER_VERSION, "256.0", NULL, 0, "version");
	check_parse(OID_GEN_CO_DRIVER_VERSION, "0x10000", NULL, 0, "version");

	check_parse(OID_GEN_CO_SUPPORTED_LIST,
		    "gen_co_supported_list,0x08010105", list, 8, "OID list");
	check_parse(OID_GEN_CO_SUPPORTED_LIST, "GEN_CO_SUPPORTED_LIST,,x",
		    NULL, 0, "OID list");

	ok(cd_parse_value(OID_ATM_MAX_ACTIVE_VCS, "1", out, 2, &len, &why) &&
	   why && !strcmp(why, "value too long"),
	   "value longer than the buffer is refused");
}

/* ---- statuses and JSON ------------------------------------------------------ */

static void test_status(void)
{
	static const struct {
		u32 st;
		const char *name;
	} names[] = {
		{ CONDIS_STATUS_SUCCESS, "SUCCESS" },
		{ CONDIS_STATUS_PENDING, "PENDING" },
		{ CONDIS_STATUS_FAILURE, "FAILURE" },
		{ CONDIS_STATUS_RESOURCES, "RESOURCES" },
		{ CONDIS_STATUS_NOT_SUPPORTED, "NOT_SUPPORTED" },
		{ CONDIS_STATUS_REQUEST_ABORTED, "REQUEST_ABORTED" },
		{ CONDIS_STATUS_RESET_IN_PROGRESS, "RESET_IN_PROGRESS" },
		{ CONDIS_STATUS_INVALID_LENGTH, "INVALID_LENGTH" },
		{ CONDIS_STATUS_INVALID_DATA, "INVALID_DATA" },
		{ CONDIS_STATUS_BUFFER_TOO_SHORT, "BUFFER_TOO_SHORT" },
		{ CONDIS_STATUS_INVALID_OID, "INVALID_OID" },
		{ CONDIS_STATUS_VC_NOT_ACTIVATED, "VC_NOT_ACTIVATED" },
		{ CONDIS_STATUS_CELLRATE_NOT_AVAILABLE,
		  "CELLRATE_NOT_AVAILABLE" },
	};
	struct cd_buf b = { 0 };
	char title[80];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(title, sizeof(title), "status 0x%08x is %s",
			 names[i].st, names[i].name);
		is_str(cd_status_name(names[i].st), names[i].name, title);
	}
	ok(!cd_status_name(0xc0001234), "unknown status has no name");

	cd_fmt_status(&b, CONDIS_STATUS_INVALID_OID);
	is_str(b.s, "INVALID_OID (0xc0010017)", "status with name and number");
	cd_buf_free(&b);
	cd_fmt_status(&b, 0xc0001234);
	is_str(b.s, "0xc0001234", "unknown status: number only");
	cd_buf_free(&b);
}

static void test_json_string(void)
{
	static const char in[] = "a\"b\\c\n\r\t\b\f\x01\x1f\x7f\xff/z\0y";
	struct cd_buf b = { 0 };

	cd_json_string(&b, in, sizeof(in) - 1);
	is_str(b.s,
	       "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f\\u00ff/z\\u0000y\"",
	       "JSON escaping of quotes, controls, non-ASCII and NUL");
	cd_buf_free(&b);
	cd_json_string(&b, "", 0);
	is_str(b.s, "\"\"", "JSON empty string");
	cd_buf_free(&b);
}

/* ---- command line ----------------------------------------------------------- */

#define MAXARGS 16

/* Split a command line at spaces into argv (argv[0] = "condisctl"). */
static int split(char *line, char **argv)
{
	int argc = 0;
	char *tok;

	argv[argc++] = "condisctl";
	for (tok = strtok(line, " "); tok && argc < MAXARGS - 1;
	     tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;
	return argc;
}

static int parse(const char *cmdline, struct cd_args *a, char **errout)
{
	char line[256], *argv[MAXARGS];
	size_t len = 0;
	FILE *err;
	int ret;

	snprintf(line, sizeof(line), "%s", cmdline);
	err = open_memstream(errout, &len);
	ret = cd_parse_args(split(line, argv), argv, a, err);
	fclose(err);
	return ret;
}

static void test_args(void)
{
	static const char *const bad[] = {
		"", "x list", "-1 list", "0", "0 frob", "0 query",
		"0 query ATM_NOPE", "0 set ATM_MAX_ACTIVE_VCS", "0 list extra",
		"0 1.x list", "0 70000.1 list", "0 1. list", "0 .1 list",
		"0 1.2.3 list", "--bogus 0 list", "0 query 0x100000000",
		"0 set", "0 0.1",
	};
	struct cd_args a;
	char *err = NULL;
	size_t i;
	int ret;

	ret = parse("0 query ATM_MAX_ACTIVE_VCS", &a, &err);
	ok(!ret && !a.json && a.itf == 0 && !a.vc && a.cmd == CD_QUERY &&
	   a.oid == OID_ATM_MAX_ACTIVE_VCS && !*err,
	   "args: 0 query ATM_MAX_ACTIVE_VCS");
	free(err);
	ret = parse("--json 3 0.100 query gen_co_xmit_pdus_ok", &a, &err);
	ok(!ret && a.json && a.itf == 3 && a.vc && a.vpi == 0 &&
	   a.vci == 100 && a.cmd == CD_QUERY &&
	   a.oid == OID_GEN_CO_XMIT_PDUS_OK,
	   "args: --json 3 0.100 query gen_co_xmit_pdus_ok");
	free(err);
	ret = parse("1 65535.4294967295 set 0x08010105 hex:01", &a, &err);
	ok(!ret && a.itf == 1 && a.vc && a.vpi == 65535 &&
	   a.vci == 4294967295u && a.cmd == CD_SET &&
	   a.oid == OID_ATM_MAX_ACTIVE_VCS && !strcmp(a.value, "hex:01"),
	   "args: set with the largest VPI.VCI");
	free(err);
	ret = parse("--json 0 list", &a, &err);
	ok(!ret && a.json && a.cmd == CD_LIST && !a.vc, "args: --json 0 list");
	free(err);
	ret = parse("-- 2 list", &a, &err);
	ok(!ret && a.itf == 2 && a.cmd == CD_LIST, "args: -- ends options");
	free(err);
	ret = parse("--help", &a, &err);
	ok(!ret && a.help, "args: --help");
	free(err);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ret = parse(bad[i], &a, &err);
		ok(ret == 2 && strstr(err, "condisctl: ") &&
		   strstr(err, "usage: condisctl"),
		   "args: '%s' is a usage error", bad[i]);
		free(err);
	}
}

/* ---- whole runs against a fake shim ----------------------------------------- */

#define FAKE_LONG_OID	0x0bad0bad	/* always BUFFER_TOO_SHORT */
#define FAKE_ODD_OID	0x0000dead	/* an unknown status */
#define DESC_LEN	300

static struct {
	int calls;
	unsigned long cmd[8];
	struct atmif_sioc sioc[8];
	struct condis_oid_request req[8];
	u8 setbuf[16];
} fake;

static bool no_list;	/* GEN_CO_SUPPORTED_LIST answers NOT_SUPPORTED */

static int fake_socket(void)
{
	return open("/dev/null", O_RDONLY);
}

static void answer(struct condis_oid_request *r, u32 st, const void *p,
		   u32 len)
{
	r->ndis_status = st;
	if (st != CONDIS_STATUS_SUCCESS)
		return;
	if (r->len < len) {
		r->ndis_status = CONDIS_STATUS_BUFFER_TOO_SHORT;
		r->bytes_needed = len;
		return;
	}
	memcpy((void *)(uintptr_t)r->buf, p, len);
	r->bytes_written = len;
}

static int fake_ioctl(int fd, unsigned long cmd, struct atmif_sioc *sioc)
{
	struct condis_oid_request *r = sioc->arg;
	static const u32 list[] = { OID_GEN_CO_SUPPORTED_LIST,
				    OID_ATM_MAX_ACTIVE_VCS,
				    OID_GEN_CO_VENDOR_DESCRIPTION,
				    OID_GEN_CO_XMIT_PDUS_OK, 0x12345678 };
	char desc[DESC_LEN];
	u32 v = 4096;
	u64 w;

	(void)fd;
	if (fake.calls < 8) {
		fake.cmd[fake.calls] = cmd;
		fake.sioc[fake.calls] = *sioc;
		if (r)
			fake.req[fake.calls] = *r;
	}
	fake.calls++;

	if (cmd == CONDIS_IOC_SET) {
		if (r->oid != OID_GEN_CO_PROTOCOL_OPTIONS) {
			r->ndis_status = CONDIS_STATUS_INVALID_OID;
		} else if (r->len != 4) {
			r->ndis_status = CONDIS_STATUS_INVALID_LENGTH;
			r->bytes_needed = 4;
		} else {
			memcpy(fake.setbuf, (void *)(uintptr_t)r->buf, 4);
			r->bytes_written = 4;
		}
		return 0;
	}
	if (cmd == CONDIS_IOC_RESET) {
		if (sioc->number == 9) {
			errno = EIO;
			return -1;
		}
		return 0;
	}
	if (cmd != CONDIS_IOC_QUERY) {
		errno = ENOTTY;
		return -1;
	}

	switch (r->oid) {
	case OID_GEN_CO_SUPPORTED_LIST:
		answer(r, no_list ? CONDIS_STATUS_NOT_SUPPORTED :
				    CONDIS_STATUS_SUCCESS, list, sizeof(list));
		break;
	case OID_ATM_MAX_ACTIVE_VCS:
		answer(r, CONDIS_STATUS_SUCCESS, &v, 4);
		break;
	case OID_GEN_CO_VENDOR_DESCRIPTION:
		memset(desc, 'x', sizeof(desc));
		memcpy(desc, "coatm", 5);
		desc[DESC_LEN - 1] = '\0';
		answer(r, CONDIS_STATUS_SUCCESS, desc, DESC_LEN);
		break;
	case OID_GEN_CO_XMIT_PDUS_OK:
		w = r->flags & CONDIS_REQ_VC ? 7 : 1000;
		answer(r, CONDIS_STATUS_SUCCESS, &w, 8);
		break;
	case FAKE_LONG_OID:
		r->ndis_status = CONDIS_STATUS_BUFFER_TOO_SHORT;
		r->bytes_needed = r->len + 1;
		break;
	case FAKE_ODD_OID:
		r->ndis_status = 0xc0001234;
		break;
	default:
		r->ndis_status = CONDIS_STATUS_INVALID_OID;
	}
	return 0;
}

static char *out_s, *err_s;

static int run(const char *cmdline)
{
	char line[256], *argv[MAXARGS];
	size_t olen = 0, elen = 0;
	FILE *out, *err;
	int ret;

	free(out_s);
	free(err_s);
	memset(&fake, 0, sizeof(fake));
	snprintf(line, sizeof(line), "%s", cmdline);
	out = open_memstream(&out_s, &olen);
	err = open_memstream(&err_s, &elen);
	ret = cd_main(split(line, argv), argv, out, err);
	fclose(out);
	fclose(err);
	return ret;
}

static void check_run(const char *cmdline, int want_ret, const char *want_out,
		      const char *want_err)
{
	int ret = run(cmdline);

	if (!ok(ret == want_ret && !strcmp(out_s, want_out) &&
		(want_err ? !strcmp(err_s, want_err) : !!*err_s),
		"run '%s'", cmdline)) {
		printf("#   exit %d (want %d)\n#   out: '%s'\n#   err: '%s'\n",
		       ret, want_ret, out_s, err_s);
	}
}

static void count_lines(const char *s, int want, const char *prefix,
			const char *name)
{
	const char *p;
	int n = 0;
	bool good = true;

	for (p = s; *p; p = strchr(p, '\n') + 1) {
		if (strncmp(p, prefix, strlen(prefix)) || !strchr(p, '\n')) {
			good = false;
			break;
		}
		n++;
	}
	if (!ok(good && n == want, "%s", name))
		printf("#   %d lines: '%s'\n", n, s);
}

static void test_run(void)
{
	struct condis_oid_request *r = &fake.req[0];
	char want[DESC_LEN + 64];
	u32 set;
	int n;

	cd_socket = fake_socket;
	cd_ioctl = fake_ioctl;

	is_int(sizeof(struct condis_oid_request), 48, "ABI: request is 48 bytes");
	is_int(offsetof(struct condis_oid_request, buf), 24,
	       "ABI: buf at offset 24 (8-aligned on 32 and 64 bit)");
	is_int(_IOC_SIZE(CONDIS_IOC_QUERY), 48, "ABI: ioctl size field");

	check_run("0 query ATM_MAX_ACTIVE_VCS", 0,
		  "ATM_MAX_ACTIVE_VCS = 4096\n", "");
	ok(fake.calls == 1 && fake.cmd[0] == CONDIS_IOC_QUERY &&
	   fake.sioc[0].number == 0 &&
	   fake.sioc[0].length == sizeof(struct condis_oid_request) &&
	   r->itf == 0 && r->flags == 0 && r->vpi == 0 && r->vci == 0 &&
	   r->oid == OID_ATM_MAX_ACTIVE_VCS && r->len == 256 && r->buf &&
	   !r->reserved0 && !r->reserved1 && !r->ndis_status &&
	   !r->bytes_written && !r->bytes_needed,
	   "query: one request, adapter-wide, 256-byte buffer");

	check_run("--json 0 query atm_max_active_vcs", 0,
		  "{\"itf\":0,\"vc\":null,\"oid\":\"ATM_MAX_ACTIVE_VCS\",\"number\":\"0x08010105\",\"status\":\"SUCCESS\",\"value\":4096,\"bytes_written\":4}\n",
		  "");

	check_run("--json 2 0.100 query GEN_CO_XMIT_PDUS_OK", 0,
		  "{\"itf\":2,\"vc\":\"0.100\",\"oid\":\"GEN_CO_XMIT_PDUS_OK\",\"number\":\"0x00020101\",\"status\":\"SUCCESS\",\"value\":7,\"bytes_written\":8}\n",
		  "");
	ok(fake.sioc[0].number == 2 && r->itf == 2 &&
	   r->flags == CONDIS_REQ_VC && r->vpi == 0 && r->vci == 100,
	   "per-VC query: itf, CONDIS_REQ_VC, VPI and VCI");

	/* "coatm", 'x' up to DESC_LEN - 1, NUL */
	memset(want, 'x', sizeof(want));
	n = snprintf(want, sizeof(want), "GEN_CO_VENDOR_DESCRIPTION = \"coatm");
	want[n] = 'x';
	snprintf(want + n + DESC_LEN - 6, sizeof(want) - n - DESC_LEN + 6,
		 "\"\n");
	check_run("0 query GEN_CO_VENDOR_DESCRIPTION", 0, want, "");
	ok(fake.calls == 2 && fake.req[0].len == 256 &&
	   fake.req[1].len == DESC_LEN,
	   "BUFFER_TOO_SHORT: retried once with bytes_needed");

	check_run("0 query 0x0bad0bad", 1, "",
		  "condisctl: 0x0bad0bad: NDIS status BUFFER_TOO_SHORT (0xc0010016), 258 bytes needed\n");
	ok(fake.calls == 2, "BUFFER_TOO_SHORT: only one retry");

	check_run("0 query 0x12345678", 1, "",
		  "condisctl: 0x12345678: NDIS status INVALID_OID (0xc0010017)\n");
	check_run("0 query ATM_MAX_AAL5_PACKET_SIZE", 1, "",
		  "condisctl: ATM_MAX_AAL5_PACKET_SIZE: NDIS status INVALID_OID (0xc0010017)\n");
	check_run("--json 0 query 0x12345678", 1,
		  "{\"itf\":0,\"vc\":null,\"oid\":null,\"number\":\"0x12345678\",\"status\":\"INVALID_OID\",\"value\":null,\"bytes_written\":0}\n",
		  "condisctl: 0x12345678: NDIS status INVALID_OID (0xc0010017)\n");
	check_run("0 query 0xdead", 1, "",
		  "condisctl: 0x0000dead: NDIS status 0xc0001234\n");

	check_run("0 set GEN_CO_PROTOCOL_OPTIONS 0x3", 0,
		  "GEN_CO_PROTOCOL_OPTIONS: ok\n", "");
	memcpy(&set, fake.setbuf, 4);
	ok(fake.calls == 1 && fake.cmd[0] == CONDIS_IOC_SET &&
	   r->oid == OID_GEN_CO_PROTOCOL_OPTIONS && r->len == 4 && set == 3,
	   "set: CONDIS_IOC_SET with the u32 value");
	check_run("--json 0 set gen_co_protocol_options 1", 0,
		  "{\"itf\":0,\"vc\":null,\"oid\":\"GEN_CO_PROTOCOL_OPTIONS\",\"number\":\"0x00010109\",\"status\":\"SUCCESS\",\"bytes_read\":4}\n",
		  "");
	check_run("0 set GEN_CO_PROTOCOL_OPTIONS hex:01", 1, "",
		  "condisctl: GEN_CO_PROTOCOL_OPTIONS: NDIS status INVALID_LENGTH (0xc0010014), 4 bytes needed\n");
	check_run("0 set ATM_MAX_ACTIVE_VCS abc", 2, "", NULL);
	ok(fake.calls == 0 && strstr(err_s, "bad VALUE abc"),
	   "bad set value: usage error before any ioctl");
}

/* Runs where the fake fails the ioctl or socket with an errno. */
static int fail_errno;

static int failing_ioctl(int fd, unsigned long cmd, struct atmif_sioc *sioc)
{
	(void)fd;
	(void)cmd;
	(void)sioc;
	errno = fail_errno;
	return -1;
}

static int failing_socket(void)
{
	errno = fail_errno;
	return -1;
}

static void test_errno(void)
{
	cd_socket = fake_socket;
	cd_ioctl = failing_ioctl;

	fail_errno = EPERM;
	check_run("0 set GEN_CO_PROTOCOL_OPTIONS 1", 2, "", NULL);
	ok(strstr(err_s, "Operation not permitted") &&
	   strstr(err_s, "CAP_NET_ADMIN"),
	   "EPERM on set says that it needs CAP_NET_ADMIN");
	check_run("0 0.100 query GEN_CO_XMIT_PDUS_OK", 2, "",
		  "condisctl: GEN_CO_XMIT_PDUS_OK: query on itf 0: Operation not permitted (a VC another user opened needs CAP_NET_ADMIN)\n");
	fail_errno = ENODEV;
	check_run("7 query ATM_MAX_ACTIVE_VCS", 2, "",
		  "condisctl: ATM_MAX_ACTIVE_VCS: query on itf 7: No such device (no ATM interface 7)\n");
	fail_errno = ENOTTY;
	check_run("0 list", 2, "", NULL);
	ok(strstr(err_s, "GEN_CO_SUPPORTED_LIST: query on itf 0") &&
	   strstr(err_s, "takes no CoNDIS OID requests"),
	   "ENOTTY: not a CoNDIS device");

	cd_socket = failing_socket;
	fail_errno = EAFNOSUPPORT;
	check_run("0 list", 2, "", NULL);
	ok(strstr(err_s, "socket(PF_ATMPVC)") &&
	   strstr(err_s, "no ATM support"),
	   "socket() failure is reported");
}

static void test_list(void)
{
	static const char *const lines[] = {
		"GEN_CO_SUPPORTED_LIST = GEN_CO_SUPPORTED_LIST ATM_MAX_ACTIVE_VCS GEN_CO_VENDOR_DESCRIPTION GEN_CO_XMIT_PDUS_OK 0x12345678\n",
		"ATM_MAX_ACTIVE_VCS = 4096\n",
		"GEN_CO_VENDOR_DESCRIPTION = \"coatmxxx",
		"xxx\"\nGEN_CO_XMIT_PDUS_OK = 1000\n",
		"0x12345678: NDIS status INVALID_OID (0xc0010017)\n",
	};
	const char *p;
	bool good;
	size_t i;
	int ret, vc;

	cd_socket = fake_socket;
	cd_ioctl = fake_ioctl;

	ret = run("0 list");
	for (i = 0, p = out_s, good = true; i < 5 && good; i++) {
		p = strstr(p, lines[i]);
		good = p != NULL;
		if (p)
			p += strlen(lines[i]);
	}
	if (!ok(ret == 0 && good && !*p && !*err_s,
		"list: every supported OID, a failed one with its status"))
		printf("#   exit %d\n#   out: '%s'\n#   err: '%s'\n", ret,
		       out_s, err_s);
	is_int(fake.calls, 7, "list: 1 + 5 queries + 1 retry");

	ret = run("0 0.100 list");
	for (i = 0, vc = 0; i < 7; i++)
		vc += fake.req[i].flags == CONDIS_REQ_VC &&
		      fake.req[i].vci == 100;
	ok(ret == 0 && vc == 7 && strstr(out_s, "GEN_CO_XMIT_PDUS_OK = 7\n"),
	   "list on a VC: every request per VC");

	ret = run("--json 0 list");
	ok(ret == 0, "list --json: exit 0");
	count_lines(out_s, 5, "{\"itf\":0,\"vc\":null,\"oid\":",
		    "list --json: one object per OID");
	ok(strstr(out_s, "{\"itf\":0,\"vc\":null,\"oid\":null,\"number\":\"0x12345678\",\"status\":\"INVALID_OID\",\"value\":null,\"bytes_written\":0}\n") &&
	   strstr(out_s, "\"value\":[\"GEN_CO_SUPPORTED_LIST\",\"ATM_MAX_ACTIVE_VCS\",\"GEN_CO_VENDOR_DESCRIPTION\",\"GEN_CO_XMIT_PDUS_OK\",\"0x12345678\"],\"bytes_written\":20}\n"),
	   "list --json: the list as an array, a failed OID with value null");

	no_list = true;
	check_run("0 list", 1, "",
		  "condisctl: GEN_CO_SUPPORTED_LIST: NDIS status NOT_SUPPORTED (0xc00000bb)\n");
	ok(fake.calls == 1, "list: nothing more when the list fails");
	no_list = false;
}

static void test_reset(void)
{
	struct cd_args a;
	FILE *err = fopen("/dev/null", "w");

	cd_socket = fake_socket;
	cd_ioctl = fake_ioctl;
	check_run("1 reset", 0, "1: reset done\n", "");
	ok(fake.calls == 1 && fake.cmd[0] == CONDIS_IOC_RESET &&
	   fake.sioc[0].number == 1 && !fake.sioc[0].arg,
	   "reset: one CONDIS_IOC_RESET naming the interface");
	check_run("--json 1 reset", 0, "{\"itf\":1,\"reset\":\"done\"}\n", "");
	check_run("9 reset", 2, "",
		  "condisctl: 9: reset: Input/output error (the device is dead; its VCs were closed)\n");
	ok(cd_parse_args(4, (char *[]){ "condisctl", "0", "0.100", "reset",
					NULL }, &a, err) == 2,
	   "reset: refused per VC");
	is_int(_IOC_NR(CONDIS_IOC_RESET), ATMIOC_SARPRV + 2,
	       "ABI: reset is SARPRV + 2");
	fclose(err);
}

int main(void)
{
	test_oid_names();
	test_format();
	test_parse_value();
	test_status();
	test_json_string();
	test_args();
	test_run();
	test_errno();
	test_list();
	test_reset();
	printf("1..%d\n", ntests);
	if (nfailed)
		printf("# %d of %d failed\n", nfailed, ntests);
	return nfailed ? 1 : 0;
}
