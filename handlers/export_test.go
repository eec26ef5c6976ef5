package handlers

// Test-only views of the body-limit tables, for handlers_test.
var (
	BodyLimits   = bodyLimits
	UploadRoutes = uploadRoutes
)

// CSVSafe is the exports' guard against spreadsheet formulas, for tests that rebuild a file.
var CSVSafe = csvSafe
