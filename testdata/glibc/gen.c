/* Writes the glibc reference tables the Go tests in parse_test.go and
 * decimal_test.go read: what inet_pton, inet_ntop, strtoul, strtol,
 * fnmatch and strtod answer for inputs that exercise their corners, and
 * what iproute2's get_time_rtt makes of them. Regenerate with:
 *   gcc -O2 -o /tmp/gen gen.c && /tmp/gen
 * in this directory. */
#include <arpa/inet.h>
#include <errno.h>
#include <float.h>
#include <fnmatch.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *pton6[] = {
	"::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
	"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1::", "1:::2", "1::2::3", "12345::",
	"fe80::1", "FE80::ABCD", "fe80::1%eth0", "[fe80::1]", "::ffff:1.2.3.4",
	"::1.2.3.4", "1::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
	"::1.2.3", "::1.2.3.4.5", "::01.2.3.4", "::256.1.1.1", "::1.2.3.4:5",
	"fd00::zz", "fe80::zz/64", "", ":", ":::", "1:", "::g", "0:0:0:0:0:0:0:0",
	"0000:0000::0000", "00000::", "2001:db8::", "2001:db8:0:0:1:0:0:1", " ::1",
	"::1 ", "1.2.3.4", "::ffff:0.0.0.0", "a:b:c:d:e:f:0:1",
};

static const char *ntop6[] = {
	"00000000000000000000000000000000", "00000000000000000000000000000001",
	"00000000000000000000ffff01020304", "00000000000000000000000001020304",
	"00000000000000000000000000010002", "fe800000000000000000000000000001",
	"20010db8000000000001000000000001", "20010db8000000010000000000000000",
	"00010000000000000000000000000000", "00010002000300040005000600070008",
	"00010000000200000000000300000000", "00000001000000000000000000000000",
	"0000000000000000000000000000ffff", "000000000000000000000000ffff0000",
	"000000000000000000010000ffffffff", "ff020000000000000000000000000001",
	"000100000000000000000000000000ff", "00000000000000000000fffe01020304",
};

static const char *numbers[] = {
	"0", "10", "-1", "+7", " 42", "\v9", "0x1f", "0X1F", "0x", "0xg", "010", "08", "09",
	"1e3", "12abc", "", "-", "+", "4294967295", "4294967296", "18446744073709551615",
	"18446744073709551616", "-18446744073709551615", "9223372036854775807",
	"9223372036854775808", "-9223372036854775808", "-9223372036854775809", "0x7fffffff",
	"00", "0x0", "  -0x10", "1 2", "255", "256", "0377",
};

static const char *globs[][2] = {
	{"*", ""}, {"*", "abc"}, {"a*", "abc"}, {"*c", "abc"}, {"a*c", "ac"}, {"a?c", "abc"},
	{"a?c", "ac"}, {"[ab]c", "bc"}, {"[!ab]c", "bc"}, {"[^ab]c", "cc"}, {"[a-c]", "b"},
	{"[a-c]", "d"}, {"[]]", "]"}, {"[!]]", "a"}, {"[", "["}, {"[a", "[a"}, {"a\\*", "a*"},
	{"a\\*", "ab"}, {"br0*", "br0:lan"}, {"br0:*", "br0"}, {"v?", "v1"}, {"v?", "v10"},
	{"*:*", "br0:lan"}, {"[0-9]*", "9x"}, {"**a", "bba"}, {"a*b*c", "axxbyyc"},
	{"a*b*c", "axxbyy"}, {"[a-]", "-"}, {"[-a]", "-"}, {"\\", "\\"}, {"[\\]]", "]"},
	{"*/b", "a/b"}, {".*", ".x"},
};

/* Inputs for strtod: syntax corners, rounding corners and range limits.
 * Longer ones, and the exact halfway points between doubles, are built in
 * strtod_inputs below. */
