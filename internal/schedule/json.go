package schedule

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// File is Caravan's own JSON problem format, documented in
// docs/schedule-json.md. ParseJSON reads it into a Problem and WriteJSON
// writes a Problem as one.
type File struct {
	Name string `json:"name,omitempty"`
	// Fairness is d, the most the breaks of two participants may differ;
	// absent means no fairness constraint.
	Fairness     *int              `json:"fairness,omitempty"`
	Sessions     []FileSession     `json:"sessions"`
	Participants []FileParticipant `json:"participants"`
	Tables       []FileTable       `json:"tables,omitempty"`
	// TableCount adds that many unnamed tables after Tables, named by
	// their number.
	TableCount int           `json:"table_count,omitempty"`
	Meetings   []FileMeeting `json:"meetings"`
}

// FileSession is a half-day of consecutive slots: either Start, SlotMinutes
// and Slots (back-to-back slots of equal length), or SlotTimes.
type FileSession struct {
	Name        string      `json:"name"`
	Start       *time.Time  `json:"start,omitempty"`
	SlotMinutes int         `json:"slot_minutes,omitempty"`
	Slots       int         `json:"slots,omitempty"`
	SlotTimes   []TimeRange `json:"slot_times,omitempty"`
}

// TimeRange is the half-open interval [Start, End).
type TimeRange struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// FileParticipant is one participant; Forbidden ranges make every slot that
// overlaps them forbidden.
type FileParticipant struct {
	Name      string      `json:"name"`
	Forbidden []TimeRange `json:"forbidden,omitempty"`
}

// FileTable is a named table, optionally pinned to a participant by name.
type FileTable struct {
	Name   string `json:"name"`
	Pinned string `json:"pinned,omitempty"`
}

// FileMeeting is a meeting of two or more participants by name.
type FileMeeting struct {
	// Name identifies the meeting for After; it defaults to the
	// participants' names joined by " – ".
	Name         string   `json:"name,omitempty"`
	Participants []string `json:"participants"`
	// Weight is the priority (default 1).
	Weight int `json:"weight,omitempty"`
	// Sessions restricts the meeting to these sessions (by name).
	Sessions []string `json:"sessions,omitempty"`
	// FixedStart fixes the meeting to the slot that starts then;
	// FixedTable fixes its table (by name).
	FixedStart *time.Time `json:"fixed_start,omitempty"`
	FixedTable string     `json:"fixed_table,omitempty"`
	// After names meetings that must come in a strictly earlier slot.
	After []string `json:"after,omitempty"`
}

// ParseJSON reads a problem in Caravan's JSON format (see File). name is
// used in error messages, which name the file, the line and what is wrong.
// Session numbers follow the order of sessions; slot labels are the
// session name and the start time.
func ParseJSON(name string, r io.Reader) (*Problem, error) {
	data, err := io.ReadAll(io.LimitReader(r, 1<<30))
	if err != nil {
		return nil, fmt.Errorf("%s: read: %w", name, err)
	}
	jp := &jsonParser{name: name, data: data, offsets: map[string][]int64{}}
	f, err := jp.decode()
	if err != nil {
		return nil, err
	}
	return jp.problem(f)
}

type jsonParser struct {
	name string
	data []byte
	// offsets[key][k] is where entry k of the top-level array key starts.
	offsets map[string][]int64
	topKeys map[string]int64
}

func (jp *jsonParser) line(off int64) int {
	if off > int64(len(jp.data)) {
		off = int64(len(jp.data))
	}
	if off < 0 {
		off = 0
	}
	return 1 + bytes.Count(jp.data[:off], []byte("\n"))
}

func (jp *jsonParser) errorf(off int64, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", jp.name, jp.line(off), fmt.Sprintf(format, args...))
}

// entryAt is the offset of entry k of array key, or of the key itself.
func (jp *jsonParser) entryAt(key string, k int) int64 {
	if offs := jp.offsets[key]; k >= 0 && k < len(offs) {
		return offs[k]
	}
	return jp.topKeys[key]
}

