package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// openAPI is the parts of the OpenAPI document that the tests read.
type openAPI struct {
	OpenAPI    string                                `json:"openapi"`
	Servers    []struct{ URL string }                `json:"servers"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas   map[string]any `json:"schemas"`
		Responses map[string]any `json:"responses"`
	} `json:"components"`
}

// httpMethods are the keys of a path item that are operations.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func loadOpenAPI(t *testing.T) *openAPI {
	t.Helper()
	var doc openAPI
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	return &doc
}

// operations returns "METHOD /api/v1/path" for every operation of the
// document.
func (doc *openAPI) operations() []string {
	var out []string
	for path, item := range doc.Paths {
		for key := range item {
			if slices.Contains(httpMethods, key) {
				out = append(out, strings.ToUpper(key)+" "+doc.Servers[0].URL+path)
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestOpenAPIDocument checks that openapi.json is an OpenAPI 3.1 document
// whose every $ref resolves and whose every operation has an id and
// responses.
func TestOpenAPIDocument(t *testing.T) {
	doc := loadOpenAPI(t)
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("got openapi %q, want 3.1.x", doc.OpenAPI)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/api/v1" {
		t.Fatalf("got servers %+v, want one: /api/v1", doc.Servers)
	}
	var raw map[string]any
	if err := json.Unmarshal(openAPIDocument, &raw); err != nil {
		t.Fatal(err)
	}
	refs := 0
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				refs++
				if _, err := resolveRef(raw, ref); err != nil {
					t.Errorf("$ref %q: %v", ref, err)
				}
			}
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(raw)
	if refs < 20 {
		t.Errorf("got %d $refs, want the schemas shared through components", refs)
	}
	ids := map[string]bool{}
	for path, item := range doc.Paths {
		for method, op := range item {
			if !slices.Contains(httpMethods, method) {
				continue
			}
			var o struct {
				OperationID string         `json:"operationId"`
				Responses   map[string]any `json:"responses"`
			}
			if err := json.Unmarshal(op, &o); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			if o.OperationID == "" || ids[o.OperationID] {
				t.Errorf("%s %s: got operationId %q, want a unique one", method, path, o.OperationID)
			}
			ids[o.OperationID] = true
			if len(o.Responses) == 0 {
				t.Errorf("%s %s has no responses", method, path)
			}
		}
	}
	w := do(t, "GET", "/api/v1/openapi.json", nil)
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") || w.Body.String() != string(openAPIDocument) {
		t.Errorf("GET /api/v1/openapi.json: got %d %q, want 200 application/json with the document", w.Code, w.Header().Get("Content-Type"))
	}
}

// TestOpenAPIRoutes checks that every route under /api/v1 of routes.go is
// in the document with its method, and every operation of the document is
// routed.
func TestOpenAPIRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	var routed []string
	for _, r := range registeredRoutes(t) {
		method, path, ok := strings.Cut(r, " ")
		if ok && strings.HasPrefix(path, "/api/v1/") {
			routed = append(routed, method+" "+path)
		}
	}
	sort.Strings(routed)
	documented := doc.operations()
	for _, r := range routed {
		if !slices.Contains(documented, r) {
			t.Errorf("route %q is not in openapi.json", r)
		}
	}
	for _, op := range documented {
		if !slices.Contains(routed, op) {
			t.Errorf("openapi.json has %q, which routes.go does not register", op)
		}
	}
	if len(routed) < 12 {
		t.Errorf("found only %d API routes: %v", len(routed), routed)
	}
}

// resolveRef returns the part of the document that a local $ref names.
func resolveRef(root map[string]any, ref string) (any, error) {
	path, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, fmt.Errorf("not a local reference")
	}
	var cur any = root
	for _, part := range strings.Split(path, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%q is not an object", part)
		}
		if cur, ok = m[part]; !ok {
			return nil, fmt.Errorf("no %q", part)
		}
	}
	return cur, nil
}

// schemaChecker validates JSON values against the document's schemas: the
// subset of JSON Schema that openapi.json uses (type, properties, required,
// additionalProperties false, items, enum, anyOf, minimum, maximum,
// maxLength, pattern, formats date and date-time, $ref).
type schemaChecker struct {
	root map[string]any
}

func newSchemaChecker(t *testing.T) *schemaChecker {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(openAPIDocument, &root); err != nil {
		t.Fatal(err)
	}
	return &schemaChecker{root: root}
}

// check returns the first way v breaks schema, at path, or nil.
func (c *schemaChecker) check(schema map[string]any, v any, path string) error {
	if ref, ok := schema["$ref"].(string); ok {
		target, err := resolveRef(c.root, ref)
		if err != nil {
			return err
		}
		return c.check(target.(map[string]any), v, path)
	}
	if anyOf, ok := schema["anyOf"].([]any); ok {
		var errs []string
		for _, s := range anyOf {
			err := c.check(s.(map[string]any), v, path)
			if err == nil {
				return nil
			}
			errs = append(errs, err.Error())
		}
		return fmt.Errorf("%s: matches none of anyOf: %s", path, strings.Join(errs, "; "))
	}
	if typ, ok := schema["type"].(string); ok {
		if got := jsonType(v); got != typ && !(typ == "number" && got == "integer") {
			return fmt.Errorf("%s: got %s, want %s", path, got, typ)
		}
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return e == v }) {
		return fmt.Errorf("%s: got %v, want one of %v", path, v, enum)
	}
	switch v := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		if req, ok := schema["required"].([]any); ok {
			for _, name := range req {
				if _, ok := v[name.(string)]; !ok {
					return fmt.Errorf("%s: lacks required %q", path, name)
				}
			}
		}
		for name, value := range v {
			ps, ok := props[name].(map[string]any)
			if !ok {
				if schema["additionalProperties"] == false {
					return fmt.Errorf("%s: has %q, which the schema does not list", path, name)
				}
				continue
			}
			if err := c.check(ps, value, path+"."+name); err != nil {
				return err
			}
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, e := range v {
				if err := c.check(items, e, fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
		}
	case float64:
		if min, ok := schema["minimum"].(float64); ok && v < min {
			return fmt.Errorf("%s: got %v, want at least %v", path, v, min)
		}
		if max, ok := schema["maximum"].(float64); ok && v > max {
			return fmt.Errorf("%s: got %v, want at most %v", path, v, max)
		}
	case string:
		if max, ok := schema["maxLength"].(float64); ok && utf8.RuneCountInString(v) > int(max) {
			return fmt.Errorf("%s: longer than %v", path, max)
		}
		if p, ok := schema["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(v) {
			return fmt.Errorf("%s: %q does not match %s", path, v, p)
		}
		switch schema["format"] {
		case "date":
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				return fmt.Errorf("%s: %q is not a date", path, v)
			}
		case "date-time":
			if _, err := time.Parse(time.RFC3339, v); err != nil {
				return fmt.Errorf("%s: %q is not an RFC 3339 time", path, v)
			}
		}
	}
	return nil
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// responseSchema returns the schema that the document gives the answer of
// status to method on a concrete path (/api/v1/missions/12), or nil when
// it documents no JSON body there; it fails the test when the document
// does not list the status.
func (c *schemaChecker) responseSchema(t *testing.T, method, path string, status int) map[string]any {
	t.Helper()
	rel := strings.TrimPrefix(path, "/api/v1")
	if i := strings.IndexByte(rel, '?'); i >= 0 {
		rel = rel[:i]
	}
	paths := c.root["paths"].(map[string]any)
	for template, item := range paths {
		re := "^" + regexp.MustCompile(`\\\{[a-z_]+\\\}`).ReplaceAllString(regexp.QuoteMeta(template), "[^/]+") + "$"
		if !regexp.MustCompile(re).MatchString(rel) {
			continue
		}
		op, ok := item.(map[string]any)[strings.ToLower(method)].(map[string]any)
		if !ok {
			continue
		}
		resp, ok := op["responses"].(map[string]any)[fmt.Sprint(status)].(map[string]any)
		if !ok {
			t.Errorf("openapi.json does not list status %d for %s %s", status, method, template)
			return nil
		}
		if ref, ok := resp["$ref"].(string); ok {
			r, err := resolveRef(c.root, ref)
			if err != nil {
				t.Fatal(err)
			}
			resp = r.(map[string]any)
		}
		content, _ := resp["content"].(map[string]any)
		media, ok := content["application/json"].(map[string]any)
		if !ok {
			return nil
		}
		return media["schema"].(map[string]any)
	}
	return nil
}
