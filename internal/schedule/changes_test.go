package schedule

import (
	"reflect"
	"testing"
)

func TestApplyChanges(t *testing.T) {
	p := verifyProblem()
	add := Meeting{Name: "D-E", Participants: []int{3, 4}, Weight: 2, FixedSlot: -1, FixedTable: -1, After: []int{5}}
	q, from, err := ApplyChanges(p, Changes{Cancel: []int{0, 2}, Add: []Meeting{add}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 3, 4, 5, -1}; !reflect.DeepEqual(from, want) {
		t.Errorf("from: got %v, want %v", from, want)
	}
	var names []string
	for _, m := range q.Meetings {
		names = append(names, m.Name)
	}
	if want := []string{"A-C", "C-D", "A-B again", "B-C later", "D-E"}; !reflect.DeepEqual(names, want) {
		t.Errorf("meetings: got %v, want %v", names, want)
	}
	// B-C later came after A-B, which is cancelled; D-E comes after B-C
	// later, now meeting 4.
	if got := q.Meetings[3].After; len(got) != 0 {
		t.Errorf("B-C later after: got %v, want none", got)
	}
	if got, want := q.Meetings[4].After, []int{3}; !reflect.DeepEqual(got, want) {
		t.Errorf("D-E after: got %v, want %v", got, want)
	}
	if got := len(p.Meetings); got != 6 {
		t.Errorf("the old problem changed: %d meetings, want 6", got)
	}
	if _, _, err := ApplyChanges(p, Changes{Cancel: []int{6}}); err == nil {
		t.Error("cancel out of range: got no error")
	}
	if _, _, err := ApplyChanges(p, Changes{Add: []Meeting{{Participants: []int{0}}}}); err == nil {
		t.Error("added meeting of one: got no error")
	}
}
