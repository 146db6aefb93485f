package web

import "net/http"

// routes returns every route of the application, wrapped in the middleware
// that applies to all of them.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleHome)
	mux.HandleFunc("GET /missions/{id}", s.handleMissionShow)
	mux.HandleFunc("POST /language", s.handleLanguageSet)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /static/", s.handleStatic())

	mux.HandleFunc("GET /api/v1/missions", s.handleAPIMissionList)
	mux.HandleFunc("GET /api/v1/missions/{id}", s.handleAPIMissionShow)
	// The rest of the JSON API (api_*.go); openapi.json documents it.
	mux.HandleFunc("GET /api/v1/openapi.json", s.handleOpenAPI)
	mux.HandleFunc("GET /api/v1/me", s.handleAPIMe)
	mux.HandleFunc("POST /api/v1/missions", s.handleAPIMissionCreate)
	mux.HandleFunc("PATCH /api/v1/missions/{id}", s.handleAPIMissionUpdate)
	mux.HandleFunc("GET /api/v1/missions/{id}/programme", s.handleAPIProgrammeList)
	mux.HandleFunc("POST /api/v1/missions/{id}/programme", s.handleAPIProgrammeCreate)
	mux.HandleFunc("PATCH /api/v1/programme/{id}", s.handleAPIProgrammeUpdate)
	mux.HandleFunc("DELETE /api/v1/programme/{id}", s.handleAPIProgrammeDelete)
	mux.HandleFunc("GET /api/v1/missions/{id}/members", s.handleAPIMemberList)
	mux.HandleFunc("GET /api/v1/organisations", s.handleAPIOrganisationList)
	mux.HandleFunc("GET /api/v1/organisations/{id}", s.handleAPIOrganisationShow)
	mux.HandleFunc("PATCH /api/v1/organisations/{id}", s.handleAPIOrganisationUpdate)
	mux.HandleFunc("POST /api/v1/organisations/{id}/marketplace_items", s.handleAPIMarketplaceCreate)
	mux.HandleFunc("PATCH /api/v1/marketplace_items/{id}", s.handleAPIMarketplaceUpdate)
	mux.HandleFunc("DELETE /api/v1/marketplace_items/{id}", s.handleAPIMarketplaceDelete)

	// Accounts and sessions (account.go, settings.go, admin.go).
	mux.HandleFunc("GET /login", s.handleLoginForm)
	mux.HandleFunc("POST /login", s.handleLogin)
	mux.HandleFunc("POST /logout", s.handleLogout)
	mux.HandleFunc("POST /logout/everywhere", s.handleLogoutEverywhere)
	mux.HandleFunc("GET /settings", s.handleSettings)
	mux.HandleFunc("POST /settings", s.handleSettingsSave)
	mux.HandleFunc("POST /settings/password", s.handlePasswordChange)
	mux.HandleFunc("POST /settings/tokens", s.handleTokenCreate)
	mux.HandleFunc("POST /settings/tokens/{id}/revoke", s.handleTokenRevoke)
	mux.HandleFunc("GET /admin/audit", s.handleAudit)
	mux.HandleFunc("GET /admin/outbox", s.handleOutbox)
	mux.HandleFunc("GET /admin/outbox/{id}", s.handleOutboxShow)
	mux.HandleFunc("GET /register", s.handleRegisterForm)
	mux.HandleFunc("POST /register", s.handleRegister)
	mux.HandleFunc("GET /verify", s.handleVerify)
	mux.HandleFunc("GET /password/forgot", s.handleForgotForm)
	mux.HandleFunc("POST /password/forgot", s.handleForgot)
	mux.HandleFunc("GET /password/reset", s.handleResetForm)
	mux.HandleFunc("POST /password/reset", s.handleReset)
	mux.HandleFunc("GET /invitations/{token}", s.handleInvitationForm)
	mux.HandleFunc("POST /invitations/{token}", s.handleInvitationAccept)
	inviteForm, invite := s.inviteHandlers(s.missionTarget)
	mux.HandleFunc("GET /missions/{id}/invite", inviteForm)
	mux.HandleFunc("POST /missions/{id}/invite", invite)
	inviteForm, invite = s.inviteHandlers(s.consortiumTarget)
	mux.HandleFunc("GET /consortia/{id}/invite", inviteForm)
	mux.HandleFunc("POST /consortia/{id}/invite", invite)

	// Pages of organisers, hosts, participants and local companies
	// (missionedit.go, programme.go, me.go, locals.go, directory.go,
	// search.go, recommendation.go, profile.go).
	mux.HandleFunc("GET /dashboard", s.handleDashboard)
	mux.HandleFunc("GET /missions/new", s.handleMissionNew)
	mux.HandleFunc("POST /missions", s.handleMissionCreate)
	mux.HandleFunc("GET /missions/{id}/edit", s.handleMissionEdit)
	mux.HandleFunc("POST /missions/{id}", s.handleMissionUpdate)
	mux.HandleFunc("POST /missions/{id}/delete", s.handleMissionDelete)
	mux.HandleFunc("GET /missions/{id}/programme", s.handleProgrammeEdit)
	mux.HandleFunc("POST /missions/{id}/programme", s.handleProgrammeCreate)
	mux.HandleFunc("POST /programme/{id}", s.handleProgrammeUpdate)
	mux.HandleFunc("POST /programme/{id}/delete", s.handleProgrammeDelete)
	mux.HandleFunc("GET /me/missions", s.handleMyMissions)
	mux.HandleFunc("GET /me/agenda", s.handleMyAgenda)
	mux.HandleFunc("GET /missions/{id}/locals", s.handleLocals)
	mux.HandleFunc("POST /missions/{id}/locals", s.handleLocalAdd)
	mux.HandleFunc("GET /directory", s.handleDirectory)
	mux.HandleFunc("GET /search", s.handleSearch)
	mux.HandleFunc("GET /missions/{id}/recommendations", s.handleRecommendations)
	mux.HandleFunc("GET /organisations/{id}", s.handleOrganisation)
	mux.HandleFunc("GET /me/organisation", s.handleMyOrganisation)
	mux.HandleFunc("POST /me/organisation", s.handleMyOrganisationSave)
	mux.HandleFunc("POST /me/organisation/items", s.handleMarketCreate)
	mux.HandleFunc("POST /marketplace/{id}", s.handleMarketUpdate)
	mux.HandleFunc("POST /marketplace/{id}/delete", s.handleMarketDelete)

	// Meeting requests and availability (request.go, availability.go).
	mux.HandleFunc("GET /missions/{id}/requests", s.handleRequestList)
	mux.HandleFunc("POST /missions/{id}/requests", s.handleRequestSend)
	mux.HandleFunc("POST /missions/{id}/matchmaking", s.handleMatchmakingSave)
	mux.HandleFunc("POST /requests/{id}/answer", s.handleRequestAnswer)
	mux.HandleFunc("POST /requests/{id}/cancel", s.handleRequestCancel)
	mux.HandleFunc("POST /requests/{id}/withdraw", s.handleRequestWithdraw)
	mux.HandleFunc("GET /missions/{id}/availability", s.handleAvailability)
	mux.HandleFunc("POST /missions/{id}/availability", s.handleAvailabilityBlock)
	mux.HandleFunc("POST /missions/{id}/availability/{block}/delete", s.handleAvailabilityUnblock)

	// Sign-ups, calendars and printable agendas (signup.go, ical.go, pdf.go).
	mux.HandleFunc("POST /programme/{id}/signup", s.handleSignup)
	mux.HandleFunc("POST /programme/{id}/cancel", s.handleSignupCancel)
	mux.HandleFunc("GET /programme/{id}/signups", s.handleSignupList)
	mux.HandleFunc("POST /programme/{id}/signups", s.handleSignupPlace)
	mux.HandleFunc("POST /programme/{id}/signups/{person}/remove", s.handleSignupRemove)
	mux.HandleFunc("GET /programme/{id}/event.ics", s.handleItemCalendar)
	mux.HandleFunc("POST /me/calendar", s.handleCalendarFeedCreate)
	mux.HandleFunc("POST /me/calendar/revoke", s.handleCalendarFeedRevoke)
	mux.HandleFunc("GET /ical/{file}", s.handleCalendarFeed)
	mux.HandleFunc("GET /me/agenda.pdf", s.handleAgendaPDF)
	mux.HandleFunc("GET /missions/{id}/programme.pdf", s.handleProgrammePDF)

	// Logistics, announcements and the who's who of a mission (logistics.go,
	// letter.go, announcement.go, whoswho.go); individual exchanges and their
	// Commitment to Quality (exchange.go, quality.go).
	mux.HandleFunc("GET /missions/{id}/logistics", s.handleLogistics)
	mux.HandleFunc("POST /missions/{id}/logistics", s.handleLogisticsSave)
	mux.HandleFunc("GET /missions/{id}/letter.pdf", s.handleLetter)
	mux.HandleFunc("GET /missions/{id}/announcements", s.handleAnnouncements)
	mux.HandleFunc("POST /missions/{id}/announcements", s.handleAnnouncementSend)
	mux.HandleFunc("GET /missions/{id}/whoswho.pdf", s.handleWhosWho)
	mux.HandleFunc("GET /exchanges", s.handleExchanges)
	mux.HandleFunc("GET /exchanges/new", s.handleOfferNew)
	mux.HandleFunc("POST /exchanges", s.handleOfferCreate)
	mux.HandleFunc("GET /exchange-offers/{id}", s.handleOffer)
	mux.HandleFunc("POST /exchange-offers/{id}/apply", s.handleOfferApply)
	mux.HandleFunc("GET /exchanges/{id}", s.handleExchange)
	mux.HandleFunc("POST /exchanges/{id}/confirm", s.handleExchangeConfirm)
	mux.HandleFunc("POST /exchanges/{id}/goals", s.handleExchangeGoals)
	mux.HandleFunc("POST /exchanges/{id}/sign", s.handleExchangeSign)
	mux.HandleFunc("GET /exchanges/{id}/commitment.pdf", s.handleCommitmentPDF)

	// Calls, applications and selection (call.go, apply.go, selection.go,
	// ruleset.go).
	mux.HandleFunc("GET /missions/{id}/call", s.handleCallEdit)
	mux.HandleFunc("POST /missions/{id}/call", s.handleCallSave)
	mux.HandleFunc("GET /missions/{id}/apply", s.handleApplyForm)
	mux.HandleFunc("POST /missions/{id}/apply", s.handleApply)
	mux.HandleFunc("GET /me/applications", s.handleMyApplications)
	mux.HandleFunc("POST /applications/{id}/withdraw", s.handleWithdraw)
	mux.HandleFunc("POST /applications/{id}/confirm", s.handleConfirm)
	mux.HandleFunc("GET /missions/{id}/applications", s.handleSelection)
	mux.HandleFunc("POST /missions/{id}/applications", s.handleDecide)
	mux.HandleFunc("POST /missions/{id}/applications/recheck", s.handleRecheck)
	mux.HandleFunc("POST /applications/{id}/score", s.handleScore)
	mux.HandleFunc("GET /admin/rule-sets", s.handleRuleSets)
	mux.HandleFunc("GET /admin/rule-sets/{id}", s.handleRuleSetEdit)
	mux.HandleFunc("POST /admin/rule-sets/{id}", s.handleRuleSetSave)

	// Grants and travel budgets (grant.go, budget.go).
	mux.HandleFunc("GET /admin/grant-rule-sets", s.handleGrantRuleSets)
	mux.HandleFunc("GET /admin/grant-rule-sets/{id}", s.handleGrantRuleSetEdit)
	mux.HandleFunc("POST /admin/grant-rule-sets/{id}", s.handleGrantRuleSetSave)
	mux.HandleFunc("GET /missions/{id}/grants", s.handleGrants)
	mux.HandleFunc("POST /missions/{id}/grants", s.handleGrantCommit)
	mux.HandleFunc("POST /missions/{id}/grants/rule-set", s.handleGrantRuleSetPick)
	mux.HandleFunc("POST /grants/{id}/override", s.handleGrantOverride)
	mux.HandleFunc("GET /consortia/{id}/budget", s.handleBudget)

	// Closing reports, evidence, review and payments (claim.go,
	// claim_review.go, payment.go).
	mux.HandleFunc("GET /missions/{id}/closing-report", s.handleClaim)
	mux.HandleFunc("POST /missions/{id}/closing-report", s.handleClaimSave)
	mux.HandleFunc("POST /missions/{id}/closing-report/evidence", s.handleEvidenceUpload)
	mux.HandleFunc("POST /missions/{id}/closing-report/bank", s.handleBankAccount)
	mux.HandleFunc("GET /evidence/{id}", s.handleEvidenceDownload)
	mux.HandleFunc("POST /evidence/{id}/delete", s.handleEvidenceDelete)
	mux.HandleFunc("GET /missions/{id}/claims", s.handleClaims)
	mux.HandleFunc("POST /claims/{id}/approve", s.handleClaimApprove)
	mux.HandleFunc("POST /claims/{id}/send-back", s.handleClaimSendBack)
	mux.HandleFunc("GET /consortia/{id}/payments", s.handlePayments)
	mux.HandleFunc("POST /consortia/{id}/payments", s.handlePaymentsMark)
	mux.HandleFunc("GET /consortia/{id}/payments/export", s.handlePaymentsExport)
	mux.HandleFunc("POST /consortia/{id}/claim-settings", s.handleClaimSettings)

	// On site: check-in, badges, attendance lists and table sheets
	// (checkin.go, badge.go, sheets.go).
	mux.HandleFunc("GET /missions/{id}/checkin", s.handleCheckin)
	mux.HandleFunc("POST /missions/{id}/checkin", s.handleCheckinSave)
	mux.HandleFunc("POST /missions/{id}/checkins/{checkin}/undo", s.handleCheckinUndo)
	mux.HandleFunc("GET /missions/{id}/badge.pdf", s.handleBadgeOwn)
	mux.HandleFunc("GET /missions/{id}/badges.pdf", s.handleBadges)
	mux.HandleFunc("GET /missions/{id}/attendance.pdf", s.handleMissionAttendance)
	mux.HandleFunc("GET /programme/{id}/attendance.pdf", s.handleItemAttendance)
	mux.HandleFunc("GET /programme/{id}/tables.pdf", s.handleTableSheets)

	// Import and export of participants, organisations, the programme and
	// applications (import.go, export.go).
	mux.HandleFunc("GET /missions/{id}/import", s.handleImportForm)
	mux.HandleFunc("POST /missions/{id}/import", s.handleImportUpload)
	mux.HandleFunc("GET /imports/{id}", s.handleImportShow)
	mux.HandleFunc("POST /imports/{id}", s.handleImportConfirm)
	mux.HandleFunc("GET /missions/{id}/export", s.handleExport)
	// The B2B schedule: sessions, the scheduling job, previews, manual
	// changes and publishing (schedule.go, schedule_preview.go).
	mux.HandleFunc("GET /missions/{id}/schedule", s.handleSchedule)
	mux.HandleFunc("POST /missions/{id}/schedule/settings", s.handleScheduleSettings)
	mux.HandleFunc("POST /missions/{id}/schedule/sessions/{item}", s.handleScheduleSession)
	mux.HandleFunc("POST /missions/{id}/schedule/generate", s.handleScheduleGenerate)
	mux.HandleFunc("POST /missions/{id}/schedule/repair", s.handleScheduleRepair)
	mux.HandleFunc("GET /missions/{id}/schedule/runs/{run}", s.handleScheduleRun)
	mux.HandleFunc("POST /missions/{id}/schedule/runs/{run}/move", s.handleScheduleMove)
	mux.HandleFunc("POST /missions/{id}/schedule/runs/{run}/swap", s.handleScheduleSwap)
	mux.HandleFunc("POST /missions/{id}/schedule/runs/{run}/cancel", s.handleScheduleCancel)
	mux.HandleFunc("POST /missions/{id}/schedule/runs/{run}/publish", s.handleSchedulePublish)

	// The public story of a mission and the consent to be named in it (story.go).
	mux.HandleFunc("GET /missions/{id}/story", s.handleStoryShow)
	mux.HandleFunc("GET /missions/{id}/story/edit", s.handleStoryEdit)
	mux.HandleFunc("POST /missions/{id}/story", s.handleStorySave)
	mux.HandleFunc("POST /missions/{id}/story/draft", s.handleStoryDraft)
	mux.HandleFunc("POST /missions/{id}/story/publish", s.handleStoryPublish)
	mux.HandleFunc("POST /missions/{id}/story/unpublish", s.handleStoryUnpublish)
	mux.HandleFunc("POST /settings/public-mention", s.handleMentionConsent)

	// Meeting outcomes, the feedback survey, KPIs and the mission report
	// (outcome.go, feedback.go, kpi.go, kpi_report.go).
	mux.HandleFunc("GET /missions/{id}/meetings/{meeting}/outcome", s.handleOutcomeForm)
	mux.HandleFunc("POST /missions/{id}/meetings/{meeting}/outcome", s.handleOutcomeSave)
	mux.HandleFunc("GET /missions/{id}/feedback", s.handleFeedback)
	mux.HandleFunc("POST /missions/{id}/feedback", s.handleFeedbackSave)
	mux.HandleFunc("POST /missions/{id}/feedback/questions", s.handleFeedbackQuestions)
	mux.HandleFunc("GET /missions/{id}/kpi", s.handleMissionKPI)
	mux.HandleFunc("GET /missions/{id}/kpi/export", s.handleMissionKPIExport)
	mux.HandleFunc("GET /api/v1/missions/{id}/kpi", s.handleAPIMissionKPI)
	mux.HandleFunc("GET /missions/{id}/report.pdf", s.handleMissionReport)
	mux.HandleFunc("GET /consortia/{id}/kpi", s.handleConsortiumKPI)
	mux.HandleFunc("POST /consortia/{id}/kpi/targets", s.handleConsortiumTargets)
	mux.HandleFunc("GET /consortia/{id}/kpi/export", s.handleConsortiumKPIExport)

	// Cross-origin protection refuses cross-site state-changing requests
	// (everything but GET, HEAD and OPTIONS) with 403, for every route.
	var h http.Handler = s.errorPages(mux)
	h = s.authenticate(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = limitBody(h)
	h = securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.accessLog(h)
	return h
}
