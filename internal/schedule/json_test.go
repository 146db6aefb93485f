package schedule

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseJSONMission(t *testing.T) {
	p, err := ParseJSON("mission.json", bytes.NewReader(readTestdata(t, "mission.json")))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Name, "Basque mission, B2B day"; got != want {
		t.Errorf("name: got %q, want %q", got, want)
	}
	if got, want := p.Fairness, 1; got != want {
		t.Errorf("fairness: got %d, want %d", got, want)
	}
	var sessions []int
	for _, s := range p.Slots {
		sessions = append(sessions, s.Session)
	}
	if want := []int{0, 0, 0, 0, 1, 1, 1}; !reflect.DeepEqual(sessions, want) {
		t.Errorf("slot sessions: got %v, want %v", sessions, want)
	}
	if got, want := p.Slots[1].Label, "Mon morning 09:20"; got != want {
		t.Errorf("slot 2 label: got %q, want %q", got, want)
	}
	if got, want := p.Slots[1].End.Sub(p.Slots[1].Start).Minutes(), 20.0; got != want {
		t.Errorf("slot 2 length: got %v min, want %v", got, want)
	}
	// 08:00–09:30 overlaps the slots at 09:00 and 09:20.
	if got, want := p.Participants[1].Forbidden, []int{0, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("forbidden: got %v, want %v", got, want)
	}
	wantTables := []Table{{Name: "Booth GAIA", Pinned: 0}, {Name: "Table A", Pinned: -1}, {Name: "3", Pinned: -1}}
	if !reflect.DeepEqual(p.Tables, wantTables) {
		t.Errorf("tables: got %+v, want %+v", p.Tables, wantTables)
	}
	want := []Meeting{
		{Name: "GAIA – Cluster Digital Lisboa", Participants: []int{0, 1}, Weight: 3, FixedSlot: -1, FixedTable: -1},
		{Name: "GAIA – Tecnalia – Smart Grid SME", Participants: []int{0, 2, 3}, Weight: 1, Allowed: []int{4, 5, 6}, FixedSlot: -1, FixedTable: -1},
		{Name: "intro", Participants: []int{2, 4}, Weight: 1, FixedSlot: 1, FixedTable: 1},
		{Name: "follow-up", Participants: []int{2, 4}, Weight: 1, FixedSlot: -1, FixedTable: -1, After: []int{2}},
		{Name: "Cluster Digital Lisboa – Smart Grid SME", Participants: []int{1, 3}, Weight: 1, FixedSlot: -1, FixedTable: -1},
	}
	if !reflect.DeepEqual(p.Meetings, want) {
		t.Errorf("meetings:\ngot  %+v\nwant %+v", p.Meetings, want)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	p, err := ParseJSON("mission.json", bytes.NewReader(readTestdata(t, "mission.json")))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, p); err != nil {
		t.Fatal(err)
	}
	q, err := ParseJSON("written.json", &buf)
	if err != nil {
		t.Fatalf("parse written file: %v\n%s", err, buf.String())
	}
	if !reflect.DeepEqual(q.Meetings, p.Meetings) {
		t.Errorf("meetings: got %+v, want %+v", q.Meetings, p.Meetings)
	}
	if !reflect.DeepEqual(q.Participants, p.Participants) || !reflect.DeepEqual(q.Tables, p.Tables) || q.Fairness != p.Fairness {
		t.Errorf("participants, tables or fairness changed:\ngot  %+v %+v %d\nwant %+v %+v %d", q.Participants, q.Tables, q.Fairness, p.Participants, p.Tables, p.Fairness)
	}
	if len(q.Slots) != len(p.Slots) {
		t.Fatalf("slots: got %d, want %d", len(q.Slots), len(p.Slots))
	}
	for s := range p.Slots {
		a, b := q.Slots[s], p.Slots[s]
		if a.Session != b.Session || !a.Start.Equal(b.Start) || !a.End.Equal(b.End) {
			t.Errorf("slot %d: got %+v, want %+v", s+1, a, b)
		}
	}
}

func TestWriteJSONNeedsTimes(t *testing.T) {
	p, err := ParseDZN("tiny.dzn", bytes.NewReader(readTestdata(t, "tiny.dzn")))
	if err != nil {
		t.Fatal(err)
	}
	err = WriteJSON(&bytes.Buffer{}, p)
	if err == nil || !strings.Contains(err.Error(), "slot 1 has no real time") {
		t.Errorf("got %v, want an error about slot times", err)
	}
}