// skipSpace moves off past whitespace and commas to the next value.
func (jp *jsonParser) skipSpace(off int64) int64 {
	for off < int64(len(jp.data)) && strings.IndexByte(" \t\r\n,:", jp.data[off]) >= 0 {
		off++
	}
	return off
}

// decode reads the top-level object key by key, so that each array entry's
// position is known for later messages.
func (jp *jsonParser) decode() (*File, error) {
	dec := json.NewDecoder(bytes.NewReader(jp.data))
	dec.DisallowUnknownFields()
	f := &File{}
	jp.topKeys = map[string]int64{}
	wrap := func(base int64, err error, what string) error {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return jp.errorf(se.Offset, "%s: %v", what, se)
		case errors.As(err, &te):
			field := te.Field
			if field == "" {
				field = "value"
			}
			return jp.errorf(base+te.Offset, "%s: %s: got JSON %s, want %s", what, field, te.Value, te.Type)
		case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
			return jp.errorf(int64(len(jp.data)), "%s: unexpected end of file", what)
		default:
			msg := strings.TrimPrefix(err.Error(), "json: ")
			return jp.errorf(jp.skipSpace(base), "%s: %s", what, msg)
		}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, wrap(0, err, "problem")
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, jp.errorf(0, "expected a JSON object")
	}
	for dec.More() {
		keyOff := jp.skipSpace(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return nil, wrap(keyOff, err, "problem")
		}
		key, _ := tok.(string)
		if _, dup := jp.topKeys[key]; dup {
			return nil, jp.errorf(keyOff, "field %q given twice", key)
		}
		jp.topKeys[key] = keyOff
		var into any
		switch key {
		case "name":
			into = &f.Name
		case "fairness":
			into = &f.Fairness
		case "table_count":
			into = &f.TableCount
		case "sessions", "participants", "tables", "meetings":
		default:
			return nil, jp.errorf(keyOff, "unknown field %q", key)
		}
		if into != nil {
			base := dec.InputOffset()
			if err := dec.Decode(into); err != nil {
				return nil, wrap(base, err, key)
			}
			continue
		}
		base := dec.InputOffset()
		tok, err = dec.Token()
		if err != nil {
			return nil, wrap(base, err, key)
		}
		if tok == nil {
			continue // null: an empty list
		}
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			return nil, jp.errorf(jp.skipSpace(base), "%s: expected a list", key)
		}
		for k := 0; dec.More(); k++ {
			base := dec.InputOffset()
			jp.offsets[key] = append(jp.offsets[key], jp.skipSpace(base))
			what := fmt.Sprintf("%s entry %d", key, k+1)
			var err error
			switch key {
			case "sessions":
				var v FileSession
				err = dec.Decode(&v)
				f.Sessions = append(f.Sessions, v)
			case "participants":
				var v FileParticipant
				err = dec.Decode(&v)
				f.Participants = append(f.Participants, v)
			case "tables":
				var v FileTable
				err = dec.Decode(&v)
				f.Tables = append(f.Tables, v)
			case "meetings":
				var v FileMeeting
				err = dec.Decode(&v)
				f.Meetings = append(f.Meetings, v)
			}
			if err != nil {
				return nil, wrap(base, err, what)
			}
		}
		if _, err := dec.Token(); err != nil {
			return nil, wrap(dec.InputOffset(), err, key)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, wrap(dec.InputOffset(), err, "problem")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, jp.errorf(jp.skipSpace(dec.InputOffset()), "data after the problem object")
	}
	return f, nil
}

// maxJSONSlots bounds the slots a file may describe.
const maxJSONSlots = 10_000

