package ip

import (
	"nsip/internal/cli"
	"nsip/internal/help"
)

func ipUsage()      { usage(help.IP) }
func linkUsage()    { usage(help.IPLink) }
func addressUsage() { usage(help.IPAddress) }
func routeUsage()   { usage(help.IPRoute) }
func ruleUsage()    { usage(help.IPRule) }
func tuntapUsage()  { usage(help.IPTuntap) }
func neighUsage()   { usage(help.IPNeigh) }

// usage prints a usage text, word for word iproute2 6.1's, and exits as
// ip does, with status 255.
//
//go:noinline
func usage(text help.ID) {
	cli.Stderr(help.Text(text))
	cli.Fail(statusUsage)
}
