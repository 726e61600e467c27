#!/usr/bin/env bats
# ip link add/set ... type KIND: nsip must parse each kind's options like
# iproute2 6.1, answer bad ones with the same words and exit status, send
# requests the kernel answers alike, and leave the same links behind. The
# kinds this kernel lacks are created for real in tests/initramfs (qemu).

load helpers

setup() {
	sandbox_start
	sb "$IP_REF" link add d0 type ifb
}

teardown() {
	sandbox_stop
}

# compare_lines FILE runs each line of FILE (ip's words, no "ip") with ip
# and with nsip in the sandbox and compares what they print and return.
# nsip's one-line hint after the kernel's "Unknown device type" (which
# names the missing module) is its own addition and left out. A link x0
# that a line made (of a kind this kernel has) is deleted after each tool.
compare_lines() {
	local line d=$BATS_TEST_TMPDIR
	while IFS= read -r line; do
		case "$line" in "" | "#"*) continue ;; esac
		ref_status=0
		# shellcheck disable=SC2086
		sb "$IP_REF" $line >"$d/ref.out" 2>"$d/ref.err" || ref_status=$?
		sb "$IP_REF" link del x0 2>/dev/null || true
		got_status=0
		# shellcheck disable=SC2086
		sb "$IP_LINK_DIR/ip" $line >"$d/got.out" 2>"$d/got.all" || got_status=$?
		sb "$IP_REF" link del x0 2>/dev/null || true
		grep -v '^nsip: the kernel has no .* links: load the' "$d/got.all" >"$d/got.err" || true
		if [ "$ref_status" != "$got_status" ] || ! cmp -s "$d/ref.out" "$d/got.out" ||
			! cmp -s "$d/ref.err" "$d/got.err"; then
			report_difference "ip $line" iproute2
		fi
	done <"$1"
}