static const char *floats[] = {
	"0", "-0", "-0.0", "+0.0", "+.5", " +.5", "\t\n\v\f\r 1.5", ".", ".e1", "5.",
	"5.e3", "0.e5", "1e", "1e+", "1e-", "1E5", "1e+5x", "1.5e-3", "12abc", "1..5",
	"1.2.3", "", " ", "x", "e5", "+", "-", "+-1", "-+1", "- 1", "+.", "-.e",
	"00000000000000000000000001e-5", "0.000000000000000000000000000000000001e36",
	"1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
	"-1.7976931348623159e308", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9",
	"2.2250738585072014e-308", "2.2250738585072011e-308", "2.2250738585072012e-308",
	"4.9e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
	"7.4109846876186982e-324", "1e-400", "-1e-400", "1e400", "-1e400", "1e308", "1e309",
	"1e-320", "1e-323", "1e-324", "1e-325",
	"1e99999999999999999999", "0e99999999999999999999", "0.0e-99999999999",
	"1e-99999999999", "-1e-99999999999", "0.0000e+99999999999999999999999",
	"9007199254740993", "9007199254740993.0000000001", "9007199254740995",
	"9007199254740994.9999999999", "1e23", "8.589973e9", "0.1", "0.3", "3.14159265358979",
	"123456789012345678901234567890", "4294967295.5", "1.5s", "1.5 s", "1.5e", "2.5e+",
	"inf", "INF", "-Inf", "+iNf", "infinity", "INFINITY", "-infinity", "infinit",
	"infinityx", "infx", "in", "i", "nan", "NaN", "-nan", "+NAN", "nan(", "nan()",
	"nan(abc)", "nan(123)", "-nan(123)", "nan(0x1f)", "nan(0X1F)", "nan(017)",
	"nan(0xfffffffffffff)", "nan(0x7ffffffffffff)", "nan(0xfffffffffffffffff)",
	"nan(18446744073709551615)", "nan(99999999999999999999x)", "nan(99999999999999999999",
	"nan(abc", "nan(a b)", "nan(_)", "nan(0x)", "nan(1_)", "nan(-1)", "nanx", "na",
	"0x", "0X", "-0x", "0xg", "0x.", "0x.p1", "0xp1", "0x1p", "0x1p+", "0x1p-", "0x.8p1",
	"0X.8P1", "0x1P-2", "0xAbC.dEfp3", "0x1.8", "0x.8", "0x1g", "0x00", "0x0.", "0x0.p1",
	"0x0p1", " 0x1p3", "-0x1p3", "0x1e5", "0x1p-1074", "0x1p-1075", "0x1.0000000000001p-1075",
	"0x1p-1076", "0x1.8p-1075", "0x3p-1076", "0x1.fffffffffffffp-1023",
	"0x1.fffffffffffff8p-1023", "0x1.fffffffffffff7p-1023", "0x1.fffffffffffff9p-1023",
	"0x1.ffffffffffffep-1023", "0x1.ffffffffffffe8p-1023", "0x1.ffffffffffffe8000001p-1023",
	"0x1p-1022", "0x0.fffffffffffffp-1022", "0x1.fffffffffffffp1023",
	"0x1.fffffffffffff7ffp1023", "0x1.fffffffffffff8p1023", "0x1p1024", "0x1p1023",
	"0x1.00000000000008p0", "0x1.00000000000008000001p0", "0x1.00000000000018p0",
	"0x1.00000000000007ffffffp0", "0x123456789abcdef0123456789p0",
	"0x0p99999999999999999999", "0x1p99999999999999999999", "0x1p-99999999999999999999",
	"0x0.0000000000000000000000001p0", "0x.00000000000000000000000000000001p-900",
	"0x10000000000000000000000000000000p-1200", "00x1", "0x-1", "0x+1", "0x 1",
	"\x10x1", "\x10nf", "i\x0ef", "1\x05", "1\x45\x35",
};

/* glibc prints a long double exactly, so the decimal expansion of the
 * midpoint of two neighbouring doubles, which a long double holds, comes
 * out whole. */
static char *exact(long double x)
{
	char buf[2000];
	snprintf(buf, sizeof(buf), "%.1100Le", x);
	char *e = strchr(buf, 'e');
	char *end = e;
	while (end[-1] == '0')
		end--;
	if (end[-1] == '.')
		end--;
	char *out = malloc(strlen(buf) + 1);
	sprintf(out, "%.*s%s", (int)(end - buf), buf, e);
	return out;
}

/* with appends tail to the mantissa of a number exact wrote, after
 * lowering its last digit, which is never 0, by one when down is set. */
static char *with(const char *s, int down, const char *tail)
{
	const char *e = strchr(s, 'e');
	const char *point = memchr(s, '.', e - s) ? "" : ".";
	char *out = malloc(strlen(s) + strlen(tail) + 2);
	sprintf(out, "%.*s%s%s%s", (int)(e - s), s, point, tail, e);
	if (down)
		out[e - s - 1]--;
	return out;
}