// problem turns a decoded file into a Problem, checking names and times.
func (jp *jsonParser) problem(f *File) (*Problem, error) {
	p := &Problem{Name: f.Name, Fairness: -1}
	if p.Name == "" {
		p.Name = jp.name
	}
	if f.Fairness != nil {
		if *f.Fairness < 0 {
			return nil, jp.errorf(jp.topKeys["fairness"], "fairness %d: want 0 or more (leave it out for none)", *f.Fairness)
		}
		p.Fairness = *f.Fairness
	}
	if len(f.Sessions) == 0 {
		return nil, jp.errorf(jp.topKeys["sessions"], "no sessions")
	}
	sessionIdx := map[string]int{}
	var sessionSlots [][]int
	for k, s := range f.Sessions {
		at := jp.entryAt("sessions", k)
		what := fmt.Sprintf("sessions entry %d", k+1)
		if strings.TrimSpace(s.Name) == "" {
			return nil, jp.errorf(at, "%s: no name", what)
		}
		if _, dup := sessionIdx[s.Name]; dup {
			return nil, jp.errorf(at, "%s: session name %q used twice", what, s.Name)
		}
		sessionIdx[s.Name] = k
		var times []TimeRange
		switch {
		case len(s.SlotTimes) > 0:
			if s.Start != nil || s.Slots != 0 || s.SlotMinutes != 0 {
				return nil, jp.errorf(at, "%s %q: give slot_times or start, slot_minutes and slots, not both", what, s.Name)
			}
			times = s.SlotTimes
		case s.Start != nil:
			if s.SlotMinutes <= 0 || s.SlotMinutes > 24*60 {
				return nil, jp.errorf(at, "%s %q: slot_minutes %d, want 1..1440", what, s.Name, s.SlotMinutes)
			}
			if s.Slots <= 0 || s.Slots > maxJSONSlots {
				return nil, jp.errorf(at, "%s %q: slots %d, want 1..%d", what, s.Name, s.Slots, maxJSONSlots)
			}
			d := time.Duration(s.SlotMinutes) * time.Minute
			for i := 0; i < s.Slots; i++ {
				st := s.Start.Add(time.Duration(i) * d)
				times = append(times, TimeRange{st, st.Add(d)})
			}
		default:
			return nil, jp.errorf(at, "%s %q: no slots (give start, slot_minutes and slots, or slot_times)", what, s.Name)
		}
		if len(p.Slots)+len(times) > maxJSONSlots {
			return nil, jp.errorf(at, "%s %q: more than %d slots in all", what, s.Name, maxJSONSlots)
		}
		var idx []int
		for i, tr := range times {
			if !tr.End.After(tr.Start) {
				return nil, jp.errorf(at, "%s %q: slot %d ends before it starts", what, s.Name, i+1)
			}
			if n := len(p.Slots); n > 0 && tr.Start.Before(p.Slots[n-1].End) {
				return nil, jp.errorf(at, "%s %q: slot %d starts %s, before the previous slot ends", what, s.Name, i+1, tr.Start.Format(time.RFC3339))
			}
			idx = append(idx, len(p.Slots))
			p.Slots = append(p.Slots, Slot{
				Session: k, Start: tr.Start, End: tr.End,
				Label: s.Name + " " + tr.Start.Format("15:04"),
			})
		}
		sessionSlots = append(sessionSlots, idx)
	}

	partIdx := map[string]int{}
	for k, fp := range f.Participants {
		at := jp.entryAt("participants", k)
		what := fmt.Sprintf("participants entry %d", k+1)
		if strings.TrimSpace(fp.Name) == "" {
			return nil, jp.errorf(at, "%s: no name", what)
		}
		if _, dup := partIdx[fp.Name]; dup {
			return nil, jp.errorf(at, "%s: participant name %q used twice", what, fp.Name)
		}
		partIdx[fp.Name] = k
		pa := Participant{Name: fp.Name}
		for i, tr := range fp.Forbidden {
			if !tr.End.After(tr.Start) {
				return nil, jp.errorf(at, "%s %q: forbidden range %d ends before it starts", what, fp.Name, i+1)
			}
			// Slots are in time order and do not overlap: start at the
			// first that ends after the range starts.
			first := sort.Search(len(p.Slots), func(s int) bool { return p.Slots[s].End.After(tr.Start) })
			for s := first; s < len(p.Slots) && p.Slots[s].Start.Before(tr.End); s++ {
				pa.Forbidden = append(pa.Forbidden, s)
			}
		}
		pa.Forbidden = sortedUnique(pa.Forbidden)
		p.Participants = append(p.Participants, pa)
	}
	if len(p.Participants) == 0 {
		return nil, jp.errorf(jp.topKeys["participants"], "no participants")
	}

	tableIdx := map[string]int{}
	for k, ft := range f.Tables {
		at := jp.entryAt("tables", k)
		what := fmt.Sprintf("tables entry %d", k+1)
		if strings.TrimSpace(ft.Name) == "" {
			return nil, jp.errorf(at, "%s: no name", what)
		}
		if _, dup := tableIdx[ft.Name]; dup {
			return nil, jp.errorf(at, "%s: table name %q used twice", what, ft.Name)
		}
		tableIdx[ft.Name] = k
		t := Table{Name: ft.Name, Pinned: -1}
		if ft.Pinned != "" {
			i, ok := partIdx[ft.Pinned]
			if !ok {
				return nil, jp.errorf(at, "%s %q: pinned to unknown participant %q", what, ft.Name, ft.Pinned)
			}
			t.Pinned = i
		}
		p.Tables = append(p.Tables, t)
	}
	if f.TableCount < 0 || f.TableCount > 1_000_000 {
		return nil, jp.errorf(jp.topKeys["table_count"], "table_count %d, want 0..1000000", f.TableCount)
	}
	for k := 0; k < f.TableCount; k++ {
		name := fmt.Sprint(len(p.Tables) + 1)
		if _, dup := tableIdx[name]; dup {
			return nil, jp.errorf(jp.topKeys["table_count"], "table_count: table name %q is already used", name)
		}
		tableIdx[name] = len(p.Tables)
		p.Tables = append(p.Tables, Table{Name: name, Pinned: -1})
	}
	if len(p.Tables) == 0 {
		return nil, jp.errorf(jp.topKeys["tables"], "no tables (give tables or table_count)")
	}

	slotAt := map[int64]int{}
	for s, sl := range p.Slots {
		slotAt[sl.Start.UnixNano()] = s
	}
	meetIdx := map[string]int{}
	for k, fm := range f.Meetings {
		at := jp.entryAt("meetings", k)
		what := fmt.Sprintf("meetings entry %d", k+1)
		m := Meeting{Name: fm.Name, Weight: fm.Weight, FixedSlot: -1, FixedTable: -1}
		if len(fm.Participants) < 2 {
			return nil, jp.errorf(at, "%s: %d participants, want two or more", what, len(fm.Participants))
		}
		for _, n := range fm.Participants {
			i, ok := partIdx[n]
			if !ok {
				return nil, jp.errorf(at, "%s: unknown participant %q", what, n)
			}
			if inList(m.Participants, i) {
				return nil, jp.errorf(at, "%s: participant %q listed twice", what, n)
			}
			m.Participants = append(m.Participants, i)
		}
		if m.Name == "" {
			m.Name = strings.Join(fm.Participants, " – ")
		}
		if _, dup := meetIdx[m.Name]; dup {
			// Unnamed repeats of a pair stay legal; only a name used by
			// After must be unique, which is checked below.
			meetIdx[m.Name] = -1
		} else {
			meetIdx[m.Name] = k
		}
		if m.Weight == 0 {
			m.Weight = 1
		}
		if m.Weight < 0 {
			return nil, jp.errorf(at, "%s %q: weight %d, want 1 or more", what, m.Name, m.Weight)
		}
		if len(fm.Sessions) > 0 {
			m.Allowed = []int{}
			for _, sn := range fm.Sessions {
				si, ok := sessionIdx[sn]
				if !ok {
					return nil, jp.errorf(at, "%s %q: unknown session %q", what, m.Name, sn)
				}
				m.Allowed = append(m.Allowed, sessionSlots[si]...)
			}
			m.Allowed = sortedUnique(m.Allowed)
		}
		if fm.FixedStart != nil {
			s, ok := slotAt[fm.FixedStart.UnixNano()]
			if !ok {
				return nil, jp.errorf(at, "%s %q: fixed_start %s is the start of no slot", what, m.Name, fm.FixedStart.Format(time.RFC3339))
			}
			m.FixedSlot = s
		}
		if fm.FixedTable != "" {
			l, ok := tableIdx[fm.FixedTable]
			if !ok {
				return nil, jp.errorf(at, "%s %q: unknown fixed_table %q", what, m.Name, fm.FixedTable)
			}
			m.FixedTable = l
		}
		p.Meetings = append(p.Meetings, m)
	}
	for k, fm := range f.Meetings {
		at := jp.entryAt("meetings", k)
		for _, an := range fm.After {
			j, ok := meetIdx[an]
			switch {
			case !ok:
				return nil, jp.errorf(at, "meetings entry %d %q: after unknown meeting %q", k+1, p.Meetings[k].Name, an)
			case j < 0:
				return nil, jp.errorf(at, "meetings entry %d %q: after %q, a name several meetings share", k+1, p.Meetings[k].Name, an)
			case j == k:
				return nil, jp.errorf(at, "meetings entry %d %q: after itself", k+1, p.Meetings[k].Name)
			}
			if !inList(p.Meetings[k].After, j) {
				p.Meetings[k].After = append(p.Meetings[k].After, j)
			}
		}
	}
	return p, nil
}

