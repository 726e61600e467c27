/* Writes the glibc reference tables the Go tests in parse_test.go read:
 * what inet_pton, inet_ntop, strtoul, strtol and fnmatch answer for inputs
 * that exercise their corners. Regenerate with:
 *   gcc -O2 -o /tmp/gen gen.c && /tmp/gen
 * in this directory. */
#include <arpa/inet.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	return 0;
}
