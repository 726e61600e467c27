package cli

// commandStack is the stack a command needs, with room to spare: link
// show lo reaches 5 KB, a listing more.
const commandStack = 16 << 10

// GrowStack grows the calling goroutine's stack to commandStack in one
// step. A goroutine starts with 2 KB, and the runtime doubles it as a
// command goes deeper: to 4 KB and then 8 KB, each time from a fresh span
// of stacks of the new size, whose free list touches every page of it.
// Growing in one step saves link show lo 8 of its ~198 page faults, and
// link set lo up 9. The runtime sizes the new stack by the frame
// that overflowed: with its guard of ~1 KB, a frame of 7.5 KB does not
// fit in 8 KB, and it fits in 16 KB with what is in use at main.
//
//go:noinline
func GrowStack() byte {
	var frame [commandStack/2 - 512]byte
	return frame[stackProbe]
}

// stackProbe is 0, in a variable: with a constant index the compiler
// would read the byte without building the frame.
var stackProbe int