static char *repeat(const char *head, const char *unit, int n, const char *tail)
{
	char *out = malloc(strlen(head) + strlen(unit) * n + strlen(tail) + 1);
	strcpy(out, head);
	for (int i = 0; i < n; i++)
		strcat(out, unit);
	strcat(out, tail);
	return out;
}

static double from_bits(uint64_t b)
{
	double d;
	memcpy(&d, &b, sizeof(d));
	return d;
}

static const char *strtod_in[400];
static size_t strtod_n;

static void strtod_inputs(void)
{
	for (size_t i = 0; i < sizeof(floats) / sizeof(*floats); i++)
		strtod_in[strtod_n++] = floats[i];
	/* Midpoints: above 0, 2^-1074 and the largest subnormal, at DBL_MIN,
	 * 1, 2^53, 1e23's double, 0.1's double and DBL_MAX (whose upper
	 * neighbour is 2^1024): exactly, just above and just below. */
	uint64_t low[] = {0, 1, 0x000fffffffffffff, 0x0010000000000000, 0x3ff0000000000000,
			  0x4340000000000000, 0x44b52d02c7e14af6, 0x3fb999999999999a,
			  0x7fefffffffffffff};
	for (size_t i = 0; i < sizeof(low) / sizeof(*low); i++) {
		long double a = from_bits(low[i]);
		long double b = low[i] == 0x7fefffffffffffff ? 0x1p1024L : from_bits(low[i] + 1);
		char *mid = exact((a + b) / 2);
		strtod_in[strtod_n++] = mid;
		strtod_in[strtod_n++] = with(mid, 0, "000000000000000000000000001");
		strtod_in[strtod_n++] = with(mid, 1, "999999999999999999999999999");
	}
	/* Tininess is judged after rounding: 2^-1022 - 2^-1076 rounds to
	 * DBL_MIN at 53 bits, so it is not tiny; 2^-1022 - 2^-1075 is. */
	strtod_in[strtod_n++] = exact(0x1p-1022L - 0x1p-1076L);
	strtod_in[strtod_n++] = exact(0x1p-1022L - 0x1p-1075L);
	strtod_in[strtod_n++] = with(exact(0x1p-1022L - 0x1p-1076L), 1, "9");
	strtod_in[strtod_n++] = exact(0x1p-1074L);
	/* glibc 2.36 loses the 54th bit of a subnormal (bug 30220, fixed in
	 * 2.41): these round down when it is the only one set below the
	 * rounding bit, and the first lacks its ERANGE. */
	strtod_in[strtod_n++] = "0x1.ffffffffffffe8p-1023";
	strtod_in[strtod_n++] = "0x1.ffffffffffffd8p-1023";
	strtod_in[strtod_n++] = "0x1.00000000000018p-1023";
	strtod_in[strtod_n++] = "0x1.00000000000018p-1030";
	strtod_in[strtod_n++] = "0x1.00000000000008p-1075";
	strtod_in[strtod_n++] = "0x1.0000000000000cp-1075";
	strtod_in[strtod_n++] = exact(0x1.00000000000008p-1075L);
	strtod_in[strtod_n++] = exact(0x1.ffffffffffffd8p-1023L);
	/* But a decimal's digits are read only to 10^-1076, any beyond just
	 * noted, so below 2^-1023 the lost bit is never alone. */
	strtod_in[strtod_n++] = "0x1.00000000000028p-1024";
	strtod_in[strtod_n++] = exact(0x1.00000000000028p-1024L);
	strtod_in[strtod_n++] = "0x1.00000000000808p-1030";
	strtod_in[strtod_n++] = exact(0x1.00000000000808p-1030L);
	strtod_in[strtod_n++] = "0x1.00000000000008p-1074";
	strtod_in[strtod_n++] = exact(0x1.00000000000008p-1074L);
	strtod_in[strtod_n++] = exact(0x1p-1022L);
	strtod_in[strtod_n++] = exact((long double)DBL_MAX);
	/* Long numbers: the 1 and 320 zeros and .5, their smaller
	 * cousins, 320 significant digits, more digits than any buffer. */
	strtod_in[strtod_n++] = repeat("1", "0", 320, ".5");
	strtod_in[strtod_n++] = repeat("1", "0", 300, ".5");
	strtod_in[strtod_n++] = repeat("1", "0", 308, ".5");
	strtod_in[strtod_n++] = repeat("1", "0", 320, ".5e-320");
	strtod_in[strtod_n++] = repeat("0.", "0", 320, "1");
	strtod_in[strtod_n++] = repeat("0.", "0", 400, "1e400");
	strtod_in[strtod_n++] = repeat("", "1234567890", 32, "");
	strtod_in[strtod_n++] = repeat("0.", "1234567890", 32, "");
	strtod_in[strtod_n++] = repeat("", "1234567890", 32, "e-330");
	strtod_in[strtod_n++] = repeat("", "9", 2000, "e-2000");
	strtod_in[strtod_n++] = repeat("1.", "0", 2000, "1");
	strtod_in[strtod_n++] = repeat("0.", "0", 2000, "1e2000");
	strtod_in[strtod_n++] = repeat("9007199254740993", "0", 1000, "e-1000");
	strtod_in[strtod_n++] = repeat("9007199254740993", "0", 1000, "1e-1000");
	strtod_in[strtod_n++] = repeat("0x1", "0", 300, "p-1200");
	strtod_in[strtod_n++] = repeat("0x1.00000000000008", "0", 300, "1");
	strtod_in[strtod_n++] = repeat("0x1.00000000000008", "0", 300, "");
}

