package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountImport registers the HR import pages (admin only, guarded by the caller).
// Upload → preview (every bad row, or who is created and updated) → confirm.
// The uploaded file waits in the database (import_batches) between preview and confirm.
func (h *Handler) mountImport(r chi.Router) {
	r.Get("/import", h.showImport)
	r.Post("/import", h.uploadImport)
	r.Get("/import/{id}", h.showImportPreview)
	r.Post("/import/{id}/confirm", h.confirmImport)
}

func (h *Handler) showImport(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, views.ImportPage(views.ImportData{}))
}

// fileProblem is a problem with the upload as a whole, shown next to the file field.
func fileProblem(code, arg string) *store.ValidationError {
	return &store.ValidationError{Problems: []store.Problem{{Field: "file", Code: code, Arg: arg}}}
}

func (h *Handler) uploadImport(w http.ResponseWriter, r *http.Request) {
	content, ok, err := readUpload(r, "file")
	if !ok {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			// 413, with the form and the size allowed next to the file field.
			p := store.Problem{Field: "file", Code: "file_too_large", Arg: strconv.Itoa(store.MaxImportBytes >> 20)}
			h.render(w, r, http.StatusRequestEntityTooLarge, views.ImportPage(views.ImportData{Errors: views.FieldErrors{"file": p}}))
			return
		case err != nil: // a form no browser sends
			h.log.Info("import upload refused", "err", err)
		}
		h.renderImportProblems(w, r, fileProblem("required", ""))
		return
	}
	inputs, err := store.ParsePeopleCSV(bytes.NewReader(content))
	if err == nil {
		_, err = h.store.PreviewPeople(r.Context(), inputs, 2)
	}
	if err != nil {
		h.renderImportProblems(w, r, err)
		return
	}
	id, err := h.store.SaveImportBatch(r.Context(), me(r).ID, content)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/admin/import/%d", id))
}

// renderImportProblems shows the upload form again (422): problems with the whole file
// next to the file field, problems with rows in a table with their row numbers.
func (h *Handler) renderImportProblems(w http.ResponseWriter, r *http.Request, err error) {
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		h.fail(w, r, err)
		return
	}
	d := views.ImportData{Errors: views.FieldErrors{}, Total: verr.Total()}
	for _, p := range verr.Problems {
		if p.Row == 0 && p.Field == "file" {
			d.Errors["file"] = p
			continue
		}
		d.Problems = append(d.Problems, p)
	}
	h.render(w, r, http.StatusUnprocessableEntity, views.ImportPage(d))
}

func (h *Handler) importBatch(w http.ResponseWriter, r *http.Request) (store.ImportBatch, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		h.fail(w, r, store.ErrNotFound)
		return store.ImportBatch{}, false
	}
	b, err := h.store.ImportBatchByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		h.flash(w, "error", "import.gone", "")
		redirect(w, r, "/admin/import")
		return b, false
	}
	if err != nil {
		h.fail(w, r, err)
		return b, false
	}
	return b, true
}

func (h *Handler) showImportPreview(w http.ResponseWriter, r *http.Request) {
	b, ok := h.importBatch(w, r)
	if !ok {
		return
	}
	inputs, err := store.ParsePeopleCSV(bytes.NewReader(b.Content))
	var pv store.ImportPreview
	if err == nil {
		pv, err = h.store.PreviewPeople(r.Context(), inputs, 2)
	}
	if err != nil {
		// The database changed since the upload (a manager was removed, an email taken).
		h.renderImportProblems(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.ImportPage(views.ImportData{BatchID: b.ID, Preview: pv}))
}

func (h *Handler) confirmImport(w http.ResponseWriter, r *http.Request) {
	b, ok := h.importBatch(w, r)
	if !ok {
		return
	}
	res, err := h.store.ConfirmImportBatch(r.Context(), me(r).ID, b.ID)
	if errors.Is(err, store.ErrNotFound) {
		h.flash(w, "error", "import.gone", "")
		redirect(w, r, "/admin/import")
		return
	}
	if err != nil {
		h.renderImportProblems(w, r, err)
		return
	}
	l := h.locale(r)
	h.flash(w, "success", "import.done", l.T("import.done_counts", l.Num(len(res.Created)), l.Num(len(res.Updated))))
	redirect(w, r, "/admin/people")
}
