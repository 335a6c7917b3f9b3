/*
 * asn1c-rt: decode BER with asn1c's codecs for the CSTA modules, re-encode as DER.
 *
 * stdin, one request per line:
 *     <CTypeName> <hex>       ->  OK <hex of asn1c's DER>   or   ERR <code>: <reason>
 *     X <CTypeName> <hex>     ->  the value as XER (several lines), then the OK/ERR line
 * <CTypeName> is the asn_DEF_ suffix (build/names.json maps our "<Module>.<Type>" to it).
 * Every request gets exactly one OK/ERR line, flushed at once, so a caller can stream.
 * <code>: bad-request, unknown-type, decode-failed, incomplete (RC_WMORE), partial (bytes left
 * over after the value), encode-failed. An XER line never starts with "OK " or "ERR ".
 */
#include <asn_application.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rt_type {
	const char *name;
	asn_TYPE_descriptor_t *def;
};
extern const struct rt_type rt_types[]; /* types-table.c, sorted by name */
extern const unsigned rt_types_count;

struct buffer {
	uint8_t *bytes;
	size_t length, capacity;
};

static int append(const void *data, size_t size, void *key) {
	struct buffer *b = key;
	if (b->length + size > b->capacity) {
		size_t want = (b->length + size) * 2;
		uint8_t *grown = realloc(b->bytes, want);
		if (!grown) return -1;
		b->bytes = grown;
		b->capacity = want;
	}
	memcpy(b->bytes + b->length, data, size);
	b->length += size;
	return 0;
}

static int by_name(const void *key, const void *entry) {
	return strcmp(key, ((const struct rt_type *)entry)->name);
}

static asn_TYPE_descriptor_t *lookup(const char *name) {
	const struct rt_type *t = bsearch(name, rt_types, rt_types_count, sizeof rt_types[0], by_name);
	return t ? t->def : NULL;
}

static int hexval(int c) {
	if (c >= '0' && c <= '9') return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Hex text to bytes; returns the byte count, or -1 - (index of the bad character). */
static long unhex(const char *hex, uint8_t *out) {
	size_t n = strlen(hex);
	if (n % 2) return -1 - (long)n;
	for (size_t i = 0; i < n; i += 2) {
		int hi = hexval(hex[i]), lo = hexval(hex[i + 1]);
		if (hi < 0) return -1 - (long)i;
		if (lo < 0) return -1 - (long)(i + 1);
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(n / 2);
}

static void handle(char *line) {
	int want_xer = 0;
	if (line[0] == 'X' && line[1] == ' ') {
		want_xer = 1;
		line += 2;
	}
	char *hex = strchr(line, ' ');
	if (!hex) {
		printf("ERR bad-request: \"%.60s\" has no hex part: send \"<CTypeName> <hex>\"\n", line);
		return;
	}
	*hex++ = '\0';
	asn_TYPE_descriptor_t *td = lookup(line);
	if (!td) {
		printf("ERR unknown-type: %s is not in asn1c-rt's table; use the C name from build/names.json\n", line);
		return;
	}
	uint8_t *ber = malloc(strlen(hex) / 2 + 1);
	long length = unhex(hex, ber);
	if (length < 0) {
		printf("ERR bad-request: bad hex for %s at character %ld: need an even number of hex digits\n", line, -1 - length);
		free(ber);
		return;
	}
	void *value = NULL;
	asn_codec_ctx_t ctx = {.max_stack_size = 100000};
	asn_dec_rval_t rv = ber_decode(&ctx, td, &value, ber, (size_t)length);
	if (rv.code == RC_WMORE) {
		printf("ERR incomplete: decode of %s needs more data: the %ld bytes end inside a TLV (asn1c consumed %zu)\n",
		       line, length, rv.consumed);
	} else if (rv.code != RC_OK) {
		printf("ERR decode-failed: decode of %s failed (RC_FAIL): the %ld bytes are not a valid %s\n", line, length, td->name);
	} else if (rv.consumed != (size_t)length) {
		printf("ERR partial: %s ends at byte %zu of %ld; the trailing %ld bytes are not part of it\n",
		       line, rv.consumed, length, length - (long)rv.consumed);
	} else {
		if (want_xer) xer_fprint(stdout, td, value);
		struct buffer der = {0};
		asn_enc_rval_t er = der_encode(td, value, append, &der);
		if (er.encoded < 0) {
			printf("ERR encode-failed: der_encode of %s failed at %s\n", line, er.failed_type ? er.failed_type->name : "(unknown)");
		} else {
			fputs("OK ", stdout);
			for (size_t i = 0; i < der.length; i++) printf("%02X", der.bytes[i]);
			putchar('\n');
		}
		free(der.bytes);
	}
	ASN_STRUCT_FREE(*td, value);
	free(ber);
}

int main(void) {
	char *line = NULL;
	size_t capacity = 0;
	ssize_t n;
	while ((n = getline(&line, &capacity, stdin)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
		if (n == 0)
			printf("ERR bad-request: empty line; send \"<CTypeName> <hex>\"\n");
		else
			handle(line);
		fflush(stdout);
	}
	free(line);
	return 0;
}
