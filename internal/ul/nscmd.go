package ul

import (
	"nsip/internal/cli"
	"nsip/internal/output"
	"nsip/internal/unix"
	"nsip/ns"
	"nsip/proc"
)

// nsip ns is nsip's own namespace command, for hosts without ls or
// util-linux:
//
//	nsip ns [-j [-p]] show [PID]   the namespaces of PID (default: nsip
//	                               itself), marking those not PID 1's
//	nsip ns delete FILE            unmount and remove a persistent
//	                               namespace file of any kind

const nsUsage = "Usage: nsip ns [ -j [ -p ] ] show [ PID ]\n       nsip ns delete FILE\n"

func nsMain(argv []string) int {
	var json, pretty bool
	var words []string
	for _, arg := range argv[1:] {
		switch arg {
		case "-j", "-json", "--json":
			json = true
		case "-p", "-pretty", "--pretty":
			pretty = true
		default:
			words = append(words, arg)
		}
	}
	switch {
	case len(words) == 0 || cli.Matches(words[0], "show") || cli.Matches(words[0], "list"):
		if len(words) > 2 {
			break
		}
		pid := "self"
		if len(words) == 2 {
			if n, ok := proc.Atoi(words[1]); !ok || n <= 0 {
				cli.Stderr("nsip: invalid PID: ", words[1], "\n")
				return cli.StatusFailure
			}
			pid = words[1]
		}
		// /proc/PID/ns in the kernel's order, each entry with the
		// namespace it links to, like ls -l, marking the ones that are
		// not PID 1's.
		p := output.NewPrinter(cli.Stdout, json, pretty, false)
		dir := "/proc/" + pid + "/ns"
		names, err := proc.ListDir(dir)
		if err != nil {
			return cli.StatusOf(cli.Failure(cli.StatusFailure, "nsip", err, "cannot read ", dir))
		}
		p.Begin()
		for _, name := range names {
			link, err := proc.Readlink(dir + "/" + name)
			if err != nil {
				continue
			}
			kind, ino, ok := proc.NamespaceLink(link)
			if !ok {
				continue
			}
			p.OpenObject("")
			p.String("name", "%s -> ", name)
			p.String("type", "", kind)
			p.Uint("inode", kind+":[%u]", ino)
			if init, err := proc.Readlink("/proc/1/ns/" + name); err == nil {
				if init != link {
					p.Bool("differs_from_init", "  (not PID 1's)")
				} else {
					p.JSONBool("differs_from_init", false)
				}
			}
			p.CloseObject()
			p.Text("\n")
		}
		p.End()
		p.Flush()
		return 0
	case cli.Matches(words[0], "delete") && len(words) == 2:
		// Unmount every namespace bind mount stacked on file, as `ip
		// netns delete` does for /run/netns, and remove the file.
		file := words[1]
		isNS, err := ns.IsNamespaceFile(file)
		if err == nil && !isNS {
			cli.Stderr("nsip: ", file, " is not a namespace file\n")
			return cli.StatusFailure
		}
		// The steps in turn; what names the one that failed.
		what := "cannot stat "
		if err == nil {
			what = "cannot unmount "
			if err = ns.UnbindAll(file); err == nil {
				what, err = "cannot remove ", unix.Unlink(file)
			}
		}
		if err != nil {
			return cli.StatusOf(cli.Failure(cli.StatusFailure, "nsip", err, what, file))
		}
		return 0
	case cli.Matches(words[0], "help"):
		cli.Stdout.WriteString(nsUsage)
		return 0
	}
	cli.Stderr(nsUsage)
	return cli.StatusFailure
}
