package schedule

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseDZNTiny(t *testing.T) {
	p, err := ParseDZN("tiny.dzn", bytes.NewReader(readTestdata(t, "tiny.dzn")))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(p.Participants), 5; got != want {
		t.Errorf("participants: got %d, want %d", got, want)
	}
	if got, want := len(p.Slots), 4; got != want {
		t.Errorf("slots: got %d, want %d", got, want)
	}
	if got, want := len(p.Tables), 2; got != want {
		t.Errorf("tables: got %d, want %d", got, want)
	}
	if got, want := p.Fairness, -1; got != want {
		t.Errorf("fairness: got %d, want %d", got, want)
	}
	for s, sl := range p.Slots {
		if sl.Session != 0 {
			t.Errorf("slot %d: session got %d, want 0", s, sl.Session)
		}
	}
	for l, tb := range p.Tables {
		if tb.Pinned != -1 || tb.Name == "" {
			t.Errorf("table %d: got %+v, want named and unpinned", l, tb)
		}
	}
	want := []Meeting{
		{Name: "1", Participants: []int{0, 1}, Weight: 1, FixedSlot: -1, FixedTable: -1},
		{Name: "2", Participants: []int{0, 2}, Weight: 1, Allowed: []int{0, 1}, FixedSlot: -1, FixedTable: -1},
		{Name: "3", Participants: []int{1, 2}, Weight: 1, Allowed: []int{2, 3}, FixedSlot: -1, FixedTable: -1},
		{Name: "4", Participants: []int{3, 0}, Weight: 1, FixedSlot: 0, FixedTable: -1},
		{Name: "5", Participants: []int{3, 1}, Weight: 1, FixedSlot: -1, FixedTable: -1, After: []int{3}},
		{Name: "6", Participants: []int{2, 3}, Weight: 1, FixedSlot: -1, FixedTable: -1},
	}
	if !reflect.DeepEqual(p.Meetings, want) {
		t.Errorf("meetings:\ngot  %+v\nwant %+v", p.Meetings, want)
	}
	forb := [][]int{nil, nil, {0}, nil, nil}
	for i, pa := range p.Participants {
		if !reflect.DeepEqual(pa.Forbidden, forb[i]) {
			t.Errorf("participant %d forbidden: got %v, want %v", i+1, pa.Forbidden, forb[i])
		}
	}
}

func TestParseDZNMinimal(t *testing.T) {
	p, err := ParseDZN("minimal.dzn", bytes.NewReader(readTestdata(t, "minimal.dzn")))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(p.Meetings), 1; got != want {
		t.Fatalf("meetings: got %d, want %d", got, want)
	}
	if p.Meetings[0].Allowed != nil {
		t.Errorf("allowed: got %v, want nil (any slot)", p.Meetings[0].Allowed)
	}
}

