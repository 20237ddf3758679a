package report

import "encoding/json"

// JSON renders the report as indented JSON with the stable snake_case field
// names documented in docs/export.md. It is the same in every language:
// phases, roles, severities and event kinds are their keys, times are RFC 3339
// in UTC and durations are whole seconds.
func (r *Report) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
