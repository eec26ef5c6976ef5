package handlers

// Test-only views of the body-limit tables, for handlers_test.
var (
	BodyLimits   = bodyLimits
	UploadRoutes = uploadRoutes
)
