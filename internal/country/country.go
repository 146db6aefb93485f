// Package country holds ISO 3166-1 country data: codes and English names.
// It is a leaf of data that the engines (grant, eligibility) and the domain
// may import; it imports nothing of Caravan's.
package country

// Known reports whether code is an ISO 3166-1 alpha-2 code (or XK, Kosovo).
func Known(code string) bool {
	_, ok := names[code]
	return ok
}

// Name returns the English short name of an ISO 3166-1 alpha-2 code, or the
// code itself when unknown.
func Name(code string) string {
	if n, ok := names[code]; ok {
		return n
	}
	return code
}

// Each calls fn with every known code, its short name and its official name
// ("" when it is the short name), in no particular order.
func Each(fn func(code, name, official string)) {
	for code, n := range names {
		fn(code, n, officialNames[code])
	}
}
