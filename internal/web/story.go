package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"caravan/internal/mission"
	"caravan/internal/story"
)

// The public story of a mission (docs/adr/0028-mission-stories.md): its
// organisers draft it from the mission's data (internal/story), edit and
// publish it; published, it is a public page beside the mission's.

// storyOf is a story seen with its mission, for actStoryRead.
type storyOf struct {
	Story   *mission.Story
	Mission *mission.Mission
}

// storyPage is the data of story.html.
type storyPage struct {
	Mission *mission.Mission
	Story   *mission.Story
	Blocks  []story.Block
	CanEdit bool
}

// storyEditPage is the data of story_edit.html: the story as stored (nil
// when there is none), the form's values and messages, and the history.
type storyEditPage struct {
	Mission   *mission.Mission
	Story     *mission.Story
	Form      mission.Story
	Errors    fieldErrors
	Notice    string
	Languages []string
	History   []storyEvent
}

// storyEvent is one line of a story's history: when, what (a catalogue
// id, "story.history.story_published") and by whom.
type storyEvent struct {
	At      time.Time
	LabelID string
	Email   string
}

// storyLink is what the mission page shows of the story: a link to read
// it when it is published, and to manage it for its organisers.
type storyLink struct {
	Published bool
	CanEdit   bool
}

// storyState returns the mission page's story link for u, or nil when
// there is nothing to show.
func (s *Server) storyState(r *http.Request, u *mission.User, m *mission.Mission) (*storyLink, error) {
	link := &storyLink{CanEdit: can(u, actStoryEdit, m)}
	st, err := s.db.Story(r.Context(), m.ID)
	switch {
	case err == nil:
		link.Published = st.Published() && can(u, actStoryRead, storyOf{st, m})
	case mission.ErrorCode(err) != mission.ENOTFOUND:
		return nil, err
	}
	if !link.Published && !link.CanEdit {
		return nil, nil
	}
	return link, nil
}

// handleStoryShow renders a mission's story: public when published and the
// mission is visible; a draft only to the mission's organisers and admins,
// 404 to anyone else.
func (s *Server) handleStoryShow(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r, "mission")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := s.user(r)
	m, err := s.visibleMission(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.db.Story(r.Context(), m.ID)
	if mission.ErrorCode(err) == mission.ENOTFOUND || (err == nil && !can(u, actStoryRead, storyOf{st, m})) {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_story", "id", strconv.FormatInt(id, 10)))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "story.html", storyPage{Mission: m, Story: st, Blocks: story.Blocks(st.Body),
		CanEdit: can(u, actStoryEdit, m)})
}

// handleStoryEdit shows the organisers' story page: draft, edit, publish.
func (s *Server) handleStoryEdit(w http.ResponseWriter, r *http.Request) {
	m, _ := s.editableMission(w, r, actStoryEdit)
	if m == nil {
		return
	}
	page := storyEditPage{Mission: m}
	l := s.localizer(r)
	switch r.URL.Query().Get("done") {
	case "saved":
		page.Notice = l.T("story.saved_notice")
	case "drafted":
		page.Notice = l.T("story.drafted_notice")
	case "published":
		page.Notice = l.T("story.published_notice")
	case "unpublished":
		page.Notice = l.T("story.unpublished_notice")
	}
	s.renderStoryEdit(w, r, http.StatusOK, page)
}

