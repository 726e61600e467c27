//go:build mips || mipsle || mips64 || mips64le

package unix

// signalNames names the signals from 1 on, in MIPS's numbering.
const signalNames = "HUP INT QUIT ILL TRAP ABRT EMT FPE KILL BUS SEGV SYS PIPE ALRM TERM USR1 " +
	"USR2 CHLD PWR WINCH URG IO STOP TSTP CONT TTIN TTOU VTALRM PROF XCPU XFSZ"
