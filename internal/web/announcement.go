package web

import (
	"net/http"
	"strconv"

	"caravan/internal/mail"
	"caravan/internal/mission"
)

// announcementsPage is the data of announcements.html: the mission's
// announcements and, for its organisers, the form that sends one.
type announcementsPage struct {
	Mission       *mission.Mission
	Announcements []*mission.Announcement
	CanSend       bool
	Sent          int // recipients of the announcement just sent, -1 when none
	V             map[string]string
	Errors        fieldErrors
}

// Limits of the announcement form, in characters.
const (
	maxSubject = 200
	maxBody    = 10000
)

// announcementMission returns the mission of the request when the user may
// read its announcements; it answers for the handler and returns nil
// otherwise.
func (s *Server) announcementMission(w http.ResponseWriter, r *http.Request) (*mission.Mission, *mission.User) {
	return s.missionFor(w, r, actAnnouncementRead)
}

func (s *Server) announcementsPage(r *http.Request, u *mission.User, m *mission.Mission) (*announcementsPage, error) {
	list, err := s.db.Announcements(r.Context(), m.ID)
	if err != nil {
		return nil, err
	}
	return &announcementsPage{Mission: m, Announcements: list, CanSend: can(u, actAnnouncementSend, m), Sent: -1,
		V: map[string]string{}, Errors: fieldErrors{}}, nil
}

// handleAnnouncements lists a mission's announcements for its members and
// viewers, with the form that sends one for its organisers.
func (s *Server) handleAnnouncements(w http.ResponseWriter, r *http.Request) {
	m, u := s.announcementMission(w, r)
	if m == nil {
		return
	}
	p, err := s.announcementsPage(r, u, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("sent")); err == nil && n >= 0 {
		p.Sent = n
	}
	s.render(w, r, http.StatusOK, "announcements.html", p)
}

// handleAnnouncementSend stores an organiser's announcement and e-mails it
// to every member of the mission through the outbox, in one transaction.
// Each member gets it in the language of their account, or the sender's.
func (s *Server) handleAnnouncementSend(w http.ResponseWriter, r *http.Request) {
	m, u := s.announcementMission(w, r)
	if m == nil {
		return
	}
	if !can(u, actAnnouncementSend, m) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	fr := s.newFormReader(r)
	a := &mission.Announcement{MissionID: m.ID, CreatedAt: s.now()}
	a.Subject = fr.text("subject", true, maxSubject)
	a.Body = fr.text("body", true, maxBody)
	if u.Person != nil {
		a.AuthorPersonID = u.Person.ID
	}
	from := u.Account.Email
	if u.Person != nil {
		from = u.Person.Name
	}
	link := s.link(r, "/missions/"+strconv.FormatInt(m.ID, 10)+"/announcements")
	var renderErr error
	if fr.ok() {
		err := s.db.SendAnnouncement(r.Context(), a, func(p *mission.Person) *mission.Email {
			lang := ""
			if acc, err := s.db.AccountByPerson(r.Context(), p.ID); err == nil {
				lang = acc.Language
			}
			e, err := s.email(r, lang, p.Email, p.Name, mail.AnnouncementData{Name: p.Name, From: from, Mission: m.Title,
				Subject: a.Subject, Body: a.Body, Link: link})
			if err != nil {
				renderErr = err
				return nil
			}
			return e
		})
		if err == nil && renderErr != nil {
			err = renderErr
		}
		switch {
		case err == nil:
			s.audit(r, u.Account.ID, "announcement.send", "mission", m.ID, "announcement "+strconv.FormatInt(a.ID, 10))
			http.Redirect(w, r, "/missions/"+strconv.FormatInt(m.ID, 10)+"/announcements?sent="+strconv.Itoa(a.Recipients), http.StatusSeeOther)
			return
		case !fr.storeError(err):
			s.fail(w, r, err)
			return
		}
	}
	p, err := s.announcementsPage(r, u, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.V = map[string]string{"subject": a.Subject, "body": a.Body}
	p.Errors = fr.errors
	s.render(w, r, http.StatusUnprocessableEntity, "announcements.html", p)
}

// memberView is what the mission page shows its members beyond the public
// page: the latest announcements and links to the logistics form, the
// announcements, the who's who booklet and whom to meet, each as the
// policy allows.
type memberView struct {
	Announcements []*mission.Announcement // the three newest
	More          bool                    // there are older ones
	CanAnnounce   bool
	CanLogistics  bool
	CanWhosWho    bool
	// CanRecommend: the reader takes part in the mission's matchmaking.
	CanRecommend bool
	// CanFeedback: the reader answers the feedback survey or sets its
	// questions; CanKPI: the reader reads the mission's KPIs and report.
	CanFeedback bool
	CanKPI      bool
	// CanCheckin: the reader checks people in and prints the on-site sheets.
	CanCheckin bool
	// CanRequest: the reader sends and answers meeting requests, or
	// manages them.
	CanRequest bool
}

// memberState returns the member view of the mission for u, or nil when u
// sees none of it.
func (s *Server) memberState(r *http.Request, u *mission.User, m *mission.Mission) (*memberView, error) {
	v := &memberView{CanAnnounce: can(u, actAnnouncementSend, m),
		CanLogistics: can(u, actLogisticsEdit, m) || can(u, actLogisticsRead, m), CanWhosWho: can(u, actWhosWhoRead, m)}
	v.CanRecommend = can(u, actRecommendationsRead, m) &&
		(u.HasMissionRole(m.ID, mission.RoleParticipant) || u.HasMissionRole(m.ID, mission.RoleLocal))
	v.CanFeedback = s.canAnswerFeedback(u, m) || can(u, actFeedbackEdit, m)
	v.CanKPI = can(u, actReportRead, m)
	v.CanCheckin = can(u, actCheckin, m)
	v.CanRequest = can(u, actRequestSend, m) || can(u, actRequestsManage, m)
	read := can(u, actAnnouncementRead, m)
	if !read && !v.CanLogistics && !v.CanWhosWho && !v.CanRecommend {
		return nil, nil
	}
	if read {
		list, err := s.db.Announcements(r.Context(), m.ID)
		if err != nil {
			return nil, err
		}
		if len(list) > 3 {
			list, v.More = list[:3], true
		}
		v.Announcements = list
	}
	return v, nil
}