// renderStoryEdit fills the stored story, the form (unless the page has
// one), the languages and the history, and renders story_edit.html.
func (s *Server) renderStoryEdit(w http.ResponseWriter, r *http.Request, status int, page storyEditPage) {
	ctx := r.Context()
	st, err := s.db.Story(ctx, page.Mission.ID)
	if err != nil && mission.ErrorCode(err) != mission.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	page.Story = st
	if page.Form.Title == "" && page.Errors == nil && st != nil {
		page.Form = *st
	}
	if page.Form.Language == "" {
		page.Form.Language = s.storyLanguage(r, page.Mission)
	}
	for _, tag := range s.bundle.Languages() {
		page.Languages = append(page.Languages, tag.String())
	}
	history, err := s.db.StoryHistory(ctx, page.Mission.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, e := range history {
		page.History = append(page.History, storyEvent{At: e.At, LabelID: "story.history." + strings.ReplaceAll(e.Action, ".", "_"),
			Email: e.AccountEmail})
	}
	s.render(w, r, status, "story_edit.html", page)
}

// storyLanguage is the language a new draft is written in by default: the
// host country's when the catalogue has it (a Spanish mission's story in
// Spanish), else the organiser's page language.
func (s *Server) storyLanguage(r *http.Request, m *mission.Mission) string {
	hostLanguages := map[string]string{"ES": "es", "GB": "en", "IE": "en", "MT": "en"}
	if lang, ok := hostLanguages[m.HostCountry]; ok && s.hasLanguage(lang) {
		return lang
	}
	return s.localizer(r).Lang()
}

// handleStoryDraft writes a new draft from the mission's data in the
// chosen language. Replacing an existing story's text asks first.
func (s *Server) handleStoryDraft(w http.ResponseWriter, r *http.Request) {
	m, u := s.editableMission(w, r, actStoryEdit)
	if m == nil {
		return
	}
	ctx := r.Context()
	lang := r.FormValue("language") // the confirmation step passes it in the query
	if !s.hasLanguage(lang) {
		page := storyEditPage{Mission: m, Errors: fieldErrors{"draft_language": s.localizer(r).T("error.unknown_language")}}
		s.renderStoryEdit(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	path := "/missions/" + strconv.FormatInt(m.ID, 10) + "/story"
	if _, err := s.db.Story(ctx, m.ID); err == nil && r.PostFormValue("confirm") != "yes" {
		l := s.localizer(r)
		s.render(w, r, http.StatusOK, "confirm.html", confirmPage{Title: l.T("story.redraft"),
			Question: l.T("story.redraft_warning"), Action: path + "/draft?language=" + lang, Back: path + "/edit"})
		return
	} else if err != nil && mission.ErrorCode(err) != mission.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	facts, err := s.db.StoryFacts(ctx, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st := story.Draft(s.bundle.Localizer(lang), facts)
	st.UpdatedBy = personID(u)
	if err := s.db.SaveStory(ctx, st, s.storyAudit(r, u, mission.AuditStoryDrafted)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, path+"/edit?done=drafted", http.StatusSeeOther)
}

// storyAudit is the audit entry of u's change to a story now.
func (s *Server) storyAudit(r *http.Request, u *mission.User, action string) mission.AuditEntry {
	return mission.AuditEntry{At: s.now(), AccountID: u.Account.ID, Action: action, IP: s.clientIP(r)}
}

// handleStorySave stores the organiser's edit of the story; invalid input
// re-renders the form with 422 and the message next to its field.
func (s *Server) handleStorySave(w http.ResponseWriter, r *http.Request) {
	m, u := s.editableMission(w, r, actStoryEdit)
	if m == nil {
		return
	}
	fr := s.newFormReader(r)
	st := mission.Story{MissionID: m.ID, UpdatedBy: personID(u),
		Title: fr.text("title", true, mission.MaxStoryTitle),
		Lead:  fr.text("lead", false, mission.MaxStoryLead),
		Body:  fr.text("body", false, mission.MaxStoryBody),
	}
	if st.Language = r.PostFormValue("language"); !s.hasLanguage(st.Language) {
		fr.fail("language", "error.unknown_language")
	}
	if fr.ok() {
		err := s.db.SaveStory(r.Context(), &st, s.storyAudit(r, u, mission.AuditStorySaved))
		if err == nil {
			http.Redirect(w, r, "/missions/"+strconv.FormatInt(m.ID, 10)+"/story/edit?done=saved", http.StatusSeeOther)
			return
		}
		if !fr.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	s.renderStoryEdit(w, r, http.StatusUnprocessableEntity, storyEditPage{Mission: m, Form: st, Errors: fr.errors})
}

// handleStoryPublish makes the story public; the mission must be.
func (s *Server) handleStoryPublish(w http.ResponseWriter, r *http.Request) {
	s.storyPublish(w, r, true)
}

// handleStoryUnpublish takes the story back to a draft.
func (s *Server) handleStoryUnpublish(w http.ResponseWriter, r *http.Request) {
	s.storyPublish(w, r, false)
}

func (s *Server) storyPublish(w http.ResponseWriter, r *http.Request, publish bool) {
	m, u := s.editableMission(w, r, actStoryEdit)
	if m == nil {
		return
	}
	action, done := mission.AuditStoryUnpublished, "unpublished"
	if publish {
		action, done = mission.AuditStoryPublished, "published"
	}
	_, err := s.db.PublishStory(r.Context(), m.ID, publish, personID(u), s.storyAudit(r, u, action))
	switch mission.ErrorCode(err) {
	case "":
	case mission.ENOTFOUND:
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_story", "id", strconv.FormatInt(m.ID, 10)))
		return
	case mission.ECONFLICT:
		s.fail(w, r, userError(mission.ECONFLICT, "story.publish_needs_mission"))
		return
	default:
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/missions/"+strconv.FormatInt(m.ID, 10)+"/story/edit?done="+done, http.StatusSeeOther)
}

// handleMentionConsent saves the signed-in person's consent to be named,
// with their organisation, in public stories (the checkbox "consent").
func (s *Server) handleMentionConsent(w http.ResponseWriter, r *http.Request) {
	u := s.settingsUser(w, r)
	if u == nil {
		return
	}
	if u.Person == nil {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	consent := r.PostFormValue("consent") == "yes"
	by := mission.AuditEntry{At: s.now(), AccountID: u.Account.ID, IP: s.clientIP(r)}
	if err := s.db.SetPublicMention(r.Context(), u.Person.ID, consent, by); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings?done=saved", http.StatusSeeOther)
}

// personID is the id of u's person, 0 for an account without one.
func personID(u *mission.User) int64 {
	if u.Person == nil {
		return 0
	}
	return u.Person.ID
}
