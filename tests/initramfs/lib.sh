# lib.sh: what the initramfs suites (boot, kinds) share. Sourced by bash
# with CACHE set: fetch Debian's cloud kernel, lay out a root with nsip and
# busybox, pack it, boot it, and read the step markers off the console.

# fetch_kernel sets vmlinuz and modules. The kernel package is fetched with
# apt-get download and unpacked, never installed; it is kept in $CACHE.
fetch_kernel() {
	local kernel_dir=$CACHE/kernel pkg
	if [ ! -d "$kernel_dir/boot" ]; then
		kernel_package() {
			apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
		}
		pkg=$(kernel_package)
		if [ -z "$pkg" ]; then
			apt-get update >/dev/null
			pkg=$(kernel_package)
		fi
		[ -n "$pkg" ] || { echo "boot: no linux-image-cloud-amd64 in Debian's package lists" >&2; exit 1; }
		rm -rf "$CACHE/deb" "$kernel_dir.new"
		mkdir -p "$CACHE/deb"
		(cd "$CACHE/deb" && apt-get download "$pkg" 2>&1 | grep -v "^W: Download is performed unsandboxed")
		dpkg-deb -x "$CACHE"/deb/*.deb "$kernel_dir.new"
		mv "$kernel_dir.new" "$kernel_dir"
		rm -rf "$CACHE/deb"
	fi
	vmlinuz=$(ls "$kernel_dir"/boot/vmlinuz-*)
	modules=$(ls -d "$kernel_dir"/lib/modules/*)
}

# new_root DIR NSIP INIT APPLETS... lays out a root: nsip linked as ip and
# lsns, busybox with the applets named, INIT as /init, /dev/console.
new_root() {
	local root=$1 nsip=$2 init=$3 applet
	shift 3
	rm -rf "$root"
	mkdir -p "$root"/{bin,dev,etc,lib/modules,proc,tmp}
	cp "$nsip" "$root/bin/nsip"
	ln -s nsip "$root/bin/ip"
	ln -s nsip "$root/bin/lsns"
	cp /bin/busybox "$root/bin/busybox"
	for applet in "$@"; do
		ln -s busybox "$root/bin/$applet"
	done
	install -m 0755 "$init" "$root/init"
	# The kernel opens /dev/console for /init before anything is mounted.
	mknod -m 0600 "$root/dev/console" c 5 1
}

# add_module ROOT NAME copies module NAME and, first, what it depends on
# into ROOT/lib/modules, uncompressed, and appends each to
# ROOT/lib/modules/order once, dependencies first: the order to insmod.
add_module() {
	local root=$1 name=$2 file dep
	grep -qx "$name" "$root/lib/modules/order" 2>/dev/null && return 0
	file=$(find "$modules/kernel" \( -name "$name.ko*" -o -name "${name//_/-}.ko*" \) -print -quit)
	[ -n "$file" ] || { echo "boot: no module $name in $modules" >&2; exit 1; }
	for dep in $(modinfo -F depends "$file" | tr , ' '); do
		add_module "$root" "$dep"
	done
	case $file in
	*.ko.xz) xz -dc "$file" >"$root/lib/modules/$name.ko" ;;
	*.ko.zst) zstd -qdc "$file" >"$root/lib/modules/$name.ko" ;;
	*.ko.gz) gzip -dc "$file" >"$root/lib/modules/$name.ko" ;;
	*) cp "$file" "$root/lib/modules/$name.ko" ;;
	esac
	echo "$name" >>"$root/lib/modules/order"
}

# add_program ROOT PATH NAME copies a dynamically linked program into ROOT
# as /bin/NAME, with the shared libraries and the loader ldd names.
add_program() {
	local root=$1 prog=$2 name=$3 lib
	cp "$prog" "$root/bin/$name"
	for lib in $(ldd "$prog" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# boot_root ROOT LOG SECONDS [PARAM...] packs ROOT and boots it, the
# console in LOG, with PARAMs (NAME=VALUE: /init's environment) added to
# the kernel's command line; it sets elapsed. Software emulation (TCG) boots in seconds and works
# everywhere; NSIP_QEMU_ACCEL=kvm asks for KVM, which under nested
# virtualisation can hang or abort (it does on the machine this was
# written on).
boot_root() {
	local root=$1 log=$2 limit=$3 accel=${NSIP_QEMU_ACCEL:-tcg} start
	shift 3
	(cd "$root" && find . -print0 | cpio --null --create --format=newc --quiet | gzip -6) >"$root.initrd.gz"
	start=$(date +%s)
	timeout "$limit" qemu-system-x86_64 -machine q35 -accel "$accel" -m 512M -smp 1 -nographic -no-reboot \
		-kernel "$vmlinuz" -initrd "$root.initrd.gz" \
		-append "console=ttyS0 rdinit=/init panic=-1 quiet $*" </dev/null >"$log" 2>&1 || true
	elapsed=$(($(date +%s) - start))
}

# check_steps SUITE LOG STEP... fails unless every step's marker says ok
# and /init finished; it prints the markers, and the log's tail on failure.
check_steps() {
	local suite=$1 log=$2 s failed=0
	shift 2
	tr -d '\r' <"$log" | grep -E '^(== |NSIP-)' || true
	for s in "$@"; do
		# grep reads it all: a grep -q that stops early ends tr with
		# SIGPIPE, which pipefail counts as a failure.
		if ! tr -d '\r' <"$log" | grep -x "NSIP-STEP $s ok" >/dev/null; then
			echo "$suite: step $s did not pass" >&2
			failed=1
		fi
	done
	tr -d '\r' <"$log" | grep -x "NSIP-DONE" >/dev/null || { echo "$suite: /init did not finish" >&2; failed=1; }
	if [ "$failed" = 1 ]; then
		echo "--- serial log ($log)" >&2
		tr -d '\r' <"$log" | tail -80 >&2
		exit 1
	fi
	echo "$suite: all $# steps passed in ${elapsed}s"
}