/* get_time_rtt of iproute2 6.1 (lib/utils.c), as ip calls it. */
static int get_time_rtt(unsigned int *val, const char *arg, int *raw)
{
	double t;
	char *p;

	if (strchr(arg, '.') != NULL) {
		t = strtod(arg, &p);
		if (t < 0.0 || !p || p == arg)
			return -1;
		if ((t == HUGE_VALF || t == HUGE_VALL) && errno == ERANGE)
			return -1;
	} else {
		unsigned long res = strtoul(arg, &p, 0);

		if (!p || p == arg || (res == ULONG_MAX && errno == ERANGE))
			return -1;
		t = (double)res;
	}
	*raw = 1;
	if (*p) {
		*raw = 0;
		if (!strcasecmp(p, "s") || !strcasecmp(p, "sec") || !strcasecmp(p, "secs"))
			t *= 1000;
		else if (strcasecmp(p, "ms") && strcasecmp(p, "msec") && strcasecmp(p, "msecs"))
			return -1;
	}
	*val = t;
	if (*val < t)
		*val += 1;
	return 0;
}

static const char *rtts[] = {
	"0.5", "1.5", "4294967295.5", "4294967295", "4294967296", "4294967296.0",
	"4294967296.5", "-1", "-1.0", "-0.0", "-0", "0", "0.0", "1e3", "1.5s", "0.001s",
	"0.0001s", "2.5ms", "18446744073709551615", "18446744073709551616", "0x10", "010",
	" 5", "5 ", "1.5 s", "1.5S", "1.5SeCs", "1.5MSEC", "1.5mss", "1.5e400", "1.5e400s",
	"1.5e-400s", "1.5e-400", "1.0e-400s", "4.9e-324", "1.5e-320s", "9223372036854775808.0",
	"9223372036854775807.0", "9223372036854775807", "9223372036854775808", "1e19",
	"1.0e19", "18446744073709551616.0", "1.5e306s", "1.8e305sec", "1.7e308s", "inf",
	"inf.", "infinity.", "nan.", "nan(1).", "-inf.", ".5", ".", "", "s", "5s", "5.s",
	"5ms", "5msec", "5msecs", "5sec", "5secs", "5 ms", "+5", "+5.5", "-5.5", "5e",
	"5.e", "0x1.8p1", "0x1.8p1s", "0x.8", "0x", "0x.", "0xs", "0.0000001",
	"536870911.5ms", "536870912", "4294967.295s", "4294967.2955s", "4294967.296s",
	"4294967.29599s", "1844674407370955.1616s", "0x1p64.", "1e-400.", "1.0e-400x",
	"0x1p-1074.s", "0x1p-1080s", "0x.1p-1070ms", "4294967295.0000000000000000001",
	"1.000000000000000000000000000000000000000000000000000000000000000000000000001",
	"1.5\x13", "1.5\x53", "1.5\xd3", "1.5\x0d\x13", "1.5m\x13", "\x10x1.", "\x10.5",
};

static const char *rtt_in[200];
static size_t rtt_n;

