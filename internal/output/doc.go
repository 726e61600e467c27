// Package output prints what the tools print: Printer is iproute2's one
// printer for text and JSON (print_string(PRINT_ANY, key, fmt, value) and
// the like), with -o's one-line records; Table is libsmartcols' table as
// lsns prints it, in human, raw and JSON form.
//
// Small helpers that many callers share are marked //go:noinline: inlined at
// every call they would only grow the binary, which aims at 2 MiB.
package output