func TestParseJSONErrors(t *testing.T) {
	src := string(readTestdata(t, "mission.json"))
	tests := []struct {
		name, old, new, want string
	}{
		{"unknown participant", `["Cluster Digital Lisboa", "Smart Grid SME"]`, `["Cluster Digital Lisboa", "Nobody"]`, `mission.json:31: meetings entry 5: unknown participant "Nobody"`},
		{"one participant", `["Cluster Digital Lisboa", "Smart Grid SME"]`, `["Smart Grid SME"]`, `mission.json:31: meetings entry 5: 1 participants, want two or more`},
		{"unknown session", `"sessions": ["Mon afternoon"]`, `"sessions": ["Tue"]`, `mission.json:28: meetings entry 2 "GAIA – Tecnalia – Smart Grid SME": unknown session "Tue"`},
		{"fixed start not a slot", `"fixed_start": "2023-11-13T09:20:00+01:00"`, `"fixed_start": "2023-11-13T09:25:00+01:00"`, `mission.json:29: meetings entry 3 "intro": fixed_start 2023-11-13T09:25:00+01:00 is the start of no slot`},
		{"unknown table", `"fixed_table": "Table A"`, `"fixed_table": "Table Z"`, `mission.json:29: meetings entry 3 "intro": unknown fixed_table "Table Z"`},
		{"after unknown", `"after": ["intro"]`, `"after": ["outro"]`, `mission.json:30: meetings entry 4 "follow-up": after unknown meeting "outro"`},
		{"pinned unknown", `"pinned": "GAIA"`, `"pinned": "GAIA SA"`, `mission.json:22: tables entry 1 "Booth GAIA": pinned to unknown participant "GAIA SA"`},
		{"duplicate participant", `{"name": "Robotics SME"}`, `{"name": "Tecnalia"}`, `mission.json:19: participants entry 5: participant name "Tecnalia" used twice`},
		{"unknown field", `"weight": 3`, `"weigth": 3`, `mission.json:27: meetings entry 1: unknown field "weigth"`},
		{"wrong type", `"weight": 3`, `"weight": "high"`, `mission.json:27: meetings entry 1: weight: got JSON string, want int`},
		{"bad time", `"start": "2023-11-13T09:00:00+01:00", "slot_minutes"`, `"start": "9am", "slot_minutes"`, `mission.json:5: sessions entry 1:`},
		{"syntax", `"slot_minutes": 20, "slots": 4}`, `"slot_minutes": 20 "slots": 4}`, `mission.json:5: sessions entry 1: invalid character`},
		{"no slots", `"slot_minutes": 20, "slots": 4}`, `"slot_minutes": 20}`, `mission.json:5: sessions entry 1 "Mon morning": slots 0, want 1..10000`},
		{"overlapping slots", `"2023-11-13T15:30:00+01:00", "end": "2023-11-13T16:00:00+01:00"`, `"2023-11-13T15:20:00+01:00", "end": "2023-11-13T16:00:00+01:00"`, `mission.json:6: sessions entry 2 "Mon afternoon": slot 2 starts 2023-11-13T15:20:00+01:00, before the previous slot ends`},
		{"negative fairness", `"fairness": 1`, `"fairness": -1`, `mission.json:3: fairness -1: want 0 or more`},
		{"unknown top field", `"fairness": 1`, `"fairness": 1, "venue": "BEC"`, `mission.json:3: unknown field "venue"`},
		{"truncated", "\n}\n", "", `mission.json:32: problem: unexpected end of file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(src, tt.old) {
				t.Fatalf("test input: %q not in mission.json", tt.old)
			}
			_, err := ParseJSON("mission.json", strings.NewReader(strings.Replace(src, tt.old, tt.new, 1)))
			if err == nil {
				t.Fatalf("got no error, want %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %q, want prefix %q", err, tt.want)
			}
		})
	}
}

func FuzzParseJSON(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		f.Add(readTestdata(f, filepath.Base(name)))
	}
	f.Add([]byte(`{"sessions": null}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := ParseJSON("fuzz.json", bytes.NewReader(src))
		if err != nil {
			if !wellFormedError.MatchString(err.Error()) {
				t.Errorf("error %q: want file:line: message", err)
			}
			return
		}
		for m, mt := range p.Meetings {
			for _, i := range mt.Participants {
				if i < 0 || i >= len(p.Participants) {
					t.Errorf("meeting %d: participant %d out of range", m, i)
				}
			}
			for _, s := range mt.Allowed {
				if s < 0 || s >= len(p.Slots) {
					t.Errorf("meeting %d: allowed slot %d out of range", m, s)
				}
			}
		}
	})
}