static void rtt_inputs(void)
{
	for (size_t i = 0; i < sizeof(rtts) / sizeof(*rtts); i++)
		rtt_in[rtt_n++] = rtts[i];
	rtt_in[rtt_n++] = repeat("1", "0", 320, ".5");
	rtt_in[rtt_n++] = repeat("1", "0", 320, ".5s");
	rtt_in[rtt_n++] = repeat("0.", "0", 320, "1s");
	rtt_in[rtt_n++] = repeat("1", "0", 30, "");
	rtt_in[rtt_n++] = repeat("4294967295.", "9", 30, "");
	/* Bug 30220 again: 0, where 2^-1074 would make it 1. */
	rtt_in[rtt_n++] = exact(0x1.00000000000008p-1075L);
	rtt_in[rtt_n++] = with(exact(0x1.00000000000008p-1075L), 0, "ms");
}

/* quote writes s as a Go string literal, so that every input, blanks and
 * all, fits in one tab-separated field. */
static void quote(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

int main(void)
{
	FILE *f = fopen("inet_pton6.txt", "w");
	for (size_t i = 0; i < sizeof(pton6) / sizeof(*pton6); i++) {
		unsigned char b[16];
		fprintf(f, "%s\t", pton6[i]);
		if (inet_pton(AF_INET6, pton6[i], b) == 1)
			for (int j = 0; j < 16; j++)
				fprintf(f, "%02x", b[j]);
		else
			fprintf(f, "invalid");
		fprintf(f, "\n");
	}
	fclose(f);

	f = fopen("inet_ntop6.txt", "w");
	for (size_t i = 0; i < sizeof(ntop6) / sizeof(*ntop6); i++) {
		unsigned char b[16];
		char s[INET6_ADDRSTRLEN];
		for (int j = 0; j < 16; j++)
			sscanf(ntop6[i] + 2 * j, "%2hhx", &b[j]);
		inet_ntop(AF_INET6, b, s, sizeof(s));
		fprintf(f, "%s\t%s\n", ntop6[i], s);
	}
	fclose(f);

	f = fopen("strto.txt", "w");
	for (size_t i = 0; i < sizeof(numbers) / sizeof(*numbers); i++) {
		int bases[] = {0, 10, 16};
		for (int k = 0; k < 3; k++) {
			char *end;
			errno = 0;
			unsigned long u = strtoul(numbers[i], &end, bases[k]);
			int uerr = errno;
			long uused = end - numbers[i];
			errno = 0;
			long s = strtol(numbers[i], &end, bases[k]);
			int serr = errno;
			long sused = end - numbers[i];
			fprintf(f, "%s\t%d\t%lu %ld %d\t%ld %ld %d\n", numbers[i], bases[k],
				u, uused, uerr == ERANGE, s, sused, serr == ERANGE);
		}
	}
	fclose(f);

	f = fopen("fnmatch.txt", "w");
	for (size_t i = 0; i < sizeof(globs) / sizeof(*globs); i++)
		fprintf(f, "%s\t%s\t%d\n", globs[i][0], globs[i][1],
			fnmatch(globs[i][0], globs[i][1], 0) == 0);
	fclose(f);
	/* strtod: the double's bits, the bytes used and errno == ERANGE.
	 * errno is cleared first: strtod only ever sets it. */
	strtod_inputs();
	f = fopen("strtod.txt", "w");
	for (size_t i = 0; i < strtod_n; i++) {
		char *end;
		uint64_t b;
		errno = 0;
		double d = strtod(strtod_in[i], &end);
		int err = errno;
		if (err != 0 && err != ERANGE)
			fprintf(stderr, "strtod(%s): errno %d\n", strtod_in[i], err);
		memcpy(&b, &d, sizeof(b));
		quote(f, strtod_in[i]);
		fprintf(f, "\t%016llx %ld %d\n", (unsigned long long)b,
			(long)(end - strtod_in[i]), err == ERANGE);
	}
	fclose(f);

	/* get_time_rtt: the value, raw, success and errno == ERANGE after
	 * the call, first with errno clear, then with an ERANGE left over
	 * from an earlier call, which ip does not clear. */
	rtt_inputs();
	f = fopen("timertt.txt", "w");
	for (size_t i = 0; i < rtt_n; i++) {
		quote(f, rtt_in[i]);
		for (int stale = 0; stale < 2; stale++) {
			unsigned int val = 0;
			int raw = 0;
			errno = stale ? ERANGE : 0;
			int ok = get_time_rtt(&val, rtt_in[i], &raw) == 0;
			int err = errno == ERANGE;
			fprintf(f, "\t%u %d %d %d", ok ? val : 0, ok && raw, ok, err);
		}
		fprintf(f, "\n");
	}
	fclose(f);
	return 0;
}
