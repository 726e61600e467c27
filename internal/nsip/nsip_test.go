package nsip

import (
	"strings"
	"testing"
)

// The help names the links --install makes in a constant text: it must
// list Tools, in their order.
func TestHelpNamesTools(t *testing.T) {
	list := strings.Join(Tools[:len(Tools)-1], ", ") + " and " + Tools[len(Tools)-1]
	if text := helpText("nsip"); !strings.Contains(text, "make hard links named "+list+" to nsip") {
		t.Errorf("the help does not name the links %s:\n%s", list, text)
	}
}
