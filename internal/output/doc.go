// Package output prints what the tools print: Printer is iproute2's one
// printer for text and JSON (print_string(PRINT_ANY, key, fmt, value) and
// the like), with -o's one-line records; Table is libsmartcols' table as
// lsns prints it, in human, raw and JSON form.
package output
