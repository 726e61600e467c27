package output

import (
	"nsip/internal/ascii"
	"nsip/internal/unix"
)

// Color is the colour class of a field, as iproute2's color_attr: text
// mode with -color paints the whole formatted field with it.
type Color uint8

// The colour classes, NoColor first so that the zero value paints nothing.
const (
	NoColor Color = iota
	ColorIfname
	ColorMAC
	ColorInet
	ColorInet6
	ColorOperUp
	ColorOperDown
)

// The escape sequences of each class on a light and on a dark background
// (the dark ones bold), and the one that ends a coloured field.
var (
	lightPalette = [...]string{ColorIfname: "\x1b[36m", ColorMAC: "\x1b[33m", ColorInet: "\x1b[35m",
		ColorInet6: "\x1b[34m", ColorOperUp: "\x1b[32m", ColorOperDown: "\x1b[31m"}
	darkPalette = [...]string{ColorIfname: "\x1b[1;36m", ColorMAC: "\x1b[1;33m", ColorInet: "\x1b[1;35m",
		ColorInet6: "\x1b[1;34m", ColorOperUp: "\x1b[1;32m", ColorOperDown: "\x1b[1;31m"}
)

const colorEnd = "\x1b[0m"

// The -color settings.
const (
	ColorNever = iota
	ColorAuto
	ColorAlways
)

// EnableColor is check_enable_color: colours for text output when -color
// asks for them always, or for auto when standard output is a terminal;
// never for JSON. The palette follows the background the COLORFGBG
// variable names: its last field 0-6 or 8 is a dark one.
func (p *Printer) EnableColor(setting int, fd int, colorfgbg string) {
	p.palette = nil
	if p.jsonOut || setting == ColorNever {
		return
	}
	if setting == ColorAuto {
		if _, err := unix.IoctlGetTermios(fd, unix.TCGETS); err != nil {
			return
		}
	}
	p.palette = &lightPalette
	if i := ascii.LastIndexByte(colorfgbg, ';'); i >= 0 && len(colorfgbg) == i+2 {
		if c := colorfgbg[i+1]; c >= '0' && c <= '6' || c == '8' {
			p.palette = &darkPalette
		}
	}
}

// ColorString is String with the text painted in colour c.
func (p *Printer) ColorString(c Color, key, format, v string) {
	if p.inJSON {
		p.JSONString(key, v)
	} else {
		p.ColorTextf(c, format, v)
	}
}

// ColorTextf is Textf with the text painted in colour c, when colours
// are on.
func (p *Printer) ColorTextf(c Color, format, v string) {
	if p.inJSON {
		return
	}
	painted := p.palette != nil && c != NoColor
	if painted {
		p.w.WriteString(p.palette[c])
	}
	p.w.b = appendText(p.w.b, format, v)
	if painted {
		p.w.WriteString(colorEnd)
	}
}

// FamilyColor is ifa_family_color: the colour of an address of family.
//
//go:noinline
func FamilyColor(family int) Color {
	switch family {
	case unix.AF_INET:
		return ColorInet
	case unix.AF_INET6:
		return ColorInet6
	}
	return NoColor
}
