package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"caravan/internal/schedule"
)

func parseTestDZN(t *testing.T, path string) *schedule.Problem {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := schedule.ParseDZN(path, f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWriteLP(t *testing.T) {
	p := parseTestDZN(t, "../../internal/schedule/testdata/tiny.dzn")
	p.Fairness = 2
	var sb strings.Builder
	offset, err := writeLP(&sb, p)
	if err != nil {
		t.Fatal(err)
	}
	// Participants 1..4 have meetings, 5 has none.
	if offset != 4 {
		t.Errorf("offset: got %d, want 4", offset)
	}
	lp := sb.String()
	for _, want := range []string{
		" one_3: + x_3_0 = 1", // meeting 4 fixed to slot 1
		" one_1: + x_1_1 = 1", // 1-3 morning only, 3 cannot meet in slot 1
		" prec_3_4:",          // meeting 5 after meeting 4
		" count_0: + u_0_0 + u_0_1 + u_0_2 + u_0_3 = 3",
		" fair: Bmax - Bmin <= 2",
		" zero: Bmin <= 0",
	} {
		if !strings.Contains(lp, want) {
			t.Errorf("LP lacks %q:\n%s", want, lp)
		}
	}
	if _, err := exec.LookPath("cbc"); err != nil {
		t.Skip("cbc not installed")
	}
	r := runCBC(t.Context(), p, 5e9, t.TempDir())
	if !r.Found || !r.Proven {
		t.Fatalf("cbc: got %+v, want an optimal solution", r)
	}
	if r.Breaks != 0 {
		t.Errorf("cbc breaks: got %d, want 0", r.Breaks)
	}
}