// WriteJSON writes p in Caravan's JSON format, indented. Slots must have
// real times. Sessions are named by their first slot's date and half-day
// ("Mon 13 Nov morning"); a session of back-to-back slots of equal length is
// written compactly. A meeting's Allowed slots must be whole sessions.
func WriteJSON(w io.Writer, p *Problem) error {
	f, err := FileOf(p)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(f)
}

// FileOf converts p to the JSON format's File (see WriteJSON).
func FileOf(p *Problem) (*File, error) {
	f := &File{Name: p.Name}
	if p.Fairness >= 0 {
		d := p.Fairness
		f.Fairness = &d
	}
	// Group slots into sessions.
	var sessSlots [][]int
	for s, sl := range p.Slots {
		if sl.Start.IsZero() || !sl.End.After(sl.Start) {
			return nil, fmt.Errorf("write %s: slot %d has no real time", p.Name, s+1)
		}
		if s == 0 || sl.Session != p.Slots[s-1].Session {
			sessSlots = append(sessSlots, nil)
		}
		k := len(sessSlots) - 1
		sessSlots[k] = append(sessSlots[k], s)
	}
	used := map[string]int{}
	for _, idx := range sessSlots {
		first := p.Slots[idx[0]]
		half := "morning"
		if first.Start.Hour() >= 12 {
			half = "afternoon"
		}
		name := first.Start.Format("Mon 2 Jan") + " " + half
		if used[name]++; used[name] > 1 {
			name = fmt.Sprintf("%s %d", name, used[name])
		}
		fs := FileSession{Name: name}
		d := first.End.Sub(first.Start)
		regular := d%time.Minute == 0
		for i, s := range idx {
			sl := p.Slots[s]
			if sl.End.Sub(sl.Start) != d || !sl.Start.Equal(first.Start.Add(time.Duration(i)*d)) {
				regular = false
			}
		}
		if regular {
			st := first.Start
			fs.Start, fs.SlotMinutes, fs.Slots = &st, int(d/time.Minute), len(idx)
		} else {
			for _, s := range idx {
				fs.SlotTimes = append(fs.SlotTimes, TimeRange{p.Slots[s].Start, p.Slots[s].End})
			}
		}
		f.Sessions = append(f.Sessions, fs)
	}
	names := map[string]bool{}
	for i, pa := range p.Participants {
		if pa.Name == "" || names[pa.Name] {
			return nil, fmt.Errorf("write %s: participant %d: name %q empty or used twice", p.Name, i+1, pa.Name)
		}
		names[pa.Name] = true
		fp := FileParticipant{Name: pa.Name}
		forb := append([]int(nil), pa.Forbidden...)
		sort.Ints(forb)
		for k, s := range forb {
			if s < 0 || s >= len(p.Slots) {
				return nil, fmt.Errorf("write %s: participant %q: forbidden slot %d out of range", p.Name, pa.Name, s+1)
			}
			sl := p.Slots[s]
			if n := len(fp.Forbidden); k > 0 && forb[k-1] == s-1 && fp.Forbidden[n-1].End.Equal(sl.Start) {
				fp.Forbidden[n-1].End = sl.End
				continue
			}
			fp.Forbidden = append(fp.Forbidden, TimeRange{sl.Start, sl.End})
		}
		f.Participants = append(f.Participants, fp)
	}
	tnames := map[string]bool{}
	for l, t := range p.Tables {
		if t.Name == "" || tnames[t.Name] {
			return nil, fmt.Errorf("write %s: table %d: name %q empty or used twice", p.Name, l+1, t.Name)
		}
		tnames[t.Name] = true
		ft := FileTable{Name: t.Name}
		if t.Pinned >= 0 {
			if t.Pinned >= len(p.Participants) {
				return nil, fmt.Errorf("write %s: table %q: pinned participant %d out of range", p.Name, t.Name, t.Pinned+1)
			}
			ft.Pinned = p.Participants[t.Pinned].Name
		}
		f.Tables = append(f.Tables, ft)
	}
	// Meeting names must be unique where After refers to them.
	mcount := map[string]int{}
	for _, m := range p.Meetings {
		mcount[m.Name]++
	}
	mname := func(m int) string {
		if n := p.Meetings[m].Name; n != "" && mcount[n] == 1 {
			return n
		}
		return fmt.Sprintf("meeting %d", m+1)
	}
	for m, mt := range p.Meetings {
		fm := FileMeeting{Weight: mt.Weight}
		if fm.Weight == 1 {
			fm.Weight = 0
		}
		for _, i := range mt.Participants {
			if i < 0 || i >= len(p.Participants) {
				return nil, fmt.Errorf("write %s: meeting %d: participant %d out of range", p.Name, m+1, i+1)
			}
			fm.Participants = append(fm.Participants, p.Participants[i].Name)
		}
		if n := mname(m); n != strings.Join(fm.Participants, " – ") || mcount[n] > 1 {
			fm.Name = n
		}
		if mt.Allowed != nil {
			in := map[int]bool{}
			for _, s := range mt.Allowed {
				if s < 0 || s >= len(p.Slots) {
					return nil, fmt.Errorf("write %s: meeting %d: allowed slot %d out of range", p.Name, m+1, s+1)
				}
				in[s] = true
			}
			for k, idx := range sessSlots {
				n := 0
				for _, s := range idx {
					if in[s] {
						n++
					}
				}
				switch n {
				case 0:
				case len(idx):
					fm.Sessions = append(fm.Sessions, f.Sessions[k].Name)
				default:
					return nil, fmt.Errorf("write %s: meeting %d: allowed slots cover part of session %q", p.Name, m+1, f.Sessions[k].Name)
				}
			}
			if len(fm.Sessions) == 0 {
				return nil, fmt.Errorf("write %s: meeting %d: no allowed slot", p.Name, m+1)
			}
		}
		if mt.FixedSlot >= 0 && mt.FixedSlot < len(p.Slots) {
			st := p.Slots[mt.FixedSlot].Start
			fm.FixedStart = &st
		}
		if mt.FixedTable >= 0 && mt.FixedTable < len(p.Tables) {
			fm.FixedTable = p.Tables[mt.FixedTable].Name
		}
		for _, j := range mt.After {
			if j < 0 || j >= len(p.Meetings) {
				return nil, fmt.Errorf("write %s: meeting %d: after meeting %d out of range", p.Name, m+1, j+1)
			}
			fm.After = append(fm.After, mname(j))
		}
		f.Meetings = append(f.Meetings, fm)
	}
	return f, nil
}

// sortedUnique sorts xs and drops repeats, in place.
func sortedUnique(xs []int) []int {
	sort.Ints(xs)
	out := xs[:0]
	for k, x := range xs {
		if k == 0 || x != xs[k-1] {
			out = append(out, x)
		}
	}
	return out
}
