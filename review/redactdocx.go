package review

import "context"

// redactDOCX is not written yet.
func (r *Reader) redactDOCX(ctx context.Context, data []byte, doc *Document, plan *Plan, clean CleanOptions) (*redacted, error) {
	return nil, ErrRedactFormat
}