@test "bad options of every kind: the same complaint and exit status as ip" {
	cat >"$BATS_TEST_TMPDIR/bad" <<'L'
link add x0 type vxlan
link add x0 type vxlan id
link add x0 type vxlan id 16777216
link add x0 type vxlan id 1 id 2
link add x0 type vxlan id 1 group 10.0.0.1
link add x0 type vxlan id 1 remote 239.0.0.1
link add x0 type vxlan id 1 remote 10.0.0.1 group 239.0.0.1
link add x0 type vxlan id 1 group 239.0.0.1 remote 10.0.0.1
link add x0 type vxlan id 1 group 239.0.0.1
link add x0 type vxlan id 1 local 239.0.0.1
link add x0 type vxlan id 1 local fd00::1 remote 10.0.0.1
link add x0 type vxlan id 1 local any
link add x0 type vxlan id 1 remote 10.0.0.1 local any
link add x0 type vxlan id 1 local fd00::1 group all dev d0
link add x0 type vxlan id 1 remote default
link add x0 type ipip mode ip6ip
link add x0 type ipip remote fd00::1
link add x0 type ipip ttl 256
link add x0 type ipip ttl 3 nopmtudisc
link add x0 type ipip encap foo
link add x0 type ipip encap-dport x
link add x0 type ipip dev nosuchdev
link add x0 type ipip isatap
link add x0 type sit 6rd-prefix 10.0.0.0/8
link add x0 type sit 6rd-relay_prefix fd00::/8
link add x0 type sit fwmark -1
link add x0 type sit help
link set d0 type sit remote 10.0.0.1
link add x0 type vti key x
link add x0 type vti ikey 1.2.3
link add x0 type vti okey -1
link add x0 type vti remote fd00::1
link add x0 type vti6 local 10.0.0.1
link add x0 type vti6 dev nosuchdev
link add x0 type vti fwmark 0x100000000
link add x0 type vti6 help
link add x0 type vti bogus
link set d0 type vti key 1
link add x0 type ip6tnl mode ipip
link add x0 type ip6tnl remote 10.0.0.1
link add x0 type ip6tnl hoplimit 256
link add x0 type ip6tnl tclass 0x100
link add x0 type ip6tnl flowlabel 0x100000
link add x0 type ip6tnl dscp 1
link add x0 type ip6tnl fwmark x
link add x0 type ip6tnl encap-sport -1
link add x0 type ip6tnl 6rd-reset
link set d0 type ip6tnl hoplimit 1
link add x0 type gre remote 239.1.1.1
link add x0 type gre key x
link add x0 type gre ttl 256
link add x0 type gre remote fd00::1
link add x0 type gre erspan 1
link add x0 type erspan erspan 0
link add x0 type erspan erspan 0x100000
link add x0 type erspan erspan_ver 3
link add x0 type erspan erspan_dir up
link add x0 type erspan erspan_hwid 65536
link add x0 type gretap e
link set d0 type gre key 1
link add x0 type ip6gre remote 10.0.0.1
link add x0 type ip6gre hoplimit 256
link add x0 type ip6gre tclass 0x100
link add x0 type ip6gre tos x
link add x0 type ip6gre flowlabel 0x100000
link add x0 type ip6gre dscp 1
link add x0 type ip6gre fwmark x
link add x0 type ip6gre encaplimit 256
link add x0 type ip6gre key 1.2.3
link add x0 type ip6gre nopmtudisc
link add x0 type ip6gre dev nosuchdev
link add x0 type ip6gre erspan 0
link add x0 type ip6gretap erspan 0x100000
link add x0 type ip6erspan erspan_ver 3
link add x0 type ip6erspan erspan_dir up
link add x0 type ip6erspan erspan_hwid 65536
link add x0 type ip6gretap help
link add x0 type ip6erspan p
link set d0 type ip6gre key 1
link add x0 type vxlan id 1 dev nosuchdev
link add x0 type vxlan id 1 ttl 256
link add x0 type vxlan id 1 ttl x
link add x0 type vxlan id 1 tos 0x100
link add x0 type vxlan id 1 df maybe
link add x0 type vxlan id 1 flowlabel 0x100000
link add x0 type vxlan id 1 ageing -
link add x0 type vxlan id 1 maxaddress -1
link add x0 type vxlan id 1 srcport 1
link add x0 type vxlan id 1 srcport 1 65536
link add x0 type vxlan id 1 dstport 65536
link add x0 type vxlan id 1 learning nolearning
link add x0 type vxlan id 1 external
link add x0 type vxlan vnifilter
link add x0 type vxlan id 1 vnif
link add x0 type vxlan id 1 bogus
link add x0 type vxlan help
link add x0 type geneve
link add x0 type geneve id 1
link add x0 type geneve id 1 remote 239.1.1.1
link add x0 type geneve id 1 remote default
link add x0 type geneve external id 1
link add x0 type geneve id 1 remote 10.0.0.1 ttl inherit ttl 3
link add x0 type geneve id 1 remote 10.0.0.1 udpcsum noudpcsum
link add x0 type geneve id 1 remote 10.0.0.1 innerproto
link add x0 type geneve help
link add x0 type bond mode 7
link add x0 type bond mode roundrobin
link add x0 type bond active_slave nosuchdev
link add x0 type bond primary nosuchdev
link add x0 type bond miimon -1
link add x0 type bond use_carrier 256
link add x0 type bond arp_ip_target 10.0.0.1,x
link add x0 type bond ns_ip6_target 10.0.0.1
link add x0 type bond ns_ip6
link add x0 type bond ad_actor_system zz
link add x0 type bond ad_user_port_key 65536
link add x0 type bond lacp_act on
link add x0 type bond arp_missed 1
link add x0 type bond xmit_hash_policy layer4
link add x0 type bond tlb_dynamic_lb x
link add x0 type bond help
link add x0 type bond bogus
link set d0 type bond_slave queue_id 65536
link set d0 type bond_slave prio 2147483648
link set d0 type bond_slave pri 1
link set d0 type bond_slave help
link set d0 type bridge_slave state 256
link set d0 type bridge_slave hairpin maybe
link set d0 type bridge_slave backup_port nosuchdev
link set d0 type bridge_slave mcast_router x
link set d0 type bridge_slave bogus
link set d0 type bridge_slave help
link add x0 link d0 type ipvlan mode l4
link add x0 link d0 type ipvlan private vepa
link add x0 link d0 type ipvtap bogus
link add x0 link d0 type ipvlan help
link add x0 type vrf
link add x0 type vrf table
link add x0 type vrf table nosuchtable
link add x0 type vrf tab 1 bogus
link add x0 type xfrm
link add x0 type xfrm if_id 0
link add x0 type xfrm if_id 1 dev nosuchdev
link add x0 type xfrm if_id 1 external
link add x0 type xfrm if_id 3:x dev d0
link add x0 type xfrm help
link add x0 type wireguard private-key x
link add x0 type dummy help
link add x0 link d0 type vlan id 1 ingress-qos-map
link add x0 link d0 type vlan id 1 ingress-qos-map x:1
link add x0 link d0 type vlan id 1 egress-qos-map 1:x
link add x0 link d0 type vlan id 1 egress-qos-map 1:2:3
link add x0 link d0 type vlan id 1 egress-qos-map 1:2 bogus
link add x0 link d0 type macvlan mode source macaddr
link add x0 link d0 type macvlan mode source macaddr change 02:00:00:00:00:01
link add x0 link d0 type macvlan mode source macaddr add 02:00:00:00:00
link add x0 link d0 type macvlan mode source macaddr add zz:00:00:00:00:01
link add x0 link d0 type macvlan mode source macaddr set 02:00:00:00:00:01 mode:x
link add x0 link d0 type macvlan mode source macaddr set 02:00:00:00:00:01 bogus
link add x0 type bridge forward_delay x
link add x0 type bridge vlan_protocol 802.1x
L
	compare_lines "$BATS_TEST_TMPDIR/bad"
	# Nothing was made.
	run sb "$IP_REF" -br link show
	[ "$(echo "$output" | wc -l)" = 2 ]
}

