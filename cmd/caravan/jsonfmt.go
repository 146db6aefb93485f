package main

import (
	"bytes"
	"encoding/json"
)

// marshalReport encodes v as JSON for people and programs alike: the
// top-level fields one per line, a list of objects one object per line,
// everything deeper compact.
func marshalReport(v any) ([]byte, error) {
	src, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	var expanded []bool // per open container: one element per line?
	inString, escaped := false, false
	indent := func(n int) {
		out.WriteByte('\n')
		for ; n > 0; n-- {
			out.WriteString("  ")
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if inString {
			out.WriteByte(c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			out.WriteByte(c)
		case '{', '[':
			out.WriteByte(c)
			depth := len(expanded)
			empty := i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']')
			exp := !empty && (depth == 0 || depth == 1 && i+1 < len(src) && (src[i+1] == '{' || src[i+1] == '['))
			expanded = append(expanded, exp)
			if exp {
				indent(depth + 1)
			}
		case '}', ']':
			if expanded[len(expanded)-1] {
				indent(len(expanded) - 1)
			}
			expanded = expanded[:len(expanded)-1]
			out.WriteByte(c)
		case ',':
			out.WriteByte(c)
			if expanded[len(expanded)-1] {
				indent(len(expanded))
			} else if len(expanded) > 1 {
				out.WriteByte(' ')
			}
		case ':':
			out.WriteString(": ")
		default:
			out.WriteByte(c)
		}
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
