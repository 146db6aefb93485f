package web

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes the /api/v1 JSON API in OpenAPI 3.1. It is
// written by hand; TestOpenAPI keeps its paths equal to the routes and
// checks real answers against its schemas.
//
//go:embed openapi.json
var openAPIDocument []byte

// handleOpenAPI answers GET /api/v1/openapi.json, publicly.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(openAPIDocument)
}