# random_lines N prints N command lines: a kind, then up to six words
# drawn from its option words and from values of every sort. RANDOM is
# seeded, so the lines are the same in every run.
random_lines() {
	local -A words=(
		[vxlan]="id vni group remote local dev ttl tos df flowlabel ageing maxaddress srcport dstport nolearning learning proxy rsc l2miss l3miss udpcsum noudp6zerocsumtx remcsumrx external noexternal gbp gpe vnifilter novnifilter help i l n r u e g t d"
		[geneve]="id remote ttl tos df flowlabel dstport external noexternal udpcsum udp6zerocsumtx noudp6zerocsumrx innerprotoinherit help i r t d e n u"
		[bond]="mode active_slave clear_active_slave miimon use_carrier arp_interval arp_ip_target ns_ip6_target arp_validate arp_missed_max primary primary_reselect xmit_hash_policy num_unsol_na lacp_rate lacp_active ad_select ad_actor_system tlb_dynamic_lb help a p m n l"
		[bond_slave]="queue_id prio q p help"
		[bridge_slave]="fdb_flush state priority cost hairpin guard flood mcast_router mcast_fast_leave group_fwd_mask locked backup_port nobackup_port help f s p c h m b n"
		[ipvlan]="mode private vepa bridge help m p v b"
		[vrf]="table help t"
		[xfrm]="dev if_id external d i e"
		[ipip]="mode remote local dev ttl hlim tos tclass dsfield nopmtudisc pmtudisc noencap encap encap-sport encap-dport encap-csum noencap-remcsum external 6rd-prefix fwmark d ds"
		[vti]="key ikey okey remote local dev fwmark k i o r l d"
		[vti6]="key ikey okey remote local dev fwmark"
		[ip6tnl]="mode remote local dev ttl encaplimit tclass flowlabel fl dscp fwmark allow-localremote noallow-localremote encap encap-csum external d ds"
		[gre]="key nokey ikey okey seq noseq iseq csum ocsum nopmtudisc pmtudisc remote local dev ttl tos tclass encap external ignore-df noignore-df fwmark n no p i o s c"
		[erspan]="remote local key erspan erspan_ver erspan_dir erspan_hwid ingress egress e"
		[ip6gre]="key okey iseq csum remote local dev ttl hoplimit tos tclass ds flowlabel fl dscp encaplimit fwmark allow-localremote noallow-localremote encap external erspan_ver n t h"
		[ip6erspan]="remote local key seq erspan erspan_ver erspan_dir erspan_hwid ingress egress encaplimit tclass e"
		[sit]="mode remote local isatap 6rd-prefix 6rd-relay_prefix ttl tos pmtudisc nopmtudisc encap external fwmark"
		[vlan]="id protocol reorder_hdr gvrp mvrp loose_binding ingress-qos-map egress-qos-map help i p r g m e"
		[macvlan]="mode flag macaddr nopromisc nodst bcqueuelen help m f n b add del set flush"
	)
	local values=(0 1 -1 5 255 256 65535 65536 4294967296 0x10 on off inherit auto set none unlimited l2 l3s 0.0.0.0
		ip6ip mplsip ipip6 fou 2001:db8::/32 10.0.0.0/8 0xfffff
		source passthru 802.1ad 10.0.0.1 239.1.1.1 fd00::1 ff02::1 default any d0 nosuch 1:2 3:x
		02:00:00:00:00:01 1:2:3:4:5:6:7 main fast layer3+4 active-backup 1.2.3.4,5.6.7.8)
	local heads=("link add x0" "link add x0 link d0" "link set d0" "-4 link add x0" "-6 link add x0")
	local kinds=("${!words[@]}") i n kind line vocab
	RANDOM=$2
	for ((i = 0; i < $1; i++)); do
		kind=${kinds[RANDOM % ${#kinds[@]}]}
		read -ra vocab <<<"${words[$kind]}"
		line="${heads[RANDOM % ${#heads[@]}]} type $kind"
		for ((n = RANDOM % 7; n > 0; n--)); do
			if ((RANDOM % 100 < 55)); then
				line+=" ${vocab[RANDOM % ${#vocab[@]}]}"
			else
				line+=" ${values[RANDOM % ${#values[@]}]}"
			fi
		done
		echo "$line"
	done
}

@test "random option words after each kind: the same complaints, statuses and kernel answers as ip" {
	random_lines 400 7 >"$BATS_TEST_TMPDIR/random"
	compare_lines "$BATS_TEST_TMPDIR/random"
}

@test "kinds this kernel lacks: the kernel answers nsip's requests as it answers ip's" {
	local kind
	for kind in geneve bond ipvlan vrf xfrm dummy nlmon wireguard vlan ipip sit vti vti6 ip6tnl gre gretap erspan \
		ip6gre ip6gretap ip6erspan; do
		sb "$IP_REF" link add x0 type "$kind" 2>/dev/null && skip "this kernel has $kind"
	done
	# The golden lines of the kinds this kernel lacks, and of changes to
	# d0 it refuses, which is not a bond or bridge port, vxlan or geneve.
	grep -E ' type (geneve|bond|bond_slave|bridge_slave|ipvlan|ipvtap|vrf|xfrm|dummy|nlmon|wireguard|vlan|ipip|sit|vti|vti6|ip6tnl|gre|gretap|erspan|ip6gre|ip6gretap|ip6erspan|vxlan .*id 3$)' \
		"$BATS_TEST_DIRNAME/kinds/golden-cases.txt" | grep -v '^link set d0 type vxlan learning' >"$BATS_TEST_TMPDIR/lines"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/lines")" -gt 25 ]
	compare_lines "$BATS_TEST_TMPDIR/lines"
}

scenario() {
	SCENARIO="$BATS_TEST_TMPDIR/$1"
	cat >"$SCENARIO"
}

@test "vxlan, bridge_slave, macvlan and ifb: made, changed and deleted as ip does" {
	scenario kinds <<'S'
ip link add d0 type ifb
ip link add vx0 type vxlan id 42 remote 10.1.2.3 local 10.1.2.4 dstport 4789 ttl 5 tos 0x10 df set ageing 100 maxaddress 7 srcport 1000 2000 noproxy l2miss nol3miss udpcsum noudp6zerocsumtx udp6zerocsumrx
ip link add vx1 type vxlan vni 7 group 239.1.1.1 dev d0 ttl inherit tos inherit nolearning dstport 0
ip link add vx2 type vxlan id 8 remote fd00::1 local fd00::2 flowlabel 0x12345 dstport 4789 gbp
ip link add vx3 type vxlan external dstport 4790
ip link add vx4 type vxlan id 9 dstport 4789 rsc remcsumtx noremcsumrx
ip -6 link add vx5 type vxlan id 10 dstport 4789
ip link add vx6 type vxlan id 11 dstport 4789 udpcsum
ip link set vx0 type vxlan ttl 9 ageing 50 learning
ip link set vx4 type vxlan noproxy l3miss
ip link set vx0 type vxlan id 43
ip link set vx0 type vxlan remote 10.9.9.9 local 10.9.9.8
$REF -d -j link show | jq -S 'map(del(.linkinfo.info_data.ageing_ms?))'
ip link add br0 address 02:00:00:00:00:b0 type bridge
ip link add v0 address 02:00:00:00:00:10 type veth peer name v1 address 02:00:00:00:00:11
ip link set v0 master br0
ip link set v1 master br0
ip link set v0 type bridge_slave state 2
ip link set v0 type bridge_slave priority 9 cost 100 guard on hairpin on root_block off fastleave on learning off flood off mcast_flood off bcast_flood off mcast_to_unicast on proxy_arp on proxy_arp_wifi off mcast_router 2 group_fwd_mask 0x4000 neigh_suppress on vlan_tunnel off isolated on
ip link set v0 type bridge_slave backup_port v1
$REF -d -j link show v0 | jq -S .
ip link set v0 type bridge_slave nobackup_port fdb_flush locked on
ip link set v0 type bridge_slave state 256
ip link set v0 type bridge_slave hairpin maybe
$REF -d -j link show v0 | jq -S .
ip link add mv0 link d0 type macvlan mode source macaddr add 02:00:00:00:00:05 bcqueuelen 100
ip link set mv0 type macvlan macaddr add 02:00:00:00:00:06
ip link set mv0 type macvlan macaddr del 02:00:00:00:00:05
ip link add mv1 link d0 type macvlan mode source macaddr set 02:00:00:00:00:07 02:00:00:00:00:08 nodst
ip link set mv1 type macvlan macaddr set 02:00:00:00:00:09
ip link add mv2 link d0 type macvtap mode source macaddr set
ip link set mv1 type macvlan macaddr flush
$REF -d -j link show | jq -S .
ip link add if1 type ifb
ip link add if2 type ifb extra words
ip link del vx0 type vxlan
ip link del vx1
ip link del mv0
ip link del if1
ip link set v0 nomaster
$REF -d -j link show | jq -S .
S
	compare_scenario "$SCENARIO"
}