func TestParseDZNDiference(t *testing.T) {
	src := string(readTestdata(t, "minimal.dzn")) + "diference = 3;\n"
	p, err := ParseDZN("d.dzn", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Fairness, 3; got != want {
		t.Errorf("fairness: got %d, want %d", got, want)
	}
}

func TestParseDZNErrors(t *testing.T) {
	tiny := string(readTestdata(t, "tiny.dzn"))
	tests := []struct {
		name, old, new, want string
	}{
		{"participant out of range", "|4, 1, 3,", "|4, 7, 3,", "tiny.dzn:12: requested row 4: participant 7 out of range 1..5"},
		{"self meeting", "|4, 1, 3,", "|4, 4, 3,", "tiny.dzn:12: requested row 4: participant 4 meets itself"},
		{"bad session", "|4, 1, 3,", "|4, 1, 5,", "tiny.dzn:12: requested row 4: session 5"},
		{"short row", "|4, 1, 3,", "|4, 1,", "tiny.dzn:12: requested row 4: 2 columns, want 3"},
		{"too few rows", "|3, 4, 3,\n", "", "tiny.dzn:9: requested: 5 rows, want nMeetings = 6"},
		{"count mismatch", "[3,3,3,3,0]", "[3,3,3,2,0]", "tiny.dzn:23: nMeetingsBusiness entry 4: 2, but requested has 3"},
		{"mxb wrong meeting", "{1,5,6,7},", "{1,4,6,7},", "tiny.dzn:20: meetingsxBusiness entry 4: lists meeting 3, but requested row 3 is between 2 and 3"},
		{"mxb missing meeting", "{1,5,6,7},", "{1,5,6},", "tiny.dzn:20: meetingsxBusiness entry 4: 2 meetings, but requested has 3"},
		{"forbidden range", "{0, 1},", "{0, 9},", "tiny.dzn:27: forbidden entry 3: slot 9 out of range 1..4"},
		{"fixed range", "[0,0,0,1,0,0]", "[0,0,0,5,0,0]", "tiny.dzn:31: fixed entry 4: slot 5 out of range 0..4"},
		{"fixed length", "[0,0,0,1,0,0]", "[0,0,0,1,0]", "tiny.dzn:31: fixed: 5 entries, want 6"},
		{"precedence range", "{4},{}]", "{8},{}]", "tiny.dzn:33: precedences entry 5: meeting 8 out of range 1..6"},
		{"precedence self", "{4},{}]", "{5},{}]", "tiny.dzn:33: precedences entry 5: meeting 5 must come before itself"},
		{"missing field", "fixed = [0,0,0,1,0,0];", "", "tiny.dzn:34: field fixed missing"},
		{"unknown field", "nTables = 2;", "nTables = 2; colour = 3;", "tiny.dzn:5: unknown field colour"},
		{"duplicate field", "nTables = 2;", "nTables = 2; nTables = 3;", "tiny.dzn:5: field nTables given twice (first at line 5)"},
		{"no semicolon", "nTables = 2;", "nTables = 2", "tiny.dzn:6: nTables: expected \";\", found \"nTotalSlots\""},
		{"bad character", "nTables = 2;", "nTables = 2#;", "tiny.dzn:5: unexpected character '#'"},
		{"not an integer", "nTables = 2;", "nTables = x2;", "tiny.dzn:5: nTables: expected an integer, found \"x2\""},
		{"zero tables", "nTables = 2;", "nTables = 0;", "tiny.dzn:5: nTables = 0 out of range 1..100000"},
		{"morning > total", "nMorningSlots = 2;", "nMorningSlots = 5;", "tiny.dzn:7: nMorningSlots = 5 out of range 0..4"},
		{"set in scalar array", "[3,3,3,3,0]", "[3,3,3,{3},0]", "tiny.dzn:23: nMeetingsBusiness entry 4: expected an integer"},
		{"unclosed array", "precedences = [{},{},{},{},{4},{}];", "precedences = [{},{},{},{},{4},{}", "tiny.dzn:34: precedences: expected \",\" or \"]\", found end of file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(tiny, tt.old) {
				t.Fatalf("test input: %q not in tiny.dzn", tt.old)
			}
			src := strings.Replace(tiny, tt.old, tt.new, 1)
			_, err := ParseDZN("tiny.dzn", strings.NewReader(src))
			if err == nil {
				t.Fatalf("got no error, want %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %q, want prefix %q", err, tt.want)
			}
		})
	}
}

// benchmarkDir is where the JAIR benchmark lives in the shared checkout;
// CARAVAN_B2B_DIR overrides it. Tests that need it skip when it is absent.
func benchmarkDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("CARAVAN_B2B_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data", "b2b-instances")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("benchmark instances not found: %v", err)
	}
	return dir
}

var dznHeader = regexp.MustCompile(`(?m)^(nBusiness|nMeetings|nTables|nTotalSlots) = (\d+);`)

func TestParseDZNBenchmark(t *testing.T) {
	dir := benchmarkDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.dzn"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(files), 100; got != want {
		t.Errorf("files: got %d, want %d", got, want)
	}
	var fixedSeen, precSeen, forbSeen int
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := ParseDZN(filepath.Base(f), bytes.NewReader(src))
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		head := map[string]string{}
		for _, m := range dznHeader.FindAllStringSubmatch(string(src), -1) {
			head[m[1]] = m[2]
		}
		got := map[string]int{"nBusiness": len(p.Participants), "nMeetings": len(p.Meetings), "nTables": len(p.Tables), "nTotalSlots": len(p.Slots)}
		for k, n := range got {
			if head[k] != strconv.Itoa(n) {
				t.Errorf("%s: %s got %d, want %s", f, k, n, head[k])
			}
		}
		for _, m := range p.Meetings {
			if m.FixedSlot >= 0 {
				fixedSeen++
			}
			precSeen += len(m.After)
		}
		for _, pa := range p.Participants {
			forbSeen += len(pa.Forbidden)
		}
	}
	if fixedSeen == 0 || precSeen == 0 || forbSeen == 0 {
		t.Errorf("fixed %d, precedences %d, forbidden %d: want some of each over the benchmark", fixedSeen, precSeen, forbSeen)
	}
}

var wellFormedError = regexp.MustCompile(`^[^:\n]+:\d+: \S`)

func FuzzParseDZN(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.dzn"))
	for _, name := range files {
		f.Add(readTestdata(f, filepath.Base(name)))
	}
	f.Add([]byte("nBusiness = 1..3;"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := ParseDZN("fuzz.dzn", bytes.NewReader(src))
		if err != nil {
			if !wellFormedError.MatchString(err.Error()) {
				t.Errorf("error %q: want file:line: message", err)
			}
			return
		}
		if p == nil {
			t.Fatal("got nil problem and nil error")
		}
		for m, mt := range p.Meetings {
			for _, i := range mt.Participants {
				if i < 0 || i >= len(p.Participants) {
					t.Errorf("meeting %d: participant %d out of range", m, i)
				}
			}
		}
	})
}
