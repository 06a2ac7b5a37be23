package review

import "context"

// redactXLSX is not written yet.
func (r *Reader) redactXLSX(ctx context.Context, data []byte, doc *Document, plan *Plan, clean CleanOptions) (*redacted, error) {
	return nil, ErrRedactFormat
}
